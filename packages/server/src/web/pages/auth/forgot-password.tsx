// Asking for a password reset link by email.
import { Alert, Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ForgotPage({ ctx, email, errors, sent }: { ctx: PageContext; email: string; errors: Record<string, string>; sent: boolean }) {
  return (
    <Page ctx={ctx} title="Reset your password">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>Reset your password</h1>
          {sent ? (
            <Alert kind="success" heading="Check your email">
              If an account exists for {email}, we sent it a link to choose a new password. The link expires in one hour.
            </Alert>
          ) : null}
          <ErrorSummary errors={errors} />
          <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
          <form class="usa-form usa-form--large" method="post" action="/forgot-password" novalidate>
            <Csrf token={ctx.csrf} />
            <TextInput name="email" label="Email address" type="email" autocomplete="email" value={email} error={errors.email} required />
            <Button>Send reset link</Button>
          </form>
          <p>
            <a href="/sign-in">Back to sign in</a>
          </p>
        </div>
      </div>
    </Page>
  );
}
