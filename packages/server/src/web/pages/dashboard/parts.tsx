// Pieces of the dashboard: a stat card, the institutions table, recent activity.
import { INSTITUTION_TYPES } from '../../../domain/institutions/institutions.ts';
import type { AuditEvent, Organization } from '../../../domain/dashboard/get-dashboard.ts';
import { auditLabel } from '../../components/audit-labels.ts';
import { DataTable } from '../../components/data-table.tsx';
import { formatDate } from '../../components/ui.tsx';

export function Stat({ value, label, href }: { value: number; label: string; href?: string }) {
  return (
    <div class="tablet:grid-col-3 margin-bottom-2">
      <div class="usa-card__container padding-2">
        <span class="laurel-stat">{value.toLocaleString('en-US')}</span>
        {href ? (
          <a class="laurel-stat-label" href={href}>
            {label}
          </a>
        ) : (
          <span class="laurel-stat-label">{label}</span>
        )}
      </div>
    </div>
  );
}

export function InstitutionsTable({ orgs, members }: { orgs: Organization[]; members: Map<string, number> }) {
  return (
    <DataTable
      caption="Institutions of the state system"
      rows={orgs}
      rowKey={(o) => o.id}
      empty={null}
      columns={[
        { key: 'name', header: 'Institution', cell: (o) => (o.website ? <a href={o.website}>{o.name}</a> : o.name) },
        { key: 'type', header: 'Type', cell: (o) => (o.institutionType ? ((INSTITUTION_TYPES as Record<string, string>)[o.institutionType] ?? o.institutionType) : '—') },
        { key: 'city', header: 'City', cell: (o) => o.city ?? '—' },
        { key: 'people', header: 'People', cell: (o) => members.get(o.id) ?? 0 },
      ]}
    />
  );
}

export function RecentActivity({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p>No activity yet.</p>;
  return (
    <ul class="usa-list">
      {events.map((e) => (
        <li key={e.id}>
          <strong>{auditLabel(e.action)}</strong> by {e.actorName ?? 'the system'} · {formatDate(e.at)}
        </li>
      ))}
    </ul>
  );
}
