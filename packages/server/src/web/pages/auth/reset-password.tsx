// Choosing a new password from a reset link.
import { formErrorsIn, formMessage } from '../../components/form-messages.ts';
import { Button, Csrf, ErrorSummary } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';

export function ResetPage({ ctx, token, errors: englishErrors, message: englishMessage }: { ctx: PageContext; token: string; errors: Record<string, string>; message?: string | undefined }) {
  const errors = formErrorsIn(ctx, englishErrors);
  const message = formMessage(ctx, englishMessage);
  return (
    <Page ctx={ctx} title={ctx.t('auth.reset.title')}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>{ctx.t('auth.reset.title')}</h1>
          <ErrorSummary i18n={ctx} errors={errors} message={message} />
          <form class="usa-form usa-form--large" method="post" action={`/reset-password/${encodeURIComponent(token)}`} novalidate>
            <Csrf token={ctx.csrf} />
            <NewPasswordFields i18n={ctx} errors={errors} />
            <Button>{ctx.t('auth.reset.save')}</Button>
          </form>
        </div>
      </div>
    </Page>
  );
}
