// The bulk feed: every listed program's credential in pages ordered by program id (a keyset, so a page
// neither repeats nor skips programs listed meanwhile), and every active organization. Public, like the
// inventory. The HTTP shape (the graph and its `next` link) is the route's; docs/CTDL.md describes it.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { validationError } from '../errors.ts';
import { getPublishedProgram } from '../programs/published.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { CtdlNode } from './ctdl.ts';
import { ctdlSite, organizationDocument, programDocument, regentsOf } from './documents.ts';

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 500;

export interface CtdlCredentialPage {
  readonly nodes: CtdlNode[];
  /** The cursor of the next page, or null on the last one. */
  readonly nextAfter: string | null;
}

export function feedLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return FEED_DEFAULT_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > FEED_MAX_LIMIT) throw validationError({ limit: `Give a whole number from 1 to ${FEED_MAX_LIMIT}.` });
  return n;
}

export async function listCtdlCredentials(deps: Pick<Deps, 'db' | 'config'>, _actor: Actor | null, input: { readonly after?: string; readonly limit?: number }): Promise<CtdlCredentialPage> {
  const limit = input.limit ?? FEED_DEFAULT_LIMIT;
  const r = repos(deps.db);
  const ids = await r.programs.publishedIdsAfter(input.after ?? '', limit + 1);
  const page = ids.slice(0, limit);
  const site = ctdlSite(deps);
  const regents = await regentsOf(r);
  const nodes: CtdlNode[] = [];
  for (const id of page) {
    const view = await getPublishedProgram(deps.db, id);
    if (view) nodes.push(await programDocument(r, site, view, regents));
  }
  return { nodes, nextAfter: ids.length > limit ? page.at(-1)! : null };
}

/** The Regents and every active institution. */
export async function listCtdlOrganizations(deps: Pick<Deps, 'db' | 'config'>, _actor: Actor | null): Promise<CtdlNode[]> {
  const site = ctdlSite(deps);
  const orgs = (await repos(deps.db).organizations.list()).filter((o) => o.status === 'active');
  return orgs.map((o) => organizationDocument(site, o));
}
