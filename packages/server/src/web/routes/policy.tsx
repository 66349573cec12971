// The Policy page: the compliance thresholds, which a system admin can change.
import type { FastifyInstance } from 'fastify';
import { assertAllowed, canEditPolicy } from '../../domain/policy.ts';
import { getPolicy, POLICY_FIELDS, updatePolicy, type PolicySettings } from '../../domain/review/settings.ts';
import { requireUser } from '../../kit/auth.ts';
import { Button, Csrf, ErrorSummary, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { formBody, formErrors } from './forms.ts';

function PolicyPage({ ctx, values, errors, message }: { ctx: PageContext; values: Record<string, string>; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="Policy">
      <h1>Policy settings</h1>
      <p class="usa-intro">The thresholds of the compliance rules run when a request is submitted and shown to reviewers. Changes apply to the next check of every request.</p>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action="/admin/policy" novalidate>
        <Csrf token={ctx.csrf} />
        {POLICY_FIELDS.map((f) => (
          <TextInput key={f.key} name={f.key} label={f.label} hint={`${f.hint} Allowed: ${f.min}–${f.max}.`} inputMode="numeric" value={values[f.key]} error={errors[f.key]} />
        ))}
        <Button>Save policy</Button>
      </form>
    </Page>
  );
}

const asStrings = (p: PolicySettings) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

export function registerPolicyPages(app: FastifyInstance): void {
  app.get('/admin/policy', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canEditPolicy(actor), 'Only system administrators can change policy settings.');
    return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={asStrings(await getPolicy(app.laurel.deps))} errors={{}} />);
  });
  app.post('/admin/policy', async (req, reply) => {
    const actor = requireUser(req);
    const body = formBody(req);
    try {
      await updatePolicy(app.laurel.deps, actor, body);
      return redirectWithFlash(reply, '/admin/policy', { kind: 'success', message: 'Policy settings saved.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const values = { ...asStrings(await getPolicy(app.laurel.deps)), ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v ?? '')])) };
      return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={values} errors={fields} message={message} />, 422);
    }
  });
}
