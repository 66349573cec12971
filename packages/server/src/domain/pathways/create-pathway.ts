// A new pathway starts as a draft of its institution; publishing it is a separate step (publish-pathway.ts).
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { actorUserId } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { forbidden, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { authoringOrganizationIds, canAuthorPathways } from '../policy.ts';
import type { PathwayInput } from './form.ts';
import { pathwayFields } from './save.ts';
import type { Pathway } from './types.ts';

export async function createPathway(deps: Deps, actor: Actor, input: PathwayInput & { institution?: string | undefined }): Promise<Pathway> {
  const r = repos(deps.db);
  let org = input.institution ? await r.organizations.findBySlug(input.institution) : undefined;
  if (input.institution && !org) throw validationError({ institution: `No institution has the slug “${input.institution}”.` });
  if (!org) {
    const mine = authoringOrganizationIds(actor);
    if (mine.length !== 1) throw validationError({ institution: mine.length === 0 ? 'Name the institution that owns the pathway.' : 'Choose the institution this pathway is for.' });
    org = await r.organizations.findById(mine[0]!);
  }
  if (!org || org.kind !== 'institution') throw validationError({ institution: 'Pathways are owned by institutions.' });
  if (!canAuthorPathways(actor, org.id)) throw forbidden('Only the institution’s program authors and administrators can author its pathways.');
  const fields = await pathwayFields(r, org.id, input);
  const now = nowIso(deps);
  const pathway: Pathway = {
    id: newId(),
    organizationId: org.id,
    ...fields,
    status: 'draft',
    reviewState: 'not_required',
    reviewComment: null,
    reviewedBy: null,
    reviewedAt: null,
    version: 1,
    createdBy: actorUserId(actor),
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
  };
  await inTransaction(deps, async (tr) => {
    await tr.pathways.insert(pathway);
    await audit(tr, { actor, at: now, action: 'pathway.created', subjectType: 'pathway', subjectId: pathway.id, organizationId: org.id, data: { name: pathway.name, crosses_institutions: pathway.crossesInstitutions } });
  });
  return pathway;
}
