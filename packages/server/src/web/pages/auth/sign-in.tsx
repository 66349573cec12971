// The sign-in form.
import { Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function SignInPage({ ctx, email, next, errors, message }: { ctx: PageContext; email: string; next: string; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="Sign in">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>Sign in</h1>
          <ErrorSummary errors={errors} message={message} />
          <form class="usa-form usa-form--large" method="post" action="/sign-in" novalidate>
            <Csrf token={ctx.csrf} />
            <input type="hidden" name="next" value={next} />
            <fieldset class="usa-fieldset">
              <legend class="usa-sr-only">Your account</legend>
              <TextInput name="email" label="Email address" type="email" autocomplete="email" value={email} error={errors.email} required />
              <TextInput name="password" label="Password" type="password" autocomplete="current-password" error={errors.password} required />
              <Button>Sign in</Button>
              <p>
                <a href="/forgot-password">Forgot your password?</a>
              </p>
            </fieldset>
          </form>
          <p class="text-base-dark">Accounts are created by invitation from your institution or the State Regents. If you received a badge, use the link in its email.</p>
        </div>
      </div>
    </Page>
  );
}
