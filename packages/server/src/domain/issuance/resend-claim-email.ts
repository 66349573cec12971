// The issuer sends the claim email again, with a new link (the earlier link stops working), to the
// award's recipient address. Not for a revoked award, nor one already accepted into a portfolio.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { replaceClaimLink } from '../portfolio/claim-link.ts';
import { getAwardForIssuer } from './manage-awards.ts';
import type { Award } from './types.ts';

/** Why the claim email cannot be sent again, or undefined when it can. */
export function resendClaimProblem(a: Pick<Award, 'revokedAt' | 'claimState'>): string | undefined {
  if (a.revokedAt) return 'This award is revoked: there is nothing to claim.';
  if (a.claimState === 'accepted') return 'The recipient already accepted this badge.';
  return undefined;
}

export async function resendClaimEmail(deps: Deps, actor: Actor, input: { awardId: string }): Promise<Award> {
  const a = await getAwardForIssuer(deps, actor, input.awardId);
  const problem = resendClaimProblem(a);
  if (problem) throw new DomainError('invalid_transition', problem);
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await replaceClaimLink(deps, tr, a, now))) throw new DomainError('invalid_transition', 'The claim email was just sent again by someone else.');
    await audit(tr, { actor, at: now, action: 'award.claim_email_resent', subjectType: 'award', subjectId: a.id, organizationId: a.organizationId, data: { to: a.recipientEmail } });
  });
  deps.wake();
  return (await repos(deps.db).awards.findById(a.id))!;
}
