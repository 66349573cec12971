// The badge classes an actor may issue, per institution: the Issuing page, the award list's filter and
// GET /api/v1/badge-classes read them here.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { canIssueBadges, issuingOrganizationIds } from '../policy.ts';
import type { BadgeClass, Organization } from './types.ts';

export interface IssuableBadgeClasses {
  readonly organization: Organization;
  readonly badgeClasses: BadgeClass[];
}

/** Every institution the actor issues for, or only `organizationId` (which the actor must issue for). */
export async function listIssuableBadgeClasses(deps: Deps, actor: Actor, input: { organizationId?: string } = {}): Promise<IssuableBadgeClasses[]> {
  let ids: string[];
  if (input.organizationId !== undefined) {
    if (!canIssueBadges(actor, input.organizationId)) throw forbidden('Only the institution’s issuers can see its badge classes for issuing.');
    ids = [input.organizationId];
  } else {
    ids = issuingOrganizationIds(actor);
    if (ids.length === 0) throw forbidden('Only issuers, institution administrators and institution tokens can list badge classes for issuing.');
  }
  const r = repos(deps.db);
  const out: IssuableBadgeClasses[] = [];
  for (const id of ids) {
    const organization = await r.organizations.findById(id);
    if (!organization) throw notFound('The institution');
    out.push({ organization, badgeClasses: await r.badgeClasses.listForOrganization(id) });
  }
  return out;
}
