// The public pathway page and the API's public read: published pathways only, for anyone.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { describePathways, type PathwayView } from './views.ts';

export async function getPublishedPathway(deps: Pick<Deps, 'db'>, _actor: Actor | null, input: { pathwayId: string }): Promise<PathwayView> {
  const r = repos(deps.db);
  const p = await r.pathways.get(input.pathwayId);
  if (!p || p.status !== 'published') throw new DomainError('not_found', 'This pathway is not published. It may be a draft, waiting for review, or archived.');
  return (await describePathways(r, [p]))[0]!;
}
