// The organizations whose people the actor manages (the choices of the invite and role forms). Someone
// who manages none gets an empty list.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import type { Organization } from '../institutions/institutions.ts';
import { manageableOrganizationIds } from '../policy.ts';

export async function listManageableOrganizations(deps: Deps, actor: Actor, _input: Record<string, never> = {}): Promise<Organization[]> {
  const scope = manageableOrganizationIds(actor);
  if (scope !== 'all' && scope.length === 0) return [];
  const all = await repos(deps.db).organizations.list();
  return scope === 'all' ? all : all.filter((o) => scope.includes(o.id));
}
