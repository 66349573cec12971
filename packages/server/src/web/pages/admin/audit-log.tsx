// The audit log: every change, who made it and when, newest first.
import type { AuditEntry } from '../../../domain/admin/list-audit-events.ts';
import { auditLabel } from '../../components/audit-labels.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Button, formatDate, Pagination, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const COLUMNS: Column<AuditEntry>[] = [
  { key: 'when', header: 'When', cell: (e) => formatDate(e.at) },
  { key: 'who', header: 'Who', cell: (e) => e.actorName ?? 'System' },
  {
    key: 'action',
    header: 'Action',
    rowHeader: true,
    cell: (e) => (
      <>
        {auditLabel(e.action)}
        <br />
        <code class="font-mono-3xs">{e.action}</code>
      </>
    ),
  },
  { key: 'organization', header: 'Organization', cell: (e) => e.organizationName },
  { key: 'details', header: 'Details', cell: (e) => <code class="font-mono-3xs laurel-audit-data">{Object.keys(e.data).length ? JSON.stringify(e.data) : ''}</code> },
];

export function AuditLogPage({ ctx, action, page, perPage, events, total }: { ctx: PageContext; action: string | undefined; page: number; perPage: number; events: readonly AuditEntry[]; total: number }) {
  return (
    <Page ctx={ctx} title="Audit log" wide>
      <h1>Audit log</h1>
      <p>Every change in Laurel, with who made it and when. The log is append-only: nothing here can be edited or deleted.</p>
      <form class="usa-form margin-bottom-3" method="get" action="/admin/audit" role="search" aria-label="Filter the audit log">
        <TextInput name="action" label="Action (exact, e.g. user.signed_in)" value={action} />
        <Button variant="outline">Filter</Button>
      </form>
      {total === 0 ? <p>No events{action ? ` with action “${action}”` : ''}.</p> : <DataTable caption="Audit events, newest first" columns={COLUMNS} rows={events} rowKey={(e) => e.id} empty={null} compact />}
      <Pagination page={page} perPage={perPage} total={total} href={(p) => `/admin/audit?${new URLSearchParams({ ...(action ? { action } : {}), page: String(p) }).toString()}`} />
    </Page>
  );
}
