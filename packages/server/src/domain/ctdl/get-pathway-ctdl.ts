// A public pathway's CTDL (/pathways/{id}.ctdl.json): the pathway and its components as one graph.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { CtdlNode } from './ctdl.ts';
import { ctdlSite, pathwayDocument } from './documents.ts';
import { isPublicPathway } from './map-pathway.ts';

export async function getPathwayCtdl(deps: Pick<Deps, 'db' | 'config'>, _actor: Actor | null, input: { readonly pathwayId: string }): Promise<CtdlNode[]> {
  const r = repos(deps.db);
  const pathway = await r.pathways.get(input.pathwayId);
  const nodes = pathway && isPublicPathway(pathway) ? await pathwayDocument(r, ctdlSite(deps), pathway) : undefined;
  if (!nodes) throw new DomainError('not_found', 'This pathway is not published, so it has no CTDL document.');
  return nodes;
}

/** Every public pathway's nodes, for the bulk feed (pathways are few: one list, no pages). */
export async function listCtdlPathways(deps: Pick<Deps, 'db' | 'config'>, _actor: Actor | null): Promise<CtdlNode[]> {
  const r = repos(deps.db);
  const site = ctdlSite(deps);
  const out: CtdlNode[] = [];
  for (const p of (await r.pathways.listPublished()).filter(isPublicPathway)) out.push(...((await pathwayDocument(r, site, p)) ?? []));
  return out;
}
