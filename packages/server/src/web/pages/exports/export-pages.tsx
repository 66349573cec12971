// Complete exports, for an institution's admin (under /admin/institutions/:slug/exports) and for the
// system admin (/admin/exports, the whole state): what is inside and "Export everything", the
// confirmation, and the export's own page — a <progress> with its numbers in words, kept current by /assets/exports.js
// every 2 s without JavaScript while the job runs, then the download link with its size.
import type { ExportView } from '../../../domain/exports/exports.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Alert, ConfirmForm, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export interface ExportTarget {
  /** "Université du Lac", or "the state system". */
  readonly name: string;
  /** Where its exports are listed (and "Export everything" posts). */
  readonly base: string;
  readonly scope: 'institution' | 'state';
}

const STATE_LABELS: Record<ExportView['state'], string> = { queued: 'Waiting to start', running: 'Running', done: 'Ready', failed: 'Failed', expired: 'Expired (deleted)' };
const STATE_TAGS: Record<ExportView['state'], string> = { queued: '', running: 'bg-primary', done: 'bg-green', failed: 'bg-secondary-dark', expired: 'bg-base' };

export function formatBytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const exportUrl = (e: Pick<ExportView, 'id'>) => `/admin/exports/${e.id}`;

function trail(t: ExportTarget) {
  return t.scope === 'state' ? [{ label: 'Administration', href: '/admin' }] : [{ label: 'Dashboard', href: '/dashboard' }];
}

function WhatIsInside({ scope }: { scope: ExportTarget['scope'] }) {
  return (
    <>
      <p>
        One zip file of CSV and JSON with {scope === 'state' ? 'every organization’s' : 'all of the institution’s'} records: {scope === 'state' ? 'the organizations, ' : 'the institution, '}
        programs, their revisions (with the full request form), review requests and each of their steps, badge classes, every award with its signed credential exactly as issued (so
        it still verifies), the VC-JWTs, endorsements, the audit log and the uploaded letters and badge images. A manifest lists every file with its size and SHA-256 checksum, and a
        README says what each file is.
      </p>
      <p>No passwords, tokens, signing keys or second-factor secrets are included. The file is kept for 7 days after it is ready, then deleted.</p>
    </>
  );
}

const COLUMNS: Column<ExportView>[] = [
  { key: 'created', header: 'Requested', cell: (e) => <a href={exportUrl(e)}>{formatDate(e.createdAt)}</a>, rowHeader: true },
  { key: 'state', header: 'State', cell: (e) => <span class={`usa-tag ${STATE_TAGS[e.state]}`}>{STATE_LABELS[e.state]}</span> },
  { key: 'size', header: 'Size', cell: (e) => formatBytes(e.size) },
  { key: 'expires', header: 'Deleted after', cell: (e) => (e.state === 'done' ? formatDate(e.expiresAt) : '—') },
  {
    key: 'download',
    header: <span class="usa-sr-only">Download</span>,
    cell: (e) =>
      e.state === 'done' ? (
        <a href={`${exportUrl(e)}/download`}>
          Download<span class="usa-sr-only"> the export of {formatDate(e.createdAt)}</span>
        </a>
      ) : null,
  },
];

export function ExportListPage({ ctx, target, exports }: { ctx: PageContext; target: ExportTarget; exports: readonly ExportView[] }) {
  const title = target.scope === 'state' ? 'Export the state’s records' : `Export ${target.name}`;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={trail(target)} current={title} />
      <h1>{title}</h1>
      <WhatIsInside scope={target.scope} />
      <div class="laurel-actions margin-bottom-4">
        <a class="usa-button" href={`${target.base}/new`}>
          Export everything
        </a>
      </div>
      <h2>Recent exports</h2>
      <DataTable caption="Recent exports, newest first" columns={COLUMNS} rows={exports} rowKey={(e) => e.id} empty={<p>No exports yet.</p>} />
    </Page>
  );
}

export function ConfirmExportPage({ ctx, target }: { ctx: PageContext; target: ExportTarget }) {
  const title = target.scope === 'state' ? 'Export everything of the state system?' : `Export everything of ${target.name}?`;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[...trail(target), { label: 'Exports', href: target.base }]} current="Confirm" />
      <h1>{title}</h1>
      <WhatIsInside scope={target.scope} />
      <p>The export runs in the background; a large one can take several minutes. You can leave its page and come back: it is listed under Recent exports.</p>
      <ConfirmForm csrf={ctx.csrf} action={target.base} label="Start the export" cancel={target.base} />
    </Page>
  );
}

function Progress({ e }: { e: ExportView }) {
  const pct = e.totalItems > 0 ? Math.min(100, Math.floor((e.doneItems / e.totalItems) * 100)) : 0;
  const words = e.state === 'queued' ? 'Waiting for a free worker to start.' : `${e.phase}: ${e.doneItems.toLocaleString('en-US')} of ${e.totalItems.toLocaleString('en-US')} items (${pct}%).`;
  return (
    <div class="margin-y-3" data-export-url={`/api/v1/exports/${e.id}`}>
      <label for="export-progress" class="usa-label">
        Progress
      </label>
      <progress id="export-progress" class="width-full" max={Math.max(1, e.totalItems)} value={e.doneItems} aria-describedby="export-progress-text">
        {pct}%
      </progress>
      <p id="export-progress-text" aria-live="polite" role="status">
        {words}
      </p>
      <p class="usa-hint">
        With JavaScript on, this bar moves by itself and the page shows the download when the export is ready. <a href={`/admin/exports/${e.id}`}>Check progress</a>
      </p>
      <script src="/assets/exports.js" defer></script>
    </div>
  );
}

export function ExportPage({ ctx, e, listHref }: { ctx: PageContext; e: ExportView; listHref: string }) {
  const running = e.state === 'queued' || e.state === 'running';
  const title = e.scope === 'state' ? 'State export' : `Export of ${e.organization?.name ?? 'the institution'}`;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[e.scope === 'state' ? { label: 'Administration', href: '/admin' } : { label: 'Dashboard', href: '/dashboard' }, { label: 'Exports', href: listHref }]} current={formatDate(e.createdAt)} />
      <h1>{title}</h1>
      <p>
        Requested {formatDate(e.createdAt)}. State: <span class={`usa-tag ${STATE_TAGS[e.state]}`}>{STATE_LABELS[e.state]}</span>
      </p>
      {running ? <Progress e={e} /> : null}
      {running && e.error ? (
        <Alert kind="warning" slim>
          {e.error}
        </Alert>
      ) : null}
      {e.state === 'done' ? (
        <>
          <Alert kind="success" heading="The export is ready">
            <p role="status">
              {(e.counts?.awards ?? 0).toLocaleString('en-US')} awards, {(e.counts?.programs ?? 0).toLocaleString('en-US')} programs and {(e.counts?.audit_events ?? 0).toLocaleString('en-US')} audit events.
              It will be deleted after {formatDate(e.expiresAt)}.
            </p>
          </Alert>
          <p class="margin-top-3">
            <a class="usa-button" href={`${exportUrl(e)}/download`} download={e.filename}>
              Download {e.filename} ({formatBytes(e.size)})
            </a>
          </p>
          <p class="usa-hint">
            SHA-256 of the zip: <code class="text-wrap">{e.sha256}</code>
          </p>
        </>
      ) : null}
      {e.state === 'failed' ? (
        <Alert kind="error" heading="The export failed">
          <p role="alert">
            {e.error ?? 'The export could not be written.'} Nothing was kept. <a href={listHref}>Start a new export</a>; if it fails again, tell your system administrator.
          </p>
        </Alert>
      ) : null}
      {e.state === 'expired' ? (
        <Alert kind="info" heading="This export was deleted">
          <p>
            Exports are kept for 7 days after they are ready. <a href={listHref}>Start a new export</a>.
          </p>
        </Alert>
      ) : null}
    </Page>
  );
}
