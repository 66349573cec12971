// People administration: change roles, deactivate, create (listing and viewing are list-users.ts and
// get-user.ts). Scoped by policy.manageableOrganizationIds: an institution admin changes only their
// institution's people.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { getUser } from './get-user.ts';
import { newId } from '../ids.ts';
import { assignableRoles, canManageMembers, isSystemAdmin, manageableOrganizationIds } from '../policy.ts';
import { isRole, REGENTS_SLUG, rolesForKind, ROLE_LABELS, type Role } from '../../shared/roles.ts';
import { emailProblem, nameProblem, normalizeEmail, passwordProblem, str } from '../validate.ts';

/** Replaces the user's roles at one organization with `roles` (only roles the actor may grant). */
export async function setUserRoles(deps: Deps, actor: Actor, input: { userId: string; organization: string; roles: unknown }): Promise<void> {
  const r = repos(deps.db);
  const target = await getUser(deps, actor, input.userId);
  const org = await r.organizations.findBySlug(input.organization);
  if (!org) throw notFound('The organization');
  if (!canManageMembers(actor, org)) throw forbidden("You can only change roles at your own institution.");
  const allowed = assignableRoles(actor, org);
  const wanted = Array.isArray(input.roles) ? input.roles : input.roles === undefined || input.roles === '' ? [] : [input.roles];
  const bad = wanted.filter((x) => !isRole(x) || !allowed.includes(x));
  if (bad.length) throw validationError({ roles: `Roles at ${org.name} can only be: ${allowed.map((x) => ROLE_LABELS[x]).join(', ')}.` });
  const next = new Set(wanted as Role[]);
  const current = new Set(target.memberships.filter((m) => m.organizationId === org.id).map((m) => m.role));
  const adding = [...next].filter((x) => !current.has(x));
  const removing = [...current].filter((x) => !next.has(x) && allowed.includes(x));
  if (adding.length === 0 && removing.length === 0) return;

  if (actor.kind === 'user' && actor.userId === target.id && removing.some((x) => x === 'system_admin' || x === 'institution_admin')) {
    throw new DomainError('cannot_change_self', 'You cannot remove your own administrator role; ask another administrator.');
  }
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (removing.includes('system_admin')) {
      const admins = await tr.memberships.usersWithRole('system_admin');
      if (admins.filter((id) => id !== target.id).length === 0) throw new DomainError('last_system_admin', 'There must always be at least one active system administrator.');
    }
    for (const role of adding) await tr.memberships.insert({ id: newId(), userId: target.id, organizationId: org.id, role, at: now });
    for (const role of removing) await tr.memberships.remove(target.id, org.id, role);
    await audit(tr, { actor, at: now, action: 'user.roles_changed', subjectType: 'user', subjectId: target.id, organizationId: org.id, data: { added: adding, removed: removing } });
  });
}

export async function setUserStatus(deps: Deps, actor: Actor, input: { userId: string; status: 'active' | 'deactivated' }): Promise<void> {
  const target = await getUser(deps, actor, input.userId);
  if (actor.kind === 'user' && actor.userId === target.id) throw new DomainError('cannot_change_self', 'You cannot deactivate your own account.');
  const all = await repos(deps.db).memberships.forUser(target.id);
  // Deactivation is account-wide, so an institution admin may only do it for people who belong to
  // nowhere else; for others they remove the roles at their institution instead.
  const scope = manageableOrganizationIds(actor);
  if (scope !== 'all' && !all.every((m) => scope.includes(m.organizationId))) {
    throw forbidden('This person also belongs to another organization; remove their roles at your institution instead.');
  }
  if (!isSystemAdmin(actor) && all.length === 0) throw forbidden();
  if (target.status === input.status) return;
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (input.status === 'deactivated' && all.some((m) => m.role === 'system_admin')) {
      const admins = await tr.memberships.usersWithRole('system_admin');
      if (admins.filter((id) => id !== target.id).length === 0) throw new DomainError('last_system_admin', 'There must always be at least one active system administrator.');
    }
    await tr.users.setStatus(target.id, input.status, now);
    if (input.status === 'deactivated') await tr.sessions.deleteForUser(target.id);
    await audit(tr, { actor, at: now, action: input.status === 'deactivated' ? 'user.deactivated' : 'user.reactivated', subjectType: 'user', subjectId: target.id });
  });
}

/** Creates a user directly (CLI and demo seeding). Institution roles need an institution; Regents roles the Regents. */
export async function createUser(deps: Deps, actor: Actor, input: { email: unknown; name?: unknown; password: unknown; role: unknown; organization?: string | undefined }): Promise<{ userId: string }> {
  if (!isSystemAdmin(actor)) throw forbidden();
  const r = repos(deps.db);
  const email = normalizeEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  const fields: Record<string, string> = {};
  const ep = emailProblem(email);
  if (ep) fields.email = ep;
  const pp = passwordProblem(password, email);
  if (pp) fields.password = pp;
  if (!isRole(input.role)) fields.role = 'Choose a role: system_admin, regents_reviewer, chancellor, institution_admin, program_author, issuer or earner.';
  const name = str(input.name) || email.split('@')[0]!;
  const np = nameProblem(name);
  if (np) fields.name = np;
  if (Object.keys(fields).length) throw validationError(fields);
  const role = input.role as Role;

  let orgId: string | null = null;
  if (role !== 'earner') {
    const slug = input.organization ?? (rolesForKind('regents').includes(role) ? REGENTS_SLUG : undefined);
    if (!slug) throw validationError({ organization: `The ${ROLE_LABELS[role]} role belongs to an institution: give its slug.` });
    const org = await r.organizations.findBySlug(slug);
    if (!org) throw validationError({ organization: `No organization has the slug "${slug}".` });
    if (!rolesForKind(org.kind).includes(role)) throw validationError({ role: `${ROLE_LABELS[role]} is not a role at ${org.name}.` });
    orgId = org.id;
  }
  if (await r.users.findByEmail(email)) throw new DomainError('duplicate_email', `A user with the email ${email} already exists.`, { email: 'This email address is already in use.' });
  const hash = await deps.passwords.hash(password);
  const now = nowIso(deps);
  const userId = newId();
  await inTransaction(deps, async (tr) => {
    await tr.users.insert({ id: userId, email, name, passwordHash: hash, at: now });
    if (orgId) await tr.memberships.insert({ id: newId(), userId, organizationId: orgId, role, at: now });
    await audit(tr, { actor, at: now, action: 'user.created', subjectType: 'user', subjectId: userId, organizationId: orgId, data: { email, role } });
  });
  return { userId };
}
