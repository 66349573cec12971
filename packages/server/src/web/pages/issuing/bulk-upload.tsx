// Issuing a badge from a CSV file: the columns, the upload, re-issue and "do not email". Nothing is
// issued before the preview is confirmed.
import { Button, ErrorSummary } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { FileInput } from '../../components/file-input.tsx';
import { IssueOptions } from './award-fields.tsx';
import { BadgeClassHeading, type IssuedBadgeClass } from './badge-class-heading.tsx';

export function BulkUploadPage({ ctx, badgeClass: bc, error }: { ctx: PageContext; badgeClass: IssuedBadgeClass; error?: string | undefined }) {
  return (
    <Page ctx={ctx} title={`Issue ${bc.name} from a CSV file`}>
      <BadgeClassHeading current={`Issue ${bc.name} from a CSV file`}>Issue “{bc.name}” from a CSV file</BadgeClassHeading>
      <p>
        The first line names the columns: <code>recipient_email</code>, <code>first_name</code>, <code>last_name</code> (or <code>recipient_name</code>), and optionally <code>issued_at</code>, <code>expires_at</code>, <code>evidence_url</code>, <code>evidence_narrative</code>, <code>issuer_earner_id</code>. Up to 50,000 rows. <a href="/issuing/template.csv">Download the template</a>.
      </p>
      <p>Nothing is issued until you have seen the preview and confirmed.</p>
      <ErrorSummary errors={error ? { file: error } : {}} />
      <form class="usa-form usa-form--large" method="post" action={`/issuing/badge-classes/${bc.id}/bulk?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
        <FileInput label="CSV file (UTF-8, at most 10 MB)" error={error} accept=".csv,text/csv" />
        <IssueOptions many />
        <Button>Upload and preview</Button>
      </form>
    </Page>
  );
}
