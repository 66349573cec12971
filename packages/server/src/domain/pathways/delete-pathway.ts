// Only a pathway that was never published can be deleted; a published one is archived instead, so
// links to its public page and milestone badges that name it keep meaning something.
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { pathwayForAuthor } from './load.ts';

export async function deletePathway(deps: Deps, actor: Actor, input: { pathwayId: string; expectedVersion?: number | undefined }): Promise<{ name: string; organizationId: string }> {
  const now = nowIso(deps);
  return inTransaction(deps, async (tr) => {
    const p = await pathwayForAuthor(tr, actor, input);
    if (p.status !== 'draft' || p.publishedAt !== null) throw new DomainError('invalid_transition', 'Only a draft that was never published can be deleted. Archive this pathway instead.');
    if (!(await tr.pathways.deleteDraft(p.id))) throw new DomainError('pathway_conflict', 'The pathway changed while you were deleting it. Reload it and try again.');
    await audit(tr, { actor, at: now, action: 'pathway.deleted', subjectType: 'pathway', subjectId: p.id, organizationId: p.organizationId, data: { name: p.name } });
    return { name: p.name, organizationId: p.organizationId };
  });
}
