// What the learner-record use cases share: which badges may go into a record, and the record type.
import type { UserActor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { listPortfolio } from './list-portfolio.ts';
import type { BadgeView } from './badge-view.ts';

export type { LearnerRecord } from '../../storage/repositories/learner-records.ts';

/**
 * A record holds what the earner stands behind and a verifier will pass: accepted badges that are still
 * valid. Pending or declined badges are not the earner's claim yet; revoked, suspended or expired ones
 * would only make the record fail (a suspension is Laurel-side, so outside verifiers would not see it).
 */
export function isRecordable(v: BadgeView): boolean {
  return v.status === 'accepted';
}

/** The earner's badges that may go into a learner record, in portfolio order. */
export async function recordableBadges(deps: Deps, actor: UserActor): Promise<BadgeView[]> {
  return (await listPortfolio(deps, actor, { userId: actor.userId })).filter(isRecordable);
}
