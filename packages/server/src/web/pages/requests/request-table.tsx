// The table of requests (the institution's list and the review queue) and the counts line above it.
import type { ComponentChildren } from 'preact';
import { CREDENTIAL_TYPES } from '../../../domain/programs/form.ts';
import type { RequestListItem } from '../../../domain/programs/list-requests.ts';
import { STATE_LABELS, type RequestState } from '../../../domain/review/workflow.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { formatDate } from '../../components/ui.tsx';
import { StateTag } from './parts.tsx';

export function RequestTable({ items, caption, showInstitution, empty = null }: { items: RequestListItem[]; caption: string; showInstitution?: boolean; empty?: ComponentChildren }) {
  const columns: Column<RequestListItem>[] = [
    {
      key: 'title',
      header: 'Title',
      cell: (q) => (
        <>
          <a href={`/requests/${q.id}`}>{q.title}</a>
          {q.kind === 'revision' ? <span class="text-base"> (revision)</span> : null}
        </>
      ),
    },
    ...(showInstitution ? [{ key: 'institution', header: 'Institution', cell: (q: RequestListItem) => q.institution.name }] : []),
    { key: 'type', header: 'Type', cell: (q) => (q.credentialType ? CREDENTIAL_TYPES[q.credentialType as keyof typeof CREDENTIAL_TYPES] : '—') },
    { key: 'endorsement', header: 'Endorsement', cell: (q) => (q.endorsementRequested ? 'Requested' : 'Listing only') },
    { key: 'state', header: 'State', cell: (q) => <StateTag state={q.state} /> },
    { key: 'submitted', header: 'Submitted', cell: (q) => (q.submittedAt ? formatDate(q.submittedAt) : '—') },
    { key: 'updated', header: 'Updated', cell: (q) => formatDate(q.updatedAt) },
  ];
  return <DataTable caption={caption} columns={columns} rows={items} rowKey={(q) => q.id} empty={empty} />;
}

export function StatsLine({ byState, median }: { byState: Record<string, number>; median: number | null }) {
  const entries = Object.entries(byState).filter(([, n]) => n > 0);
  return (
    <div class="usa-summary-box margin-bottom-3" role="region" aria-label="Request counts">
      <div class="usa-summary-box__body">
        <p class="margin-0">
          {entries.length === 0 ? 'No requests yet.' : entries.map(([s, n]) => `${STATE_LABELS[s as RequestState] ?? s}: ${n}`).join(' · ')}
        </p>
        <p class="margin-0">Median time from submission to decision: {median === null ? 'no decisions yet' : `${median} days`}.</p>
      </div>
    </div>
  );
}
