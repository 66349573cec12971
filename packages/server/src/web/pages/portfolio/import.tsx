// Importing an Open Badge from another issuer into the portfolio: a file, pasted text or a link.
import { FileInput } from '../../components/file-input.tsx';
import { formErrorsIn, formMessage } from '../../components/form-messages.ts';
import { Button, ErrorSummary, TextArea } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ImportBadgePage({ ctx, errors: englishErrors, message: englishMessage, text }: { ctx: PageContext; errors?: Record<string, string> | undefined; message?: string | undefined; text?: string | undefined }) {
  const { t } = ctx;
  const errors = formErrorsIn(ctx, englishErrors);
  const message = formMessage(ctx, englishMessage);
  return (
    <Page ctx={ctx} title={t('portfolio.import.title')}>
      <h1>{t('portfolio.import.heading')}</h1>
      <p class="usa-intro">{t('portfolio.import.intro')}</p>
      <p>{t('portfolio.import.record')}</p>
      <ErrorSummary i18n={ctx} errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action={`/portfolio/import?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
        <FileInput label={t('portfolio.import.file')} error={errors.file} />
        <TextArea name="text" label={t('portfolio.import.text')} error={errors.text} value={text} rows={6} />
        <Button>{t('portfolio.import.submit')}</Button>
      </form>
    </Page>
  );
}
