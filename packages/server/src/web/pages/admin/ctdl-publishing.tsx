// The system admin's CTDL publishing page: whether Laurel publishes to the Credential Engine Registry,
// how far each program got (published, waiting, failed with the registry's reason), "Publish now", and the
// links to the CTDL documents and feeds anyone can read.
import type { CtdlPublishing, CtdlPublishingItem } from '../../../domain/ctdl/get-ctdl-publishing.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { ActionForm, Alert, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const STATE_LABELS: Record<CtdlPublishingItem['state'], string> = { pending: 'Waiting', published: 'Published', deleted: 'Removed from the registry', failed: 'Failed' };
const KIND_LABELS: Record<CtdlPublishingItem['kind'], string> = { credential: 'Program', organization: 'Institution', pathway: 'Pathway' };

function stateCell(i: CtdlPublishingItem) {
  const tag = i.state === 'failed' ? 'usa-tag bg-secondary-dark' : i.state === 'published' ? 'usa-tag bg-green' : 'usa-tag';
  return (
    <>
      <span class={tag}>{STATE_LABELS[i.state]}</span>
      {i.state === 'pending' ? <div class="usa-hint">{i.wanted === 'delete' ? 'to be removed' : 'to be sent'}</div> : null}
    </>
  );
}

const COLUMNS: Column<CtdlPublishingItem>[] = [
  {
    key: 'name',
    header: 'Name',
    rowHeader: true,
    cell: (i) => (
      <>
        {i.kind === 'credential' && i.documentPath ? <a href={`/programs/${i.entityId}`}>{i.name}</a> : i.name}
        <div class="usa-hint">{KIND_LABELS[i.kind]}</div>
      </>
    ),
  },
  { key: 'ctid', header: 'CTID', cell: (i) => <code class="font-mono-3xs">{i.ctid}</code> },
  { key: 'state', header: 'Status', cell: stateCell },
  { key: 'changed', header: 'Changed', cell: (i) => formatDate(i.changedAt) },
  { key: 'published', header: 'Last sent', cell: (i) => (i.publishedAt ? formatDate(i.publishedAt) : '—') },
  {
    key: 'error',
    header: 'Last error',
    cell: (i) =>
      i.lastError ? (
        <>
          {i.lastError}
          <div class="usa-hint">
            {i.attempts} failed {i.attempts === 1 ? 'attempt' : 'attempts'}
            {i.attemptedAt ? `, last ${formatDate(i.attemptedAt)}` : ''}
          </div>
        </>
      ) : (
        ''
      ),
  },
  { key: 'doc', header: 'CTDL', cell: (i) => (i.documentPath ? <a href={i.documentPath}>JSON-LD<span class="usa-sr-only"> of {i.name}</span></a> : '—') },
];

export interface CtdlPublishingPageProps {
  readonly ctx: PageContext;
  readonly status: CtdlPublishing;
  readonly page: number;
  readonly perPage: number;
  /** Programs queued by "Publish now", shown once after it. */
  readonly queued?: number | undefined;
}

function Summary({ status }: { status: CtdlPublishing }) {
  const c = status.counts;
  return (
    <ul class="usa-list">
      <li>{c.published} published</li>
      <li>{c.pending} waiting to be sent</li>
      <li>{c.failed} failed</li>
      <li>{c.deleted} removed from the registry (suspended or retired)</li>
    </ul>
  );
}

export function CtdlPublishingPage({ ctx, status, page, perPage, queued }: CtdlPublishingPageProps) {
  const on = status.registryUrl !== null;
  return (
    <Page ctx={ctx} title="CTDL publishing" wide>
      <Breadcrumbs trail={[{ label: 'Administration', href: '/admin' }]} current="CTDL publishing" />
      <h1>CTDL publishing</h1>
      <p>
        Every program listed in the inventory is described in CTDL, the Credential Engine’s language for credentials, and served as JSON-LD beside its page. When publishing is on, Laurel also sends each program to the
        Credential Engine Registry when it is listed or changed, and removes it from there when it is suspended or retired.
      </p>
      {queued !== undefined ? (
        <Alert kind="success" slim>
          <p>{queued === 1 ? '1 program was' : `${queued} programs were`} queued for publishing. Those the registry already holds unchanged are not sent again.</p>
        </Alert>
      ) : null}
      <section aria-labelledby="registry-h">
        <h2 id="registry-h">Registry</h2>
        {on ? (
          <>
            <p>
              Publishing to <code>{status.registryUrl}</code>.
            </p>
            <Summary status={status} />
            <ActionForm action="/admin/ctdl/publish" csrf={ctx.csrf} label="Publish now" />
          </>
        ) : (
          <Alert kind="info" heading="Publishing is off" slim>
            <p>
              This installation does not send programs to the Credential Engine Registry. To publish, set <code>LAUREL_CTDL_REGISTRY_URL</code> and <code>LAUREL_CTDL_API_KEY</code> and restart Laurel (docs/CTDL.md). The CTDL
              documents below are served either way.
            </p>
          </Alert>
        )}
      </section>
      <section aria-labelledby="docs-h" class="margin-top-4">
        <h2 id="docs-h">CTDL documents</h2>
        <ul class="usa-list">
          <li>
            <a href="/ctdl/credentials.json">All listed programs</a> (pages of 100, each with a link to the next)
          </li>
          <li>
            <a href="/ctdl/organizations.json">The Regents and the institutions</a>
          </li>
          <li>
            <a href="/ctdl/pathways.json">Published pathways</a>, with their components
          </li>
        </ul>
      </section>
      <section aria-labelledby="log-h" class="margin-top-4">
        <h2 id="log-h">Programs and institutions</h2>
        <DataTable
          caption="What Laurel publishes to the registry, most recently changed first"
          columns={COLUMNS}
          rows={status.items}
          rowKey={(i) => i.entityId}
          compact
          empty={<p>Nothing yet. A program appears here when it is listed in the inventory, and again whenever it changes.</p>}
          pagination={{ page, perPage, total: status.total, href: (n) => `/admin/ctdl?page=${n}` }}
        />
      </section>
    </Page>
  );
}
