// Publishing: a pathway within one institution goes public at once; one that crosses institutions goes
// to the Regents' queue (review_state 'pending') and is public only once a reviewer accepts it.
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { pathwayForAuthor, saveVersioned } from './load.ts';
import { afterPathwayChange } from './after-change.ts';
import type { Pathway } from './types.ts';

export async function publishPathway(deps: Deps, actor: Actor, input: { pathwayId: string; expectedVersion?: number | undefined }): Promise<Pathway> {
  const now = nowIso(deps);
  return inTransaction(deps, async (tr) => {
    const p = await pathwayForAuthor(tr, actor, input);
    if (p.status === 'published') throw new DomainError('invalid_transition', 'This pathway is already published.');
    if (p.reviewState === 'pending') throw new DomainError('invalid_transition', 'This pathway is already waiting for the Regents’ review.');
    const next: Pathway = p.crossesInstitutions
      ? { ...p, status: 'draft', reviewState: 'pending', reviewComment: null, version: p.version + 1, updatedAt: now }
      : { ...p, status: 'published', reviewState: 'not_required', reviewComment: null, publishedAt: p.publishedAt ?? now, version: p.version + 1, updatedAt: now };
    await saveVersioned(tr, p, next);
    await afterPathwayChange(tr, p, next, now);
    await audit(tr, { actor, at: now, action: p.crossesInstitutions ? 'pathway.sent_for_review' : 'pathway.published', subjectType: 'pathway', subjectId: p.id, organizationId: p.organizationId, data: { name: p.name } });
    return next;
  });
}
