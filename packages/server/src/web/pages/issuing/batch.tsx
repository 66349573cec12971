// One upload: the preview before confirming (every row with its errors), then the progress of issuing,
// the error report and the rows with problems. /assets/issuing.js refreshes the progress bar.
import type { BatchProgress } from '../../../domain/issuance/batches.ts';
import type { BatchDetail } from '../../../domain/issuance/get-batch-detail.ts';
import type { BatchRow, IssueBatch } from '../../../domain/issuance/types.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Alert, Button, Csrf, Pagination } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

/** A row of an uploaded file that was not applied, and why. */
export function RowError({ message }: { message: string | null }) {
  return (
    <span class="text-secondary-darker">
      <strong>Error:</strong> {message}
    </span>
  );
}

export interface ProgressCounts {
  readonly percent: number;
  readonly finished: boolean;
  /** Rows done (issued, or applied for a revoke / suspend file). */
  readonly done: number;
  readonly failed: number;
  readonly pending: number;
}

/** The progress of a background file; /assets/issuing.js polls `url` and updates it. */
export function ProgressBar({ p, url, label = 'Issuing progress', doneWord = 'issued' }: { p: ProgressCounts; url: string; label?: string; doneWord?: string }) {
  return (
    <div class="laurel-progress" data-progress-url={url} data-finished={p.finished ? 'true' : 'false'} data-done-word={doneWord}>
      <label class="usa-label" for="batch-progress">
        {label}
      </label>
      <progress id="batch-progress" max={100} value={p.percent} aria-describedby="batch-progress-text">
        {p.percent}%
      </progress>
      <p id="batch-progress-text" class="margin-top-1" aria-live="polite" data-progress-text>
        {p.finished ? 'Finished: ' : `${p.percent}% done: `}
        <span data-count="done">{p.done.toLocaleString('en-US')}</span> {doneWord}, <span data-count="failed">{p.failed.toLocaleString('en-US')}</span> failed, <span data-count="pending">{p.pending.toLocaleString('en-US')}</span> waiting.
      </p>
    </div>
  );
}

function rowColumns(b: IssueBatch): Column<BatchRow>[] {
  return [
    { key: 'row', header: 'Row', cell: (row) => row.rowNumber },
    { key: 'email', header: 'Email', cell: (row) => row.data.recipient_email ?? '' },
    { key: 'name', header: 'Name', cell: (row) => row.data.recipient_name ?? [row.data.first_name, row.data.last_name].filter(Boolean).join(' ') },
    { key: 'issued', header: 'Issued', cell: (row) => row.data.issued_at ?? 'today' },
    {
      key: 'result',
      header: 'Result',
      cell: (row) =>
        row.status === 'invalid' || row.status === 'failed' ? (
          <RowError message={row.message} />
        ) : row.status === 'issued' ? (
          <a href={`/issuing/awards/${row.awardId}`}>Issued</a>
        ) : b.status === 'preview' ? (
          'Ready'
        ) : (
          'Waiting'
        ),
    },
  ];
}

function PreviewActions({ ctx, b, p, onlyProblems }: { ctx: PageContext; b: IssueBatch; p: BatchProgress; onlyProblems: boolean }) {
  return (
    <>
      {p.invalid ? <Alert kind="warning">Rows with errors are listed below and will not be issued. You can issue the others now and upload the corrected rows later, or correct the file and upload it again.</Alert> : <Alert kind="success">Every row can be issued.</Alert>}
      {p.total - p.invalid > 0 ? (
        <form method="post" action={`/issuing/batches/${b.id}/confirm`} class="margin-bottom-3">
          <Csrf token={ctx.csrf} />
          <Button>Issue {(p.total - p.invalid).toLocaleString('en-US')} badges</Button>
        </form>
      ) : null}
      <p>
        Showing {onlyProblems ? 'rows with errors' : 'every row'}. {onlyProblems ? <a href={`/issuing/batches/${b.id}`}>Show every row</a> : <a href={`/issuing/batches/${b.id}?rows=problems`}>Show only rows with errors</a>}
      </p>
    </>
  );
}

export interface BatchPageProps {
  readonly ctx: PageContext;
  readonly detail: BatchDetail;
  /** The `rows` query as asked ("problems" or absent), kept in the page links. */
  readonly rowsQuery: string | undefined;
  readonly page: number;
  readonly perPage: number;
}

export function BatchPage({ ctx, detail: { batch: b, progress: p, badgeClassName, rows, total }, rowsQuery, page, perPage }: BatchPageProps) {
  const preview = b.status === 'preview';
  return (
    <Page ctx={ctx} title={preview ? `Preview: ${b.filename}` : `Issuing: ${b.filename}`} wide>
      <Breadcrumbs trail={[{ label: 'Issuing', href: '/issuing' }]} current={b.filename} />
      <h1>
        {preview ? 'Check the file before issuing' : p.finished ? 'Issuing finished' : 'Issuing in progress'}: {b.filename}
      </h1>
      <p class="usa-intro">
        Badge class <strong>{badgeClassName}</strong>: {p.total.toLocaleString('en-US')} rows, {(p.total - p.invalid).toLocaleString('en-US')} can be issued, {p.invalid.toLocaleString('en-US')} {p.invalid === 1 ? 'has an error' : 'have errors'}.
      </p>
      {preview ? (
        <PreviewActions ctx={ctx} b={b} p={p} onlyProblems={rowsQuery === 'problems'} />
      ) : (
        <>
          <ProgressBar p={{ ...p, done: p.issued }} url={`/issuing/batches/${b.id}/progress.json`} />
          {!p.finished ? (
            <p>
              This continues in the background if you leave the page. <a href={`/issuing/batches/${b.id}`}>Refresh</a> to see the latest counts.
            </p>
          ) : null}
        </>
      )}
      {p.invalid + p.failed > 0 ? (
        <p>
          <a class="usa-button usa-button--outline" href={`/issuing/batches/${b.id}/errors.csv`}>
            Download the error report (CSV)
          </a>
        </p>
      ) : null}
      {rows.length ? <DataTable caption="Rows of the file" columns={rowColumns(b)} rows={rows} rowKey={(row) => row.rowNumber} empty={null} /> : null}
      <Pagination page={page} perPage={perPage} total={total} href={(n) => `/issuing/batches/${b.id}?${new URLSearchParams({ ...(rowsQuery ? { rows: rowsQuery } : {}), page: String(n) }).toString()}`} />
      <script src="/assets/issuing.js" defer></script>
    </Page>
  );
}
