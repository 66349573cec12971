// The award list of one institution the actor issues for: search by recipient or id, filter by badge
// class and status, newest first. Unknown filter values mean "no filter", as the page always did.
import { repos } from '../../storage/repositories/index.ts';
import type { Page } from '../../storage/repositories/types.ts';
import type { Actor } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { listIssuableBadgeClasses } from './list-issuable-badge-classes.ts';
import { listIssuingOrganizations } from './list-issuing-organizations.ts';
import type { Award, AwardStatusFilter, BadgeClass, Organization } from './types.ts';

export const AWARD_STATUS_FILTERS: readonly AwardStatusFilter[] = ['active', 'pending', 'accepted', 'declined', 'suspended', 'revoked', 'expired'];

export interface AwardListInput {
  /** Institution slug; the actor's first institution when absent or not theirs. */
  readonly institution?: string | undefined;
  readonly badgeClassId?: string | undefined;
  readonly q?: string | undefined;
  readonly status?: string | undefined;
  readonly page: number;
  readonly perPage: number;
}

export interface AwardList {
  readonly organizations: Organization[];
  readonly organization: Organization;
  readonly badgeClasses: BadgeClass[];
  /** The filters as applied (unknown values dropped). */
  readonly badgeClassId: string | undefined;
  readonly status: AwardStatusFilter | undefined;
  readonly now: string;
  readonly awards: Page<Award>;
}

export async function listAwards(deps: Deps, actor: Actor, input: AwardListInput): Promise<AwardList> {
  const organizations = await listIssuingOrganizations(deps, actor);
  const organization = organizations.find((o) => o.slug === input.institution) ?? organizations[0]!;
  const [group] = await listIssuableBadgeClasses(deps, actor, { organizationId: organization.id });
  const badgeClasses = group?.badgeClasses ?? [];
  const status = AWARD_STATUS_FILTERS.find((s) => s === input.status);
  const badgeClassId = badgeClasses.find((c) => c.id === input.badgeClassId)?.id;
  const now = nowIso(deps);
  const awards = await repos(deps.db).awards.list({ organizationId: organization.id, badgeClassId, q: input.q?.trim() || undefined, status, now, page: input.page, perPage: input.perPage });
  return { organizations, organization, badgeClasses, badgeClassId, status, now, awards };
}
