// Approving a milestone awaiting approval: the badge is issued now, through the same path as automatic
// milestones (milestones.ts), with the approving issuer as the actor.
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { decidable } from './milestone-decision.ts';
import { finishIssuing, type MilestoneOutcome } from './milestones.ts';

export async function approveMilestone(deps: Deps, actor: Actor, input: { pathwayId: string; userId: string }): Promise<MilestoneOutcome> {
  const { pathway, milestone } = await decidable(deps, actor, input);
  // An approval whose issuing failed half-way is finished by approving again (or by the next job).
  if (milestone.state === 'issuing') return finishIssuing(deps, actor, { pathway, milestone });
  if (milestone.state !== 'pending_approval') throw new DomainError('invalid_transition', milestone.state === 'issued' ? 'This milestone badge was already issued.' : 'This milestone was dismissed.');
  const at = nowIso(deps);
  const moved = await inTransaction(deps, async (tr) => {
    if (!(await tr.pathwayMilestones.transition({ pathwayId: milestone.pathwayId, userId: milestone.userId, from: 'pending_approval', to: 'issuing', decidedBy: actor.kind === 'user' ? actor.userId : null, at }))) return false;
    await audit(tr, { actor, at, action: 'milestone.approved', subjectType: 'pathway', subjectId: milestone.pathwayId, organizationId: milestone.organizationId, data: { userId: milestone.userId } });
    return true;
  });
  if (!moved) throw new DomainError('invalid_transition', 'Someone else decided on this milestone meanwhile.');
  return finishIssuing(deps, actor, { pathway, milestone: { ...milestone, state: 'issuing' } });
}
