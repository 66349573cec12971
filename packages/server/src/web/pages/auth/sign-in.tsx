// The sign-in page: "Sign in with your institution" (the institution picked last time on this device
// first) beside email and password.
import { Button, Csrf, ErrorSummary, Select, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export interface SignInChoice {
  readonly idpId: string;
  readonly name: string;
  readonly organizationName: string;
}

function ssoHref(idpId: string, next: string): string {
  return `/sso/start?idp=${encodeURIComponent(idpId)}&next=${encodeURIComponent(next)}`;
}

function InstitutionSignIn({ choices, remembered, next }: { choices: readonly SignInChoice[]; remembered: SignInChoice | null; next: string }) {
  return (
    <section aria-labelledby="sso-heading" class="margin-bottom-4">
      <h2 id="sso-heading">Sign in with your institution</h2>
      {remembered ? (
        <>
          <p>
            <a class="usa-button usa-button--big" href={ssoHref(remembered.idpId, next)}>
              Sign in with {remembered.name}
            </a>
          </p>
          <p>
            <a href={`/sign-in?choose=1&next=${encodeURIComponent(next)}`}>Not {remembered.name}? Choose another institution</a>
          </p>
        </>
      ) : (
        <form class="usa-form" method="get" action="/sso/start">
          <input type="hidden" name="next" value={next} />
          <Select
            name="idp"
            label="Your institution"
            hint="You sign in on your institution's own page; Laurel remembers your choice on this device."
            options={choices.map((c) => [c.idpId, c.name === c.organizationName ? c.name : `${c.organizationName} (${c.name})`] as const)}
          />
          <Button>Continue</Button>
        </form>
      )}
    </section>
  );
}

export function SignInPage({
  ctx,
  email,
  next,
  errors,
  message,
  choices = [],
  remembered = null,
}: {
  ctx: PageContext;
  email: string;
  next: string;
  errors: Record<string, string>;
  message?: string | undefined;
  choices?: readonly SignInChoice[];
  remembered?: SignInChoice | null;
}) {
  return (
    <Page ctx={ctx} title="Sign in">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>Sign in</h1>
          <ErrorSummary errors={errors} message={message} />
          {choices.length > 0 && <InstitutionSignIn choices={choices} remembered={remembered} next={next} />}
          <form class="usa-form usa-form--large" method="post" action="/sign-in" novalidate aria-labelledby={choices.length > 0 ? 'password-heading' : undefined}>
            {choices.length > 0 && <h2 id="password-heading">Or sign in with email and password</h2>}
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
          <p class="text-base-dark">Accounts are created by invitation from your institution or the State Regents, or at your first sign-in with your institution. If you received a badge, use the link in its email.</p>
        </div>
      </div>
    </Page>
  );
}
