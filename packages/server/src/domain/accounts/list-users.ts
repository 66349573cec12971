// The people an administrator manages: system admins see everyone, institution admins their
// institution's people (and of each person only the memberships they manage).
import { repos } from '../../storage/repositories/index.ts';
import type { Page } from '../../storage/repositories/types.ts';
import type { Membership } from '../../storage/repositories/users.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { canManageMembers, manageableOrganizationIds } from '../policy.ts';
import { isRole } from '../../shared/roles.ts';
import type { UserWithMemberships } from './get-user.ts';

export type { Page };

export interface UserFilter {
  readonly organization?: string | undefined;
  readonly q?: string | undefined;
  readonly role?: string | undefined;
  readonly status?: string | undefined;
  readonly page?: number;
  readonly perPage?: number;
}

export async function listUsers(deps: Deps, actor: Actor, filter: UserFilter): Promise<Page<UserWithMemberships>> {
  const r = repos(deps.db);
  const scope = manageableOrganizationIds(actor);
  let organizationIds: string[] | undefined = scope === 'all' ? undefined : scope;
  if (scope !== 'all' && scope.length === 0) throw forbidden('Only administrators can list users.');
  if (filter.organization) {
    const org = await r.organizations.findBySlug(filter.organization);
    if (!org) throw notFound('The organization');
    if (!canManageMembers(actor, org)) throw forbidden("You can only see your own institution's users.");
    organizationIds = [org.id];
  }
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const perPage = Math.min(100, Math.max(1, Math.floor(filter.perPage ?? 25)));
  const status = filter.status === 'active' || filter.status === 'deactivated' ? filter.status : undefined;
  const role = isRole(filter.role) ? filter.role : undefined;
  const result = await r.users.list({ organizationIds, q: filter.q?.trim() || undefined, role, status, page, perPage });
  const memberships = await r.memberships.forUsers(result.items.map((u) => u.id));
  const visible = (m: Membership) => scope === 'all' || scope.includes(m.organizationId);
  return { ...result, items: result.items.map((u) => ({ ...u, memberships: memberships.filter((m) => m.userId === u.id && visible(m)) })) };
}
