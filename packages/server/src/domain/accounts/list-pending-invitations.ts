// Invitations not yet accepted, withdrawn or expired, of the organizations the actor manages.
import { repos } from '../../storage/repositories/index.ts';
import type { Invitation } from '../../storage/repositories/invitations.ts';
import type { Actor } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { manageableOrganizationIds } from '../policy.ts';

export type { Invitation };

export interface PendingInvitation extends Invitation {
  readonly organizationName: string;
  readonly organizationSlug: string;
}

export async function listPendingInvitations(deps: Deps, actor: Actor, _input: Record<string, never> = {}): Promise<PendingInvitation[]> {
  const scope = manageableOrganizationIds(actor);
  if (scope !== 'all' && scope.length === 0) throw forbidden('Only administrators can see invitations.');
  const r = repos(deps.db);
  const [invitations, orgs] = await Promise.all([r.invitations.pending({ organizationIds: scope === 'all' ? undefined : scope, now: nowIso(deps) }), r.organizations.list()]);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return invitations.map((i) => ({ ...i, organizationName: byId.get(i.organizationId)?.name ?? '', organizationSlug: byId.get(i.organizationId)?.slug ?? '' }));
}
