// A pathway's staff page (and the API's read for its authors and reviewers): any status, for those the
// policy lets see it, with what the caller may do with it.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { canAuthorPathways, canReviewPathways, canViewPathway } from '../policy.ts';
import { describePathways, type PathwayView } from './views.ts';

export interface PathwayDetail extends PathwayView {
  readonly canEdit: boolean;
  readonly canReview: boolean;
  /** The milestone badge class's name, when one is chosen. */
  readonly milestoneBadgeName: string | null;
}

export async function getPathway(deps: Pick<Deps, 'db'>, actor: Actor | null, input: { pathwayId: string }): Promise<PathwayDetail> {
  const r = repos(deps.db);
  const p = await r.pathways.get(input.pathwayId);
  if (!p || !canViewPathway(actor, p)) throw notFound('The pathway');
  const [view] = await describePathways(r, [p]);
  const bc = p.milestoneBadgeClassId ? await r.badgeClasses.findById(p.milestoneBadgeClassId) : undefined;
  return {
    ...view!,
    canEdit: actor !== null && canAuthorPathways(actor, p.organizationId),
    canReview: actor !== null && p.reviewState === 'pending' && canReviewPathways(actor),
    milestoneBadgeName: bc?.name ?? null,
  };
}
