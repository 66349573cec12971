// Which milestone an issuer decides on (approve-milestone.ts, dismiss-milestone.ts): only the milestone
// badge's institution decides.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { canIssueBadges } from '../policy.ts';
import type { Pathway, PathwayMilestone } from './types.ts';

export async function decidable(deps: Deps, actor: Actor, input: { pathwayId: string; userId: string }): Promise<{ pathway: Pathway; milestone: PathwayMilestone }> {
  const r = repos(deps.db);
  const milestone = await r.pathwayMilestones.get(input.pathwayId, input.userId);
  const pathway = milestone ? await r.pathways.get(milestone.pathwayId) : undefined;
  if (!milestone || !pathway) throw notFound('The milestone');
  if (!canIssueBadges(actor, milestone.organizationId)) throw forbidden('Only the issuers of the milestone badge’s institution decide on it.');
  return { pathway, milestone };
}

