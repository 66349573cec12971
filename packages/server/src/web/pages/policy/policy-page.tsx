// The Policy page: the compliance thresholds, which a system admin can change.
import { POLICY_FIELDS } from '../../../domain/review/settings.ts';
import { Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function PolicyPage({ ctx, values, errors, message, mfaRequired }: { ctx: PageContext; values: Record<string, string>; errors: Record<string, string>; message?: string | undefined; mfaRequired: boolean }) {
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
      <h2 class="margin-top-5">Sign-in</h2>
      <form class="usa-form usa-form--large" method="post" action="/admin/policy/mfa" novalidate>
        <Csrf token={ctx.csrf} />
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">Require two-step verification for Regents roles, system administrators and institution administrators</legend>
          <div class="usa-radio">
            <input class="usa-radio__input" id="mfa-required-yes" type="radio" name="mfa_required" value="yes" checked={mfaRequired} />
            <label class="usa-radio__label" for="mfa-required-yes">
              Required: they set it up at their next sign-in and cannot turn it off
            </label>
          </div>
          <div class="usa-radio">
            <input class="usa-radio__input" id="mfa-required-no" type="radio" name="mfa_required" value="no" checked={!mfaRequired} />
            <label class="usa-radio__label" for="mfa-required-no">
              Optional: each person chooses on their account page
            </label>
          </div>
        </fieldset>
        <Button>Save sign-in policy</Button>
      </form>
    </Page>
  );
}
