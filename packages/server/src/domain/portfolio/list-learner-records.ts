// The learner-record page's data: the earner's records, newest first, and the badges a new one may hold.
import { repos } from '../../storage/repositories/index.ts';
import type { UserActor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { canManageLearnerRecords } from '../policy.ts';
import type { BadgeView } from './badge-view.ts';
import { recordableBadges, type LearnerRecord } from './learner-record.ts';

export async function listLearnerRecords(deps: Deps, actor: UserActor): Promise<{ records: LearnerRecord[]; badges: BadgeView[] }> {
  if (!canManageLearnerRecords(actor, actor.userId)) throw forbidden('Only the earner can see their learner records.');
  const [records, badges] = await Promise.all([repos(deps.db).learnerRecords.forUser(actor.userId), recordableBadges(deps, actor)]);
  return { records, badges };
}
