// The Regents' decision on a cross-institution pathway: accept (it goes public) or request changes with
// a comment the author sees on the pathway's page (it goes back to them as a draft).
import { actorUserId, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { canReviewPathways } from '../policy.ts';
import { STALE_MESSAGE } from './load.ts';
import { afterPathwayChange } from './after-change.ts';
import type { Pathway } from './types.ts';

export async function reviewPathway(
  deps: Deps,
  actor: Actor,
  input: { pathwayId: string; decision: 'accept' | 'request_changes'; comment?: string | undefined; expectedVersion?: number | undefined },
): Promise<Pathway> {
  if (!canReviewPathways(actor)) throw forbidden('Only the Regents’ reviewers decide on pathways that cross institutions.');
  const comment = (input.comment ?? '').trim();
  if (input.decision === 'request_changes' && !comment) throw validationError({ comment: 'Say what should change, for the pathway’s authors.' });
  if (comment.length > 5000) throw validationError({ comment: 'Use at most 5,000 characters.' });
  const now = nowIso(deps);
  return inTransaction(deps, async (tr) => {
    const p = await tr.pathways.get(input.pathwayId);
    if (!p) throw notFound('The pathway');
    if (p.reviewState !== 'pending') throw new DomainError('invalid_transition', 'This pathway is not waiting for review.');
    if (input.expectedVersion !== undefined && input.expectedVersion !== p.version) throw new DomainError('pathway_conflict', STALE_MESSAGE);
    const base = { ...p, reviewComment: comment || null, reviewedBy: actorUserId(actor), reviewedAt: now, version: p.version + 1, updatedAt: now };
    const next: Pathway =
      input.decision === 'accept' ? { ...base, status: 'published', reviewState: 'accepted', publishedAt: p.publishedAt ?? now } : { ...base, status: 'draft', reviewState: 'changes_requested' };
    if (!(await tr.pathways.update(next, p.version))) throw new DomainError('pathway_conflict', STALE_MESSAGE);
    await afterPathwayChange(tr, p, next, now);
    await audit(tr, {
      actor,
      at: now,
      action: input.decision === 'accept' ? 'pathway.review_accepted' : 'pathway.review_changes_requested',
      subjectType: 'pathway',
      subjectId: p.id,
      organizationId: p.organizationId,
      data: { name: p.name, comment: comment || null },
    });
    return next;
  });
}
