// Importing an Open Badge from another issuer into the portfolio: a file, pasted text or a link.
import { FileInput } from '../../components/file-input.tsx';
import { formErrorsIn, formMessage } from '../../components/form-messages.ts';
import { Button, ErrorSummary, TextArea } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ImportBadgePage({ ctx, errors: englishErrors, message: englishMessage, text }: { ctx: PageContext; errors?: Record<string, string> | undefined; message?: string | undefined; text?: string | undefined }) {
  const errors = formErrorsIn(ctx, englishErrors);
  const message = formMessage(ctx, englishMessage);
  return (
    <Page ctx={ctx} title="Import a badge">
      <h1>Import a badge from another issuer</h1>
      <p class="usa-intro">Upload an Open Badge (2.0 or 3.0) — a baked PNG or SVG image, a JSON file or a VC-JWT — or paste it, or paste a link to it. It is verified first; a badge that fails a check is not imported.</p>
      <p>A learner record (CLR 2.0, its JSON or its image) is accepted too: each badge inside it is imported on its own, once the whole record verifies.</p>
      <ErrorSummary i18n={ctx} errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action={`/portfolio/import?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
        <FileInput label="Badge file (PNG, SVG, JSON or JWT, at most 5 MB)" error={errors.file} />
        <TextArea name="text" label="Or paste the badge’s link, JSON or JWT" error={errors.text} value={text} rows={6} />
        <Button>Verify and import</Button>
      </form>
    </Page>
  );
}
