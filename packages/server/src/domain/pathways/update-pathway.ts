// Saving changes to a pathway, under the version the author loaded. A published pathway that crosses
// institutions goes back to the Regents' queue when changed (and leaves public view until accepted):
// what the Regents accepted is what the public sees. A same-institution one stays published.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import type { PathwayInput } from './form.ts';
import { pathwayForAuthor, saveVersioned } from './load.ts';
import { pathwayFields } from './save.ts';
import { afterPathwayChange } from './after-change.ts';
import type { Pathway } from './types.ts';

/** Review follows the content: waiting or sent-back stays so, an acceptance does not outlive a change. */
function nextReviewState(p: Pathway, crosses: boolean, backToReview: boolean): Pathway['reviewState'] {
  if (!crosses) return 'not_required';
  if (backToReview) return 'pending';
  return p.reviewState === 'pending' || p.reviewState === 'changes_requested' ? p.reviewState : 'not_required';
}

export async function updatePathway(deps: Deps, actor: Actor, input: PathwayInput & { pathwayId: string; expectedVersion?: number | undefined }): Promise<Pathway> {
  const now = nowIso(deps);
  return inTransaction(deps, async (tr) => {
    const p = await pathwayForAuthor(tr, actor, input);
    const fields = await pathwayFields(tr, p.organizationId, input);
    const backToReview = p.status === 'published' && fields.crossesInstitutions;
    const next: Pathway = { ...p, ...fields, status: backToReview ? 'draft' : p.status, reviewState: nextReviewState(p, fields.crossesInstitutions, backToReview),
      version: p.version + 1,
      updatedAt: now,
    };
    await saveVersioned(tr, p, next);
    await afterPathwayChange(tr, p, next, now);
    await audit(tr, { actor, at: now, action: 'pathway.saved', subjectType: 'pathway', subjectId: p.id, organizationId: p.organizationId, data: { name: next.name, version: next.version, back_to_review: backToReview } });
    return next;
  });
}
