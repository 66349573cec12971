// Two-step verification (TOTP): the section on the account page, enrolment, recovery codes, turning off.
import type { MfaEnrolment, MfaStatus } from '../../../domain/accounts/enrol-mfa.ts';
import { ActionForm, Alert, Button, Csrf, ErrorSummary, formatDate, TextInput } from '../../components/ui.tsx';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const ACCOUNT = [{ href: '/account', label: 'Your account' }];

export function TwoStepSection({ status }: { status: MfaStatus }) {
  return (
    <section aria-labelledby="two-step-h" class="margin-top-5">
      <h2 id="two-step-h">Two-step verification</h2>
      {status.enabled ? (
        <>
          <p>
            On since {formatDate(status.enabledAt)}. Signing in asks for a code from your authenticator app. Unused recovery codes: {status.recoveryCodesLeft} of 10.
          </p>
          <div class="laurel-actions">
            <a class="usa-button usa-button--outline" href="/account/two-step/recovery-codes">
              Get new recovery codes
            </a>
            {status.required && status.passkeys === 0 ? null : (
              <a class="usa-button usa-button--outline" href="/account/two-step/disable">
                {status.passkeys > 0 ? 'Remove the authenticator app' : 'Turn off two-step verification'}
              </a>
            )}
          </div>
          {status.required && status.passkeys === 0 ? <p class="usa-hint">Your roles require two-step verification, so it cannot be turned off.</p> : null}
        </>
      ) : (
        <>
          {status.passkeys > 0 ? (
            <p>On with {status.passkeys === 1 ? 'a passkey' : `${status.passkeys} passkeys`} (see Passkeys below). You can also add an authenticator app, for when you do not have your passkey with you.</p>
          ) : (
            <p>Off. With it on, signing in also asks for a 6-digit code from an authenticator app on your phone, or for a passkey.{status.required ? ' Your roles require it.' : ''}</p>
          )}
          <a class={`usa-button${status.passkeys > 0 ? ' usa-button--outline' : ''}`} href="/account/two-step/enrol">
            {status.passkeys > 0 ? 'Add an authenticator app' : 'Set up two-step verification'}
          </a>
        </>
      )}
    </section>
  );
}

export function EnrolPage({ ctx, enrolment, required, code, errors }: { ctx: PageContext; enrolment: MfaEnrolment; required: boolean; code: string; errors: Record<string, string> }) {
  const img = `data:image/svg+xml;base64,${Buffer.from(enrolment.qrSvg).toString('base64')}`;
  return (
    <Page ctx={ctx} title="Set up two-step verification">
      {required ? null : <Breadcrumbs trail={ACCOUNT} current="Two-step verification" />}
      <h1>Set up two-step verification</h1>
      {required ? (
        <Alert kind="warning" heading="Required for your roles">
          Your roles at Laurel require two-step verification. Set it up now to continue, with an authenticator app below or with a passkey.
          <p>
            <a href="/account/passkeys/add">Add a passkey instead</a>
          </p>
        </Alert>
      ) : null}
      <ErrorSummary errors={errors} />
      <ol class="usa-process-list">
        <li class="usa-process-list__item">
          <h2 class="usa-process-list__heading">Scan this code with your authenticator app</h2>
          <p>Any app for time-based codes works (for example Google Authenticator, Microsoft Authenticator, 1Password or FreeOTP).</p>
          <img src={img} width={220} height={220} alt="QR code for adding Laurel to an authenticator app. The same key is written out below." />
          <p>
            Cannot scan it? Enter this key in the app instead: <code class="laurel-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
        </li>
        <li class="usa-process-list__item">
          <h2 class="usa-process-list__heading">Enter the code the app shows</h2>
          <form class="usa-form" method="post" action="/account/two-step/enrol" novalidate>
            <Csrf token={ctx.csrf} />
            <TextInput name="code" label="6-digit code" autocomplete="one-time-code" inputMode="numeric" maxLength={7} value={code} error={errors.code} required />
            <Button>Turn on two-step verification</Button>
          </form>
        </li>
      </ol>
    </Page>
  );
}

export function RecoveryCodesPage({ ctx, codes, fresh }: { ctx: PageContext; codes: readonly string[]; fresh: 'enrolled' | 'regenerated' }) {
  return (
    <Page ctx={ctx} title="Your recovery codes">
      <Breadcrumbs trail={ACCOUNT} current="Recovery codes" />
      <h1>Your recovery codes</h1>
      <Alert kind="success">{fresh === 'enrolled' ? 'Two-step verification is on.' : 'New recovery codes were made. The old ones no longer work.'}</Alert>
      <p>
        If you lose your phone, sign in with one of these codes instead of a 6-digit code. Each works once. Save them somewhere safe now: <strong>they will not be shown again.</strong>
      </p>
      <ul class="usa-list laurel-recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <a class="usa-button" href="/account">
        I have saved them
      </a>
    </Page>
  );
}

export function RegenerateCodesPage({ ctx }: { ctx: PageContext }) {
  return (
    <Page ctx={ctx} title="Get new recovery codes">
      <Breadcrumbs trail={ACCOUNT} current="New recovery codes" />
      <h1>Get new recovery codes?</h1>
      <Alert kind="warning" heading="What happens">
        Ten new codes are made and shown once. Your current recovery codes stop working.
      </Alert>
      <div class="laurel-actions">
        <ActionForm action="/account/two-step/recovery-codes" csrf={ctx.csrf} label="Yes, make new codes" variant="secondary" />
        <a class="usa-button usa-button--outline" href="/account">
          Cancel
        </a>
      </div>
    </Page>
  );
}

export function DisableTwoStepPage({ ctx, errors, message }: { ctx: PageContext; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="Turn off two-step verification">
      <Breadcrumbs trail={ACCOUNT} current="Turn off two-step verification" />
      <h1>Turn off two-step verification?</h1>
      <ErrorSummary errors={errors} message={message} />
      <Alert kind="warning" heading="What happens">
        Signing in will ask only for your password. Your authenticator entry and recovery codes stop working.
      </Alert>
      <form class="usa-form" method="post" action="/account/two-step/disable" novalidate>
        <Csrf token={ctx.csrf} />
        <TextInput name="code" label="Enter the 6-digit code your authenticator app shows now" autocomplete="one-time-code" inputMode="numeric" maxLength={7} error={errors.code} required />
        <div class="laurel-actions">
          <Button variant="secondary">Turn off</Button>
          <a class="usa-button usa-button--outline" href="/account">
            Cancel
          </a>
        </div>
      </form>
    </Page>
  );
}
