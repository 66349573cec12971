// One person's record and the memberships the actor may see. Another institution's people answer as
// not found, so their ids reveal nothing.
import { repos } from '../../storage/repositories/index.ts';
import type { Membership, User } from '../../storage/repositories/users.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { canViewUser, manageableOrganizationIds } from '../policy.ts';

export type { Membership, User };

export interface UserWithMemberships extends User {
  readonly memberships: readonly Membership[];
}

export async function getUser(deps: Deps, actor: Actor, userId: string): Promise<UserWithMemberships> {
  const r = repos(deps.db);
  const user = await r.users.findById(userId);
  if (!user) throw notFound('The user');
  const memberships = await r.memberships.forUser(user.id);
  if (!canViewUser(actor, { id: user.id, organizationIds: memberships.map((m) => m.organizationId) })) throw notFound('The user');
  const scope = manageableOrganizationIds(actor);
  const self = actor.kind === 'user' && actor.userId === user.id;
  return { ...user, memberships: scope === 'all' || self ? memberships : memberships.filter((m) => scope.includes(m.organizationId)) };
}
