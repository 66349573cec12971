// The sign-in page: "Sign in with your institution" (the institution picked last time on this device
// first) beside email and password.
import { formErrorsIn, formMessage } from '../../components/form-messages.ts';
import { Button, Csrf, ErrorSummary, Select, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import type { Translator } from '../../../shared/i18n/translator.ts';
import { Page } from '../../layouts/page.tsx';

export interface SignInChoice {
  readonly idpId: string;
  readonly name: string;
  readonly organizationName: string;
}

function ssoHref(idpId: string, next: string): string {
  return `/sso/start?idp=${encodeURIComponent(idpId)}&next=${encodeURIComponent(next)}`;
}

function InstitutionSignIn({ i18n, choices, remembered, next }: { i18n: Translator; choices: readonly SignInChoice[]; remembered: SignInChoice | null; next: string }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="sso-heading" class="margin-bottom-4">
      <h2 id="sso-heading">{t('auth.signIn.withInstitution')}</h2>
      {remembered ? (
        <>
          <p>
            <a class="usa-button usa-button--big" href={ssoHref(remembered.idpId, next)}>
              {t('auth.signIn.withIdp', { name: remembered.name })}
            </a>
          </p>
          <p>
            <a href={`/sign-in?choose=1&next=${encodeURIComponent(next)}`}>{t('auth.signIn.notIdp', { name: remembered.name })}</a>
          </p>
        </>
      ) : (
        <form class="usa-form" method="get" action="/sso/start">
          <input type="hidden" name="next" value={next} />
          <Select
            name="idp"
            label={t('auth.signIn.institution')}
            hint={t('auth.signIn.institutionHint')}
            options={choices.map((c) => [c.idpId, c.name === c.organizationName ? c.name : `${c.organizationName} (${c.name})`] as const)}
          />
          <Button>{t('auth.signIn.continue')}</Button>
        </form>
      )}
    </section>
  );
}

export function SignInPage({
  ctx,
  email,
  next,
  errors: englishErrors,
  message: englishMessage,
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
  const { t } = ctx;
  const errors = formErrorsIn(ctx, englishErrors);
  const message = formMessage(ctx, englishMessage);
  return (
    <Page ctx={ctx} title={t('auth.signIn.title')}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>{t('auth.signIn.title')}</h1>
          <ErrorSummary i18n={ctx} errors={errors} message={message} />
          {choices.length > 0 && <InstitutionSignIn i18n={ctx} choices={choices} remembered={remembered} next={next} />}
          <form class="usa-form usa-form--large" method="post" action="/sign-in" novalidate aria-labelledby={choices.length > 0 ? 'password-heading' : undefined}>
            {choices.length > 0 && <h2 id="password-heading">{t('auth.signIn.orPassword')}</h2>}
            <Csrf token={ctx.csrf} />
            <input type="hidden" name="next" value={next} />
            <fieldset class="usa-fieldset">
              <legend class="usa-sr-only">{t('auth.signIn.yourAccount')}</legend>
              <TextInput name="email" label={t('auth.email')} type="email" autocomplete="email" value={email} error={errors.email} required />
              <TextInput name="password" label={t('auth.password')} type="password" autocomplete="current-password" error={errors.password} required />
              <Button>{t('auth.signIn.title')}</Button>
              <p>
                <a href="/forgot-password">{t('auth.signIn.forgot')}</a>
              </p>
            </fieldset>
          </form>
          <p class="text-base-dark">{t('auth.signIn.accounts')}</p>
        </div>
      </div>
    </Page>
  );
}
