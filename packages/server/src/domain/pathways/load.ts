// Loading a pathway for a change by its authors: not found for those who may not see it, forbidden
// for those who see it but may not author it, a conflict when the caller's version is stale.
import type { Repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { canAuthorPathways, canViewPathway } from '../policy.ts';
import type { Pathway } from './types.ts';

export const STALE_MESSAGE = 'Someone else saved this pathway since you opened it. Your changes are below but not saved: reload the pathway to see theirs, then make yours again.';

export async function pathwayForAuthor(r: Repos, actor: Actor, input: { pathwayId: string; expectedVersion?: number | undefined }): Promise<Pathway> {
  const p = await r.pathways.get(input.pathwayId);
  if (!p || !canViewPathway(actor, p)) throw notFound('The pathway');
  if (!canAuthorPathways(actor, p.organizationId)) throw forbidden('Only the institution’s program authors and administrators can change its pathways.');
  if (input.expectedVersion !== undefined && input.expectedVersion !== p.version) throw new DomainError('pathway_conflict', STALE_MESSAGE, {}, { version: p.version });
  return p;
}

/** Saves `next` over `p` under p's version; a conflict when someone saved in between. */
export async function saveVersioned(r: Repos, p: Pathway, next: Pathway): Promise<void> {
  if (!(await r.pathways.update(next, p.version))) throw new DomainError('pathway_conflict', STALE_MESSAGE);
}
