// The public verifier: a link, a file or pasted text, and the result in plain language.
import type { VerifierResult } from '../../../domain/verification/verify-any.ts';
import { FileInput } from '../../components/file-input.tsx';
import { VerificationPanel } from '../../components/verification.tsx';
import { formErrorsIn } from '../../components/form-messages.ts';
import { Button, Csrf, ErrorSummary, TextArea, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function VerifyPage({ ctx, result, errors: englishErrors, v }: { ctx: PageContext; result: VerifierResult | null; errors: Record<string, string>; v: { url: string; credential: string } }) {
  const { t } = ctx;
  const errors = formErrorsIn(ctx, englishErrors);
  return (
    <Page ctx={ctx} title={t('verify.page.title')} description={t('verify.page.description')}>
      <h1>{t('verify.page.title')}</h1>
      <p class="usa-intro">{t('verify.page.intro')}</p>
      <ErrorSummary i18n={ctx} errors={errors} />
      {result ? <VerificationPanel i18n={ctx} result={result} /> : null}
      <div class="grid-row grid-gap-lg">
        <div class="tablet:grid-col-6">
          <form class="usa-form laurel-wide-form" method="post" action="/verify" novalidate>
            <Csrf token={ctx.csrf} />
            <h2>{t('verify.page.linkHeading')}</h2>
            <TextInput name="url" label={t('verify.page.urlLabel')} type="url" hint={t('verify.page.urlHint')} value={v.url} error={errors.url} />
            <Button>{t('verify.page.verifyLink')}</Button>
          </form>
          <form class="usa-form laurel-wide-form margin-top-4" method="post" action="/verify" encType="multipart/form-data">
            {/* First in the body, before the file: the handler checks it there (not in the URL, so not in the address bar). */}
            <Csrf token={ctx.csrf} />
            <h2>{t('verify.page.fileHeading')}</h2>
            <FileInput label={t('verify.page.fileLabel')} error={errors.file} accept="image/png,image/svg+xml,application/json,.json,.jwt" />
            <Button>{t('verify.page.verifyFile')}</Button>
          </form>
        </div>
        <div class="tablet:grid-col-6">
          <form class="usa-form laurel-wide-form" method="post" action="/verify" novalidate>
            <Csrf token={ctx.csrf} />
            <h2>{t('verify.page.textHeading')}</h2>
            <TextArea name="credential" label={t('verify.page.textLabel')} value={v.credential} error={errors.credential} rows={10} />
            <Button>{t('verify.page.verifyText')}</Button>
          </form>
        </div>
      </div>
      <p class="margin-top-4">
        {ctx.tx('verify.page.developers', { code: (c) => <code>{c}</code>, api: (c) => <a href="/api/docs">{c}</a>, registry: (c) => <a href="/registry">{c}</a> })}
      </p>
    </Page>
  );
}
