// The second step of signing in to an account with two-step verification: a passkey (when the account
// has one) and the code from an authenticator app or a recovery code (when it has the app).
import { PasskeyCeremony } from '../../components/passkey-ceremony.tsx';
import { Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export interface SecondStepMethods {
  readonly totp: boolean;
  readonly passkey: boolean;
}

export function SecondStepPage({ ctx, next, code, errors, message, methods = { totp: true, passkey: false } }: { ctx: PageContext; next: string; code: string; errors: Record<string, string>; message?: string | undefined; methods?: SecondStepMethods | undefined }) {
  return (
    <Page ctx={ctx} title="Two-step verification">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>Two-step verification</h1>
          <ErrorSummary errors={errors} message={message} />
          {methods.passkey ? (
            <section aria-labelledby="use-passkey-h">
              <h2 id="use-passkey-h">Use a passkey</h2>
              <PasskeyCeremony
                mode="authenticate"
                action="/sign-in/verify/passkey"
                optionsUrl="/sign-in/verify/passkey/options"
                csrf={ctx.csrf}
                buttonLabel="Use a passkey"
                error={errors.passkey}
                fallback={
                  methods.totp ? (
                    <p>Enter the code from your authenticator app below instead.</p>
                  ) : (
                    <p>Turn JavaScript on, or use a browser that supports passkeys. If you cannot, ask a system administrator to reset your two-step verification.</p>
                  )
                }
              >
                <input type="hidden" name="next" value={next} />
              </PasskeyCeremony>
            </section>
          ) : null}
          {methods.totp ? (
            <section aria-labelledby={methods.passkey ? 'use-code-h' : undefined}>
              {methods.passkey ? <h2 id="use-code-h">Or enter a code</h2> : null}
              <form class="usa-form usa-form--large" method="post" action="/sign-in/verify" novalidate>
                <Csrf token={ctx.csrf} />
                <input type="hidden" name="next" value={next} />
                <TextInput
                  name="code"
                  label="Enter the 6-digit code from your authenticator app"
                  hint="Or enter one of your recovery codes (10 letters and digits). You have five minutes."
                  autocomplete="one-time-code"
                  inputMode="numeric"
                  maxLength={40}
                  value={code}
                  error={errors.code}
                  required
                />
                <Button>Verify and sign in</Button>
              </form>
            </section>
          ) : null}
          <p>
            <a href="/sign-in">Start again with your email and password</a>
          </p>
        </div>
      </div>
    </Page>
  );
}
