// Published pathways for the public and the API, optionally of one institution (the owner, or where a
// component or the destination is offered) or touching one program.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { validationError } from '../errors.ts';
import { describePathways, type PathwayView } from './views.ts';

export async function listPublishedPathways(deps: Pick<Deps, 'db'>, _actor: Actor | null, input: { institution?: string | undefined; programId?: string | undefined } = {}): Promise<PathwayView[]> {
  const r = repos(deps.db);
  const published = input.programId ? (await r.pathways.listTouchingProgram(input.programId)).filter((p) => p.status === 'published') : await r.pathways.listPublished();
  const views = await describePathways(r, published);
  if (!input.institution) return views;
  const org = await r.organizations.findBySlug(input.institution);
  if (!org) throw validationError({ institution: `No institution has the slug “${input.institution}”.` });
  return views.filter((v) => v.owner.id === org.id || v.destination.institution?.id === org.id || v.components.some((c) => c.institution?.id === org.id));
}
