// The portfolio's addresses: the sign-in address, the extra ones (confirmed or waiting), and a form to add one.
import type { EarnerEmail } from '../../../domain/portfolio/badge-view.ts';
import { formErrorsIn } from '../../components/form-messages.ts';
import { Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function EarnerEmailsPage({ ctx, signInEmail, list, errors: englishErrors, email }: { ctx: PageContext; signInEmail: string; list: readonly EarnerEmail[]; errors?: Record<string, string> | undefined; email?: string | undefined }) {
  const errors = formErrorsIn(ctx, englishErrors);
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('portfolio.emails.title')}>
      <h1>{t('portfolio.emails.title')}</h1>
      <p class="usa-intro">{t('portfolio.emails.intro')}</p>
      <ul class="usa-list">
        <li>
          <strong>{signInEmail}</strong> {t('portfolio.emails.signIn')}
        </li>
        {list.map((e) => (
          <li key={e.id}>
            <strong>{e.email}</strong> {e.verifiedAt ? t('portfolio.emails.confirmed') : t('portfolio.emails.waiting')}{' '}
            <form method="post" action={`/portfolio/emails/${e.id}/remove`} class="display-inline">
              <Csrf token={ctx.csrf} />
              <button class="usa-button usa-button--unstyled" type="submit" aria-label={t('portfolio.emails.removeLabel', { email: e.email })}>
                {t('portfolio.emails.remove')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <ErrorSummary i18n={ctx} errors={errors} />
      <form class="usa-form" method="post" action="/portfolio/emails" novalidate>
        <Csrf token={ctx.csrf} />
        <TextInput name="email" label={t('portfolio.emails.add')} type="email" value={email} error={errors.email} autocomplete="email" hint={t('portfolio.emails.addHint')} />
        <Button>{t('portfolio.emails.send')}</Button>
      </form>
    </Page>
  );
}
