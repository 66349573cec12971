// People administration pages: system admins see everyone; institution admins see their institution.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getUser } from '../../domain/accounts/get-user.ts';
import { inviteUser, revokeInvitation } from '../../domain/accounts/invitations.ts';
import { listManageableOrganizations } from '../../domain/accounts/list-manageable-organizations.ts';
import { listPendingInvitations } from '../../domain/accounts/list-pending-invitations.ts';
import { listUsers } from '../../domain/accounts/list-users.ts';
import { setUserRoles, setUserStatus } from '../../domain/accounts/users.ts';
import { validationError } from '../../domain/errors.ts';
import { assertAllowed, assignableRoles, canManageMembers, canUseAdminPages, manageableOrganizationIds } from '../../domain/policy.ts';
import { requireUser } from '../../kit/auth.ts';
import { canOfferMfaReset } from '../../domain/accounts/manage-mfa.ts';
import { DeactivateUserPage } from '../pages/users/deactivate-user.tsx';
import { InviteUserPage } from '../pages/users/invite-user.tsx';
import { UserDetailPage, type RoleForm } from '../pages/users/user-detail.tsx';
import { UsersPage } from '../pages/users/users-list.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields, IdParams, queryOf } from '../schemas.ts';
import { field, fieldList, formErrors, pageNumber } from './forms.ts';

export function registerUserPages(app: FastifyInstance): void {
  registerUserList(app);
  registerInvitePages(app);
  registerUserDetail(app);
  registerUserChanges(app);
}

function registerUserList(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/admin/users', { schema: { querystring: queryOf('organization', 'q', 'role', 'status', 'page') } }, async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can manage users.');
    const q = req.query;
    const filter = { organization: q.organization || undefined, q: q.q || undefined, role: q.role || undefined, status: q.status || undefined };
    const deps = app.laurel.deps;
    const [result, orgs, invitations] = await Promise.all([
      listUsers(deps, actor, { ...filter, page: pageNumber(q.page), perPage: 25 }),
      listManageableOrganizations(deps, actor),
      listPendingInvitations(deps, actor),
    ]);
    return sendPage(reply, <UsersPage ctx={pageContext(req, reply)} filter={filter} result={result} orgs={orgs} invitations={invitations} />);
  });
}

function registerInvitePages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/admin/users/invite', { schema: { querystring: queryOf('organization') } }, async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can invite users.');
    const orgs = await listManageableOrganizations(deps(), actor);
    return sendPage(reply, <InviteUserPage ctx={pageContext(req, reply)} orgs={orgs} v={{ organization: req.query.organization ?? '', email: '', role: '' }} errors={{}} />);
  });

  app.post('/admin/users/invite', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can invite users.');
    const body = req.body;
    const v = { organization: field(body, 'organization'), email: field(body, 'email'), role: field(body, 'role') };
    const orgs = await listManageableOrganizations(deps(), actor);
    try {
      if (!v.organization) throw validationError({ organization: 'Choose an organization.' });
      const inv = await inviteUser(deps(), actor, { organization: v.organization, email: v.email, role: v.role });
      return redirectWithFlash(reply, '/admin/users#invitations', { kind: 'success', message: `Invitation sent to ${inv.email}.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendPage(reply, <InviteUserPage ctx={pageContext(req, reply)} orgs={orgs} v={v} errors={fields} message={message} />, 422);
    }
  });

  app.post('/admin/invitations/:id/revoke', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    await revokeInvitation(deps(), actor, req.params.id);
    return redirectWithFlash(reply, '/admin/users#invitations', { kind: 'success', message: 'The invitation was withdrawn; its link no longer works.' });
  });
}

function registerUserDetail(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/admin/users/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can manage users.');
    const user = await getUser(deps(), actor, req.params.id);
    const manageable = await listManageableOrganizations(deps(), actor);
    // Role forms for the organizations the person belongs to (that this admin manages), and for an
    // institution admin always their own institution; a system admin can add a role anywhere below.
    const scope = manageableOrganizationIds(actor);
    const orgs = manageable.filter((o) => user.memberships.some((m) => m.organizationId === o.id) || scope !== 'all');
    const others = manageable.filter((o) => !orgs.includes(o));
    const roleForms: RoleForm[] = orgs
      .filter((org) => canManageMembers(actor, org))
      .map((org) => ({ org, current: user.memberships.filter((m) => m.organizationId === org.id).map((m) => m.role), allowed: assignableRoles(actor, org) }));
    return sendPage(reply, <UserDetailPage ctx={pageContext(req, reply)} user={user} roleForms={roleForms} others={others} self={actor.userId === user.id} mfaReset={await canOfferMfaReset(deps(), actor, { userId: user.id })} />);
  });

  app.get('/admin/users/:id/deactivate', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canUseAdminPages(actor), 'Only administrators can deactivate accounts.');
    const user = await getUser(deps(), actor, req.params.id);
    assertAllowed(user.id !== actor.userId, 'You cannot deactivate your own account.');
    return sendPage(reply, <DeactivateUserPage ctx={pageContext(req, reply)} user={user} />);
  });
}

function registerUserChanges(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.post('/admin/users/:id/roles', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const id = req.params.id;
    try {
      await setUserRoles(deps(), actor, { userId: id, organization: field(req.body, 'organization'), roles: fieldList(req.body, 'roles') });
      return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'success', message: 'Roles saved.' });
    } catch (err) {
      const { message } = formErrors(err);
      return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'error', message });
    }
  });

  app.post('/admin/users/:id/roles/add', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const id = req.params.id;
    try {
      const user = await getUser(deps(), actor, id);
      const organization = field(req.body, 'organization');
      const role = field(req.body, 'role');
      if (!organization || !role) throw validationError({ role: 'Choose an organization and a role.' }, 'Choose an organization and a role.');
      const current = user.memberships.filter((m) => m.organizationSlug === organization).map((m) => m.role);
      await setUserRoles(deps(), actor, { userId: id, organization, roles: [...current, role] });
      return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'success', message: 'Role added.' });
    } catch (err) {
      const { message, fields } = formErrors(err);
      return redirectWithFlash(reply, `/admin/users/${id}`, { kind: 'error', message: Object.values(fields)[0] ?? message });
    }
  });

  for (const [path, status, done] of [
    ['deactivate', 'deactivated', 'deactivated'],
    ['reactivate', 'active', 'reactivated'],
  ] as const) {
    app.post(`/admin/users/:id/${path}`, { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
      const actor = requireUser(req);
      const id = req.params.id;
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
