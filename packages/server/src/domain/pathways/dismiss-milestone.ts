// Dismissing a milestone awaiting approval is final: the (pathway, earner) row stays, so the earner is
// not queued for this pathway's milestone again.
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { decidable } from './milestone-decision.ts';

export async function dismissMilestone(deps: Deps, actor: Actor, input: { pathwayId: string; userId: string }): Promise<void> {
  const { milestone } = await decidable(deps, actor, input);
  if (milestone.state !== 'pending_approval') throw new DomainError('invalid_transition', 'Only a milestone awaiting approval can be dismissed.');
  const at = nowIso(deps);
  const moved = await inTransaction(deps, async (tr) => {
    if (!(await tr.pathwayMilestones.transition({ pathwayId: milestone.pathwayId, userId: milestone.userId, from: 'pending_approval', to: 'dismissed', decidedBy: actor.kind === 'user' ? actor.userId : null, at }))) return false;
    await audit(tr, { actor, at, action: 'milestone.dismissed', subjectType: 'pathway', subjectId: milestone.pathwayId, organizationId: milestone.organizationId, data: { userId: milestone.userId } });
    return true;
  });
  if (!moved) throw new DomainError('invalid_transition', 'Someone else decided on this milestone meanwhile.');
}
