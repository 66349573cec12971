// People administration pages: system admins see everyone; institution admins see their institution.
import type { FastifyInstance } from 'fastify';
import { inviteUser, revokeInvitation } from '../../domain/accounts/invitations.ts';
import { getUser, listUsers, setUserRoles, setUserStatus, type UserWithMemberships } from '../../domain/accounts/users.ts';
import type { UserActor } from '../../domain/actor.ts';
import { nowIso } from '../../domain/deps.ts';
import { validationError } from '../../domain/errors.ts';
import { assertAllowed, assignableRoles, canManageMembers, canUseAdminPages, manageableOrganizationIds } from '../../domain/policy.ts';
import { INSTITUTION_ROLES, REGENTS_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from '../../shared/roles.ts';
import { requireUser } from '../../kit/auth.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { ActionForm, Alert, Button, Checkboxes, Csrf, ErrorSummary, formatDate, Pagination, Select, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { field, fieldList, formBody, formErrors, pageNumber } from './forms.ts';

async function manageableOrgs(app: FastifyInstance, actor: UserActor): Promise<Organization[]> {
  const all = await repos(app.laurel.deps.db).organizations.list();
  const scope = manageableOrganizationIds(actor);
  return scope === 'all' ? all : all.filter((o) => scope.includes(o.id));
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

function InviteForm({ ctx, orgs, v, errors, message }: { ctx: PageContext; orgs: Organization[]; v: { organization: string; email: string; role: string }; errors: Record<string, string>; message?: string | undefined }) {
  const onlyInstitutions = orgs.every((o) => o.kind === 'institution');
  const roleOptions = (onlyInstitutions ? INSTITUTION_ROLES : [...INSTITUTION_ROLES, ...REGENTS_ROLES]).map((r) => [r, ROLE_LABELS[r]] as const);
  return (
    <Page ctx={ctx} title="Invite a user">
      <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
        <ol class="usa-breadcrumb__list">
          <li class="usa-breadcrumb__list-item">
            <a class="usa-breadcrumb__link" href="/admin/users">
              <span>Users</span>
            </a>
          </li>
          <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
            <span>Invite a user</span>
          </li>
        </ol>
      </nav>
      <h1>Invite a user</h1>
      <p>We will email them a link to join. The link works for 7 days.</p>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action="/admin/users/invite" novalidate>
        <Csrf token={ctx.csrf} />
        {orgs.length === 1 ? (
          <>
            <input type="hidden" name="organization" value={orgs[0]!.slug} />
            <p>
              Organization: <strong>{orgs[0]!.name}</strong>
            </p>
          </>
        ) : (
          <Select name="organization" label="Organization" value={v.organization} options={orgs.map((o) => [o.slug, o.name] as const)} emptyLabel="- Select -" error={errors.organization} required />
        )}
        <TextInput name="email" label="Email address" type="email" autocomplete="off" value={v.email} error={errors.email} required />
        <Select
          name="role"
          label="Role"
          hint={onlyInstitutions ? undefined : 'Regents staff reviewer, Chancellor and System administrator are roles at the State Regents; the others are institution roles.'}
          value={v.role}
          options={roleOptions}
          emptyLabel="- Select -"
          error={errors.role}
          required
        />
        <details class="margin-top-2">
          <summary>What each role can do</summary>
          <dl>
            {(onlyInstitutions ? INSTITUTION_ROLES : ROLES.filter((r) => r !== 'earner')).map((r) => (
              <div key={r}>
                <dt class="text-bold">{ROLE_LABELS[r]}</dt>
                <dd class="margin-left-0 margin-bottom-1">{ROLE_DESCRIPTIONS[r]}</dd>
              </div>
            ))}
          </dl>
        </details>
        <Button>Send invitation</Button>
      </form>
    </Page>
  );
}

export function registerUserPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;

  app.get('/admin/users', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can manage users.');
    const q = req.query as Record<string, string | undefined>;
    const filter = { organization: q.organization || undefined, q: q.q || undefined, role: q.role || undefined, status: q.status || undefined, page: pageNumber(q.page), perPage: 25 };
    const [result, orgs] = await Promise.all([listUsers(deps(), actor, filter), manageableOrgs(app, actor)]);
    const scope = manageableOrganizationIds(actor);
    const invitations = await repos(deps().db).invitations.pending({ organizationIds: scope === 'all' ? undefined : scope, now: nowIso(deps()) });
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const ctx = pageContext(req, reply);
    const href = (page: number) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ organization: filter.organization, q: filter.q, role: filter.role, status: filter.status })) if (v) p.set(k, v);
      if (page > 1) p.set('page', String(page));
      const s = p.toString();
      return `/admin/users${s ? `?${s}` : ''}`;
    };
    return sendPage(
      reply,
      <Page ctx={ctx} title="Users" wide>
        <h1>Users</h1>
        <div class="laurel-actions">
          <a class="usa-button" href={filter.organization ? `/admin/users/invite?organization=${filter.organization}` : '/admin/users/invite'}>
            Invite a user
          </a>
        </div>
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
        <p aria-live="polite">
          {result.total === 0 ? 'No users match these filters.' : `${result.total.toLocaleString('en-US')} user${result.total === 1 ? '' : 's'}`}
        </p>
        {result.total > 0 ? (
          <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Users">
            <table class="usa-table usa-table--borderless width-full">
              <caption class="usa-sr-only">Users</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <a href={`/admin/users/${u.id}`}>{u.name}</a>
                    </th>
                    <td>{u.email}</td>
                    <td>
                      <RoleTags u={u} />
                    </td>
                    <td>{u.status === 'active' ? 'Active' : <span class="usa-tag bg-secondary-dark">Deactivated</span>}</td>
                    <td>{u.lastSignInAt ? formatDate(u.lastSignInAt) : 'Never'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pagination page={result.page} perPage={result.perPage} total={result.total} href={href} />

        <h2 id="invitations">Pending invitations</h2>
        {invitations.length === 0 ? (
          <p>No invitations are waiting to be accepted.</p>
        ) : (
          <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Pending invitations">
            <table class="usa-table usa-table--borderless width-full">
              <caption class="usa-sr-only">Pending invitations</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Organization</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span class="usa-sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.email}</th>
                    <td>{orgName.get(i.organizationId) ?? ''}</td>
                    <td>{ROLE_LABELS[i.role]}</td>
                    <td>{formatDate(i.expiresAt)}</td>
                    <td>
                      <ActionForm action={`/admin/invitations/${i.id}/revoke`} csrf={ctx.csrf} label="Withdraw" variant="unstyled" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Page>,
    );
  });

  app.get('/admin/users/invite', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can invite users.');
    const orgs = await manageableOrgs(app, actor);
    const q = req.query as Record<string, string | undefined>;
    return sendPage(reply, <InviteForm ctx={pageContext(req, reply)} orgs={orgs} v={{ organization: q.organization ?? '', email: '', role: '' }} errors={{}} />);
  });

  app.post('/admin/users/invite', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can invite users.');
    const body = formBody(req);
    const v = { organization: field(body, 'organization'), email: field(body, 'email'), role: field(body, 'role') };
    const orgs = await manageableOrgs(app, actor);
    try {
      if (!v.organization) throw validationError({ organization: 'Choose an organization.' });
      const inv = await inviteUser(deps(), actor, { organization: v.organization, email: v.email, role: v.role });
      return redirectWithFlash(reply, '/admin/users#invitations', { kind: 'success', message: `Invitation sent to ${inv.email}.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendPage(reply, <InviteForm ctx={pageContext(req, reply)} orgs={orgs} v={v} errors={fields} message={message} />, 422);
    }
  });

  app.post('/admin/invitations/:id/revoke', async (req, reply) => {
    const actor = requireUser(req);
    await revokeInvitation(deps(), actor, (req.params as { id: string }).id);
    return redirectWithFlash(reply, '/admin/users#invitations', { kind: 'success', message: 'The invitation was withdrawn; its link no longer works.' });
  });

  app.get('/admin/users/:id', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can manage users.');
    const user = await getUser(deps(), actor, (req.params as { id: string }).id);
    const manageable = await manageableOrgs(app, actor);
    // Role forms for the organizations the person belongs to (that this admin manages), and for an
    // institution admin always their own institution; a system admin can add a role anywhere below.
    const scope = manageableOrganizationIds(actor);
    const orgs = manageable.filter((o) => user.memberships.some((m) => m.organizationId === o.id) || scope !== 'all');
    const others = manageable.filter((o) => !orgs.includes(o));
    const ctx = pageContext(req, reply);
    const self = actor.userId === user.id;
    return sendPage(
      reply,
      <Page ctx={ctx} title={user.name}>
        <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
          <ol class="usa-breadcrumb__list">
            <li class="usa-breadcrumb__list-item">
              <a class="usa-breadcrumb__link" href="/admin/users">
                <span>Users</span>
              </a>
            </li>
            <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
              <span>{user.name}</span>
            </li>
          </ol>
        </nav>
        <h1>{user.name}</h1>
        <dl class="grid-row grid-gap">
          <div class="tablet:grid-col-4">
            <dt class="text-bold">Email</dt>
            <dd class="margin-left-0">{user.email}</dd>
          </div>
          <div class="tablet:grid-col-4">
            <dt class="text-bold">Status</dt>
            <dd class="margin-left-0">{user.status === 'active' ? 'Active' : 'Deactivated'}</dd>
          </div>
          <div class="tablet:grid-col-4">
            <dt class="text-bold">Last sign-in</dt>
            <dd class="margin-left-0">{user.lastSignInAt ? formatDate(user.lastSignInAt) : 'Never'}</dd>
          </div>
        </dl>
        <h2>Roles</h2>
        {orgs.map((org) => {
          const current = user.memberships.filter((m) => m.organizationId === org.id).map((m) => m.role);
          const allowed = assignableRoles(actor, org);
          if (!canManageMembers(actor, org)) return null;
          return (
            <form class="usa-form usa-form--large margin-bottom-4" method="post" action={`/admin/users/${user.id}/roles`} key={org.id}>
              <Csrf token={ctx.csrf} />
              <input type="hidden" name="organization" value={org.slug} />
              <Checkboxes
                name="roles"
                legend={`Roles at ${org.name}`}
                options={allowed.map((r: Role) => ({ value: r, label: ROLE_LABELS[r], description: ROLE_DESCRIPTIONS[r] }))}
                checked={current}
              />
              <Button variant="outline">Save roles at {org.name}</Button>
            </form>
          );
        })}
        {others.length > 0 ? (
          <form class="usa-form usa-form--large margin-bottom-4" method="post" action={`/admin/users/${user.id}/roles/add`}>
            <Csrf token={ctx.csrf} />
            <fieldset class="usa-fieldset">
              <legend class="usa-legend">Give a role at another organization</legend>
              <Select name="organization" label="Organization" options={others.map((o) => [o.slug, o.name] as const)} emptyLabel="- Select -" />
              <Select name="role" label="Role" options={ROLES.filter((r) => r !== 'earner').map((r) => [r, ROLE_LABELS[r]] as const)} emptyLabel="- Select -" />
              <Button variant="outline">Add role</Button>
            </fieldset>
          </form>
        ) : null}
        <h2>Account</h2>
        {self ? (
          <p>This is your own account. Another administrator can deactivate it.</p>
        ) : user.status === 'active' ? (
          <p>
            <a class="usa-button usa-button--secondary" href={`/admin/users/${user.id}/deactivate`}>
              Deactivate account…
            </a>
          </p>
        ) : (
          <ActionForm action={`/admin/users/${user.id}/reactivate`} csrf={ctx.csrf} label="Reactivate account" />
        )}
      </Page>,
    );
  });

  app.post('/admin/users/:id/roles', async (req, reply) => {
    const actor = requireUser(req);
    const id = (req.params as { id: string }).id;
    const body = formBody(req);
    try {
      await setUserRoles(deps(), actor, { userId: id, organization: field(body, 'organization'), roles: fieldList(body, 'roles') });
      return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'success', message: 'Roles saved.' });
    } catch (err) {
      const { message } = formErrors(err);
      return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'error', message });
    }
  });

  app.post('/admin/users/:id/roles/add', async (req, reply) => {
    const actor = requireUser(req);
    const id = (req.params as { id: string }).id;
    const body = formBody(req);
    try {
      const user = await getUser(deps(), actor, id);
      const organization = field(body, 'organization');
      const role = field(body, 'role');
      if (!organization || !role) throw validationError({ role: 'Choose an organization and a role.' }, 'Choose an organization and a role.');
      const current = user.memberships.filter((m) => m.organizationSlug === organization).map((m) => m.role);
      await setUserRoles(deps(), actor, { userId: id, organization, roles: [...current, role] });
      return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'success', message: 'Role added.' });
    } catch (err) {
      const { message, fields } = formErrors(err);
      return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'error', message: Object.values(fields)[0] ?? message });
    }
  });

  app.get('/admin/users/:id/deactivate', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can deactivate accounts.');
    const user = await getUser(deps(), actor, (req.params as { id: string }).id);
    assertAllowed(user.id !== actor.userId, 'You cannot deactivate your own account.');
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title={`Deactivate ${user.name}`}>
        <h1>Deactivate {user.name}?</h1>
        <Alert kind="warning" heading="What happens">
          {user.name} ({user.email}) will be signed out everywhere and will not be able to sign in or use API tokens. Their work and history are kept, and you can reactivate the account later.
        </Alert>
        <div class="laurel-actions">
          <ActionForm action={`/admin/users/${user.id}/deactivate`} csrf={ctx.csrf} label="Yes, deactivate" variant="secondary" />
          <a class="usa-button usa-button--outline" href={`/admin/users/${user.id}`}>
            Cancel
          </a>
        </div>
      </Page>,
    );
  });

  for (const [path, status, done] of [
    ['deactivate', 'deactivated', 'deactivated'],
    ['reactivate', 'active', 'reactivated'],
  ] as const) {
    app.post(`/admin/users/:id/${path}`, async (req, reply) => {
      const actor = requireUser(req);
      const id = (req.params as { id: string }).id;
      try {
        await setUserStatus(deps(), actor, { userId: id, status });
        return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'success', message: `The account was ${done}.` });
      } catch (err) {
        const { message } = formErrors(err);
        return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'error', message });
      }
    });
  }
}
