// The second step of signing in to an account with two-step verification.
import { Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function SecondStepPage({ ctx, next, code, errors, message }: { ctx: PageContext; next: string; code: string; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="Two-step verification">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>Two-step verification</h1>
          <ErrorSummary errors={errors} message={message} />
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
          <p>
            <a href="/sign-in">Start again with your email and password</a>
          </p>
        </div>
      </div>
    </Page>
  );
}
