// The Issuing page: per institution of the actor, its badge classes with award counts and its recent uploads.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { listBatches } from './batches.ts';
import { listIssuableBadgeClasses } from './list-issuable-badge-classes.ts';
import { listIssuingOrganizations } from './list-issuing-organizations.ts';
import type { BadgeClass, BadgeClassCounts, IssueBatch, Organization } from './types.ts';

export interface IssuingSection {
  readonly organization: Organization;
  readonly badgeClasses: BadgeClass[];
  readonly counts: Map<string, BadgeClassCounts>;
  readonly batches: IssueBatch[];
}

export async function getIssuingOverview(deps: Deps, actor: Actor): Promise<IssuingSection[]> {
  const orgs = await listIssuingOrganizations(deps, actor);
  const r = repos(deps.db);
  return Promise.all(
    orgs.map(async (org) => {
      const [group] = await listIssuableBadgeClasses(deps, actor, { organizationId: org.id });
      return { organization: org, badgeClasses: group?.badgeClasses ?? [], counts: await r.awards.countsByBadgeClass(org.id), batches: await listBatches(deps, actor, org.id) };
    }),
  );
}
