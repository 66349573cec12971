// The Policy page's routes: show the compliance thresholds, and save them (system admins).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getPolicySettings } from '../../domain/review/get-policy-settings.ts';
import { updatePolicy, type PolicySettings } from '../../domain/review/settings.ts';
import { requireUser } from '../../kit/auth.ts';
import { PolicyPage } from '../pages/policy/policy-page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { field, formErrors } from './forms.ts';
import { FormFields } from '../schemas.ts';
import { getMfaRequirement, setMfaRequirement } from '../../domain/accounts/manage-mfa.ts';
import { FormPost } from './requests/schemas.ts';

const asStrings = (p: PolicySettings) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

export function registerPolicyPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/admin/policy', async (req, reply) => {
    const actor = requireUser(req);
    return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={asStrings(await getPolicySettings(app.laurel.deps, actor))} errors={{}} mfaRequired={await getMfaRequirement(app.laurel.deps)} />);
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
      return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={values} errors={fields} message={message} mfaRequired={await getMfaRequirement(app.laurel.deps)} />, 422);
    }
  });
  app.post('/admin/policy/mfa', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const choice = field(req.body, 'mfa_required');
    if (choice !== 'yes' && choice !== 'no') {
      const values = asStrings(await getPolicySettings(app.laurel.deps, actor));
      const errors = { mfa_required: 'Choose required or optional.' };
      return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={values} errors={errors} mfaRequired={await getMfaRequirement(app.laurel.deps)} />, 422);
    }
    await setMfaRequirement(app.laurel.deps, actor, { required: choice === 'yes' });
    return redirectWithFlash(reply, '/admin/policy', { kind: 'success', message: 'Sign-in policy saved.' });
  });
}
