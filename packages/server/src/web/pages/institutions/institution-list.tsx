// The system admin's list of the Regents and the institutions, with how many people each has.
import { INSTITUTION_TYPES } from '../../../domain/institutions/institutions.ts';
import type { InstitutionSummary } from '../../../domain/institutions/list-institution-summaries.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const COLUMNS: Column<InstitutionSummary>[] = [
  { key: 'name', header: 'Name', cell: (o) => o.name },
  { key: 'slug', header: 'Slug', cell: (o) => <code>{o.slug}</code> },
  { key: 'type', header: 'Type', cell: (o) => (o.kind === 'regents' ? 'State Regents' : ((INSTITUTION_TYPES as Record<string, string>)[o.institutionType ?? ''] ?? '—')) },
  {
    key: 'people',
    header: 'People',
    cell: (o) => (
      <a href={`/admin/users?organization=${o.slug}`}>
        {o.people}
        <span class="usa-sr-only"> people at {o.name}</span>
      </a>
    ),
  },
  { key: 'status', header: 'Status', cell: (o) => (o.status === 'active' ? <span class="usa-tag bg-green">Active</span> : <span class="usa-tag">Inactive</span>) },
  {
    key: 'actions',
    header: <span class="usa-sr-only">Actions</span>,
    cell: (o) => (
      <>
        <a href={`/admin/institutions/${o.slug}/edit`}>
          Edit<span class="usa-sr-only"> {o.name}</span>
        </a>
        {' · '}
        <a href={`/admin/institutions/${o.slug}/sign-in`}>
          Sign-in<span class="usa-sr-only"> settings of {o.name}</span>
        </a>
        {' · '}
        <a href={`/admin/institutions/${o.slug}/webhooks`}>
          Webhooks<span class="usa-sr-only"> of {o.name}</span>
        </a>
        {o.kind === 'institution' ? (
          <>
            {' · '}
            <a href={`/admin/institutions/${o.slug}/exports`}>
              Export<span class="usa-sr-only"> {o.name}</span>
            </a>
          </>
        ) : null}
      </>
    ),
  },
];

export function InstitutionListPage({ ctx, orgs }: { ctx: PageContext; orgs: readonly InstitutionSummary[] }) {
  return (
    <Page ctx={ctx} title="Institutions">
      <h1>Institutions</h1>
      <p>The State Regents and the institutions of the state system. Each can have its own administrators, program authors and issuers.</p>
      <div class="laurel-actions">
        <a class="usa-button" href="/admin/institutions/new">
          Add an institution
        </a>
      </div>
      <DataTable caption="All organizations" columns={COLUMNS} rows={orgs} rowKey={(o) => o.id} empty={<p>No organizations yet.</p>} />
    </Page>
  );
}
