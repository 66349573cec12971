// Choosing a new password from a reset link.
import { Button, Csrf, ErrorSummary } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';

export function ResetPage({ ctx, token, errors, message }: { ctx: PageContext; token: string; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title={ctx.t('auth.reset.title')}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>{ctx.t('auth.reset.title')}</h1>
          <ErrorSummary errors={errors} message={message} />
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
