// Archiving takes a pathway out of public view (and out of the Regents' queue); it can be published again.
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { pathwayForAuthor, saveVersioned } from './load.ts';
import { afterPathwayChange } from './after-change.ts';
import type { Pathway } from './types.ts';

export async function archivePathway(deps: Deps, actor: Actor, input: { pathwayId: string; expectedVersion?: number | undefined }): Promise<Pathway> {
  const now = nowIso(deps);
  return inTransaction(deps, async (tr) => {
    const p = await pathwayForAuthor(tr, actor, input);
    if (p.status === 'archived') throw new DomainError('invalid_transition', 'This pathway is already archived.');
    const next: Pathway = { ...p, status: 'archived', reviewState: p.reviewState === 'pending' ? 'not_required' : p.reviewState, version: p.version + 1, updatedAt: now };
    await saveVersioned(tr, p, next);
    await afterPathwayChange(tr, p, next, now);
    await audit(tr, { actor, at: now, action: 'pathway.archived', subjectType: 'pathway', subjectId: p.id, organizationId: p.organizationId, data: { name: p.name } });
    return next;
  });
}
