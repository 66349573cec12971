// One revoke / suspend file: the preview before confirming (every row with its errors), then the progress
// of applying it, the error report and the rows with problems. /assets/issuing.js refreshes the progress bar.
import type { StatusBatchDetail } from '../../../domain/issuance/get-status-batch.ts';
import type { StatusBatch, StatusBatchRow } from '../../../domain/issuance/change-status-by-csv.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Alert, Button, Csrf, Pagination } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { ProgressBar, RowError } from './batch.tsx';

const WORDS: Record<StatusBatch['action'], { verb: string; done: string; doing: string }> = {
  revoke: { verb: 'Revoke', done: 'revoked', doing: 'Revoking' },
  suspend: { verb: 'Suspend', done: 'suspended', doing: 'Suspending' },
};

function rowColumns(b: StatusBatch): Column<StatusBatchRow>[] {
  return [
    { key: 'row', header: 'Row', cell: (row) => row.rowNumber },
    { key: 'award', header: 'Award id', cell: (row) => (row.status === 'applied' ? <a href={`/issuing/awards/${encodeURIComponent(row.awardId)}`}>{row.awardId}</a> : row.awardId || '—') },
    { key: 'reason', header: 'Reason', cell: (row) => row.reason },
    {
      key: 'result',
      header: 'Result',
      cell: (row) =>
        row.status === 'invalid' || row.status === 'failed' ? (
          <RowError message={row.message} />
        ) : row.status === 'applied' ? (
          WORDS[b.action].done[0]!.toUpperCase() + WORDS[b.action].done.slice(1)
        ) : b.status === 'preview' ? (
          'Ready'
        ) : (
          'Waiting'
        ),
    },
  ];
}

export interface StatusBatchPageProps {
  readonly ctx: PageContext;
  readonly detail: StatusBatchDetail;
  readonly rowsQuery: string | undefined;
  readonly page: number;
  readonly perPage: number;
}

export function StatusBatchPage({ ctx, detail: { batch: b, progress: p, organizationName, rows, total }, rowsQuery, page, perPage }: StatusBatchPageProps) {
  const preview = b.status === 'preview';
  const w = WORDS[b.action];
  const ready = p.total - p.invalid;
  const onlyProblems = rowsQuery === 'problems';
  return (
    <Page ctx={ctx} title={preview ? `Preview: ${b.filename}` : `${w.doing}: ${b.filename}`} wide>
      <Breadcrumbs
        trail={[
          { label: 'Issuing', href: '/issuing' },
          { label: 'Revoke or suspend by CSV', href: '/issuing/revoke-csv' },
        ]}
        current={b.filename}
      />
      <h1>
        {preview ? `Check the file before you ${w.verb.toLowerCase()}` : p.finished ? `${w.doing} finished` : `${w.doing} in progress`}: {b.filename}
      </h1>
      <p class="usa-intro">
        {organizationName}: {p.total.toLocaleString('en-US')} rows, {ready.toLocaleString('en-US')} can be {w.done}, {p.invalid.toLocaleString('en-US')} {p.invalid === 1 ? 'has an error' : 'have errors'}.
      </p>
      {preview ? (
        <>
          {p.invalid ? <Alert kind="warning">Rows with errors are listed below and will not be applied.</Alert> : <Alert kind="success">Every row can be applied.</Alert>}
          {ready > 0 ? (
            <form method="post" action={`/issuing/status-batches/${b.id}/confirm`} class="margin-bottom-3">
              <Csrf token={ctx.csrf} />
              <Button variant={b.action === 'revoke' ? 'secondary' : undefined}>
                {w.verb} {ready.toLocaleString('en-US')} {ready === 1 ? 'badge' : 'badges'}
              </Button>
            </form>
          ) : null}
          <p>
            Showing {onlyProblems ? 'rows with errors' : 'every row'}. {onlyProblems ? <a href={`/issuing/status-batches/${b.id}`}>Show every row</a> : <a href={`/issuing/status-batches/${b.id}?rows=problems`}>Show only rows with errors</a>}
          </p>
        </>
      ) : (
        <>
          <ProgressBar p={p} url={`/issuing/status-batches/${b.id}/progress.json`} label={`${w.doing} progress`} doneWord={w.done} />
          {!p.finished ? (
            <p>
              This continues in the background if you leave the page. <a href={`/issuing/status-batches/${b.id}`}>Refresh</a> to see the latest counts.
            </p>
          ) : null}
        </>
      )}
      {p.invalid + p.failed > 0 ? (
        <p>
          <a class="usa-button usa-button--outline" href={`/issuing/status-batches/${b.id}/errors.csv`}>
            Download the error report (CSV)
          </a>
        </p>
      ) : null}
      <DataTable caption="Rows of the file" columns={rowColumns(b)} rows={rows} rowKey={(row) => row.rowNumber} empty={preview ? null : <p>No row has a problem.</p>} />
      <Pagination page={page} perPage={perPage} total={total} href={(n) => `/issuing/status-batches/${b.id}?${new URLSearchParams({ ...(rowsQuery ? { rows: rowsQuery } : {}), page: String(n) }).toString()}`} />
      <script src="/assets/issuing.js" defer></script>
    </Page>
  );
}
