// What the sitemap lists: the public pages of the inventory — active institutions and listed programs.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';

export interface SitemapEntries {
  readonly institutionSlugs: readonly string[];
  /** Listed programs in title order, read from the index as consumed. */
  readonly programs: AsyncGenerator<{ readonly programId: string; readonly publishedAt: string }>;
}

export async function listSitemapEntries(deps: Pick<Deps, 'db' | 'search'>, _actor: Actor | null): Promise<SitemapEntries> {
  const orgs = (await repos(deps.db).organizations.list()).filter((o) => o.kind === 'institution' && o.status === 'active');
  return { institutionSlugs: orgs.map((o) => o.slug), programs: deps.search.all({ q: '', filters: {}, sort: 'title' }) };
}
