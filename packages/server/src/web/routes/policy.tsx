// The Policy page's routes: show the compliance thresholds, and save them (system admins).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getPolicySettings } from '../../domain/review/get-policy-settings.ts';
import { updatePolicy, type PolicySettings } from '../../domain/review/settings.ts';
import { requireUser } from '../../kit/auth.ts';
import { PolicyPage } from '../pages/policy/policy-page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { formErrors } from './forms.ts';
import { FormPost } from './requests/schemas.ts';

const asStrings = (p: PolicySettings) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

export function registerPolicyPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/admin/policy', async (req, reply) => {
    const actor = requireUser(req);
    return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={asStrings(await getPolicySettings(app.laurel.deps, actor))} errors={{}} />);
  });
  app.post('/admin/policy', { schema: { body: FormPost } }, async (req, reply) => {
    const actor = requireUser(req);
    const body = req.body ?? {};
    try {
      await updatePolicy(app.laurel.deps, actor, body);
      return redirectWithFlash(reply, '/admin/policy', { kind: 'success', message: 'Policy settings saved.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const values = { ...asStrings(await getPolicySettings(app.laurel.deps, actor)), ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v ?? '')])) };
      return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={values} errors={fields} message={message} />, 422);
    }
  });
}
