// The Regents' queue: cross-institution pathways waiting for a decision, oldest change first.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { canReviewPathways } from '../policy.ts';
import { describePathways, type PathwayView } from './views.ts';

export async function getPathwayReviewQueue(deps: Pick<Deps, 'db'>, actor: Actor): Promise<PathwayView[]> {
  if (!canReviewPathways(actor)) throw forbidden('The pathway review queue is for the Regents’ reviewers.');
  const r = repos(deps.db);
  return describePathways(r, await r.pathways.listByReviewState(['pending']));
}
