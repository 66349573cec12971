// The Users page: filters, the people an administrator manages, and pending invitations.
import type { UserWithMemberships } from '../../../domain/accounts/get-user.ts';
import type { PendingInvitation } from '../../../domain/accounts/list-pending-invitations.ts';
import type { Page as ResultPage } from '../../../domain/accounts/list-users.ts';
import type { Organization } from '../../../domain/institutions/institutions.ts';
import { ROLE_LABELS, ROLES } from '../../../shared/roles.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { ActionForm, Button, formatDate, Pagination, Select, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export interface UsersFilter {
  readonly organization: string | undefined;
  readonly q: string | undefined;
  readonly role: string | undefined;
  readonly status: string | undefined;
}

function RoleTags({ u }: { u: UserWithMemberships }) {
  if (u.memberships.length === 0) return <span class="text-base">Earner</span>;
  return (
    <span class="laurel-roles">
      {u.memberships.map((m) => (
        <span class="laurel-role" key={m.id}>
          {ROLE_LABELS[m.role]} <span class="laurel-role-org">at {m.organizationName}</span>
        </span>
      ))}
    </span>
  );
}

function usersHref(filter: UsersFilter, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) p.set(k, v);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return `/admin/users${s ? `?${s}` : ''}`;
}

const USER_COLUMNS: Column<UserWithMemberships>[] = [
  { key: 'name', header: 'Name', cell: (u) => <a href={`/admin/users/${u.id}`}>{u.name}</a> },
  { key: 'email', header: 'Email', cell: (u) => u.email },
  { key: 'roles', header: 'Roles', cell: (u) => <RoleTags u={u} /> },
  { key: 'status', header: 'Status', cell: (u) => (u.status === 'active' ? 'Active' : <span class="usa-tag bg-secondary-dark">Deactivated</span>) },
  { key: 'last', header: 'Last sign-in', cell: (u) => (u.lastSignInAt ? formatDate(u.lastSignInAt) : 'Never') },
];

function FilterForm({ filter, orgs }: { filter: UsersFilter; orgs: readonly Organization[] }) {
  return (
    <form class="usa-form laurel-filter margin-y-3" method="get" action="/admin/users" role="search" aria-label="Filter users">
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-4">
          <TextInput name="q" label="Name or email" value={filter.q} />
        </div>
        {orgs.length > 1 ? (
          <div class="tablet:grid-col-3">
            <Select name="organization" label="Organization" value={filter.organization} options={orgs.map((o) => [o.slug, o.name] as const)} emptyLabel="All" />
          </div>
        ) : null}
        <div class="tablet:grid-col-3">
          <Select name="role" label="Role" value={filter.role} options={ROLES.filter((r) => r !== 'earner').map((r) => [r, ROLE_LABELS[r]] as const)} emptyLabel="Any" />
        </div>
        <div class="tablet:grid-col-2">
          <Select name="status" label="Status" value={filter.status} options={[['active', 'Active'], ['deactivated', 'Deactivated']]} emptyLabel="Any" />
        </div>
      </div>
      <Button variant="outline">Filter</Button>
    </form>
  );
}

export function UsersPage({ ctx, filter, result, orgs, invitations }: { ctx: PageContext; filter: UsersFilter; result: ResultPage<UserWithMemberships>; orgs: readonly Organization[]; invitations: readonly PendingInvitation[] }) {
  const invitationColumns: Column<PendingInvitation>[] = [
    { key: 'email', header: 'Email', cell: (i) => i.email },
    { key: 'organization', header: 'Organization', cell: (i) => i.organizationName },
    { key: 'role', header: 'Role', cell: (i) => ROLE_LABELS[i.role] },
    { key: 'expires', header: 'Expires', cell: (i) => formatDate(i.expiresAt) },
    { key: 'actions', header: <span class="usa-sr-only">Actions</span>, cell: (i) => <ActionForm action={`/admin/invitations/${i.id}/revoke`} csrf={ctx.csrf} label="Withdraw" variant="unstyled" /> },
  ];
  return (
    <Page ctx={ctx} title="Users" wide>
      <h1>Users</h1>
      <div class="laurel-actions">
        <a class="usa-button" href={filter.organization ? `/admin/users/invite?organization=${filter.organization}` : '/admin/users/invite'}>
          Invite a user
        </a>
      </div>
      <FilterForm filter={filter} orgs={orgs} />
      <p aria-live="polite">{result.total === 0 ? 'No users match these filters.' : `${result.total.toLocaleString('en-US')} user${result.total === 1 ? '' : 's'}`}</p>
      {result.total > 0 ? <DataTable caption="Users" columns={USER_COLUMNS} rows={result.items} rowKey={(u) => u.id} empty={null} /> : null}
      <Pagination page={result.page} perPage={result.perPage} total={result.total} href={(page) => usersHref(filter, page)} />

      <h2 id="invitations">Pending invitations</h2>
      <DataTable caption="Pending invitations" columns={invitationColumns} rows={invitations} rowKey={(i) => i.id} empty={<p>No invitations are waiting to be accepted.</p>} />
    </Page>
  );
}
