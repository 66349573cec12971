// Asking for a password reset link by email.
import { formErrorsIn } from '../../components/form-messages.ts';
import { Alert, Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ForgotPage({ ctx, email, errors: englishErrors, sent }: { ctx: PageContext; email: string; errors: Record<string, string>; sent: boolean }) {
  const { t } = ctx;
  const errors = formErrorsIn(ctx, englishErrors);
  return (
    <Page ctx={ctx} title={t('auth.forgot.title')}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>{t('auth.forgot.title')}</h1>
          {sent ? (
            <Alert kind="success" heading={t('auth.forgot.sentHeading')}>
              {t('auth.forgot.sent', { email })}
            </Alert>
          ) : null}
          <ErrorSummary i18n={ctx} errors={errors} />
          <p>{t('auth.forgot.intro')}</p>
          <form class="usa-form usa-form--large" method="post" action="/forgot-password" novalidate>
            <Csrf token={ctx.csrf} />
            <TextInput name="email" label={t('auth.email')} type="email" autocomplete="email" value={email} error={errors.email} required />
            <Button>{t('auth.forgot.send')}</Button>
          </form>
          <p>
            <a href="/sign-in">{t('auth.forgot.back')}</a>
          </p>
        </div>
      </div>
    </Page>
  );
}
