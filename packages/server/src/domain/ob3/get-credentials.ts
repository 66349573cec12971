// getCredentials of the OB 3.0 API: the earner's Open Badges 3.0 credentials, oldest first, paged by
// limit/offset over the whole set, `since` keeping those issued after a moment. Badges Laurel issued
// (every one sent to the earner's account or confirmed addresses, except those they declined) come as
// signed, byte for byte as stored; OB 3.0 badges the earner imported or an app pushed come as they were
// received: Data Integrity ones in `credential`, VC-JWT ones in `compactJwsString`. OB 2.0 imports are
// not AchievementCredentials and are left out.
import type { ObCaller } from '../oauth/access.ts';
import type { Deps } from '../deps.ts';
import { validationError } from '../errors.ts';
import { listImportedBadges } from '../portfolio/list-imported-badges.ts';
import { listPortfolio } from '../portfolio/list-portfolio.ts';

export const OB_PAGE_DEFAULT = 50;
export const OB_PAGE_MAX = 200;

interface Item {
  readonly key: string;
  readonly issuedAt: string;
  readonly json?: object;
  readonly jws?: string;
}

export interface CredentialsPage {
  readonly credential: object[];
  readonly compactJwsString: string[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** `since` as the API takes it (ISO 8601 date-time); refused with a message when it is not one. */
function sinceOf(since: string | undefined): string | undefined {
  if (since === undefined || since === '') return undefined;
  const t = Date.parse(since);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(since) || Number.isNaN(t)) {
    throw validationError({ since: 'Give `since` as an ISO 8601 date and time, such as 2026-11-01T00:00:00Z.' });
  }
  return new Date(t).toISOString();
}

async function allItems(deps: Deps, caller: ObCaller): Promise<Item[]> {
  const [awards, imported] = await Promise.all([listPortfolio(deps, caller.actor), listImportedBadges(deps, caller.actor, { userId: caller.actor.userId })]);
  const items: Item[] = awards.filter((b) => b.award.claimState !== 'declined').map((b) => ({ key: `a:${b.award.id}`, issuedAt: b.award.issuedAt, json: JSON.parse(b.award.credential) as object }));
  for (const e of imported) {
    if (e.version !== '3.0') continue;
    const issuedAt = e.issuedAt ?? e.createdAt;
    items.push(e.format === 'vc-jwt' ? { key: `e:${e.id}`, issuedAt, jws: e.credential } : { key: `e:${e.id}`, issuedAt, json: JSON.parse(e.credential) as object });
  }
  return items.sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.key.localeCompare(b.key));
}

export async function getObCredentials(deps: Deps, caller: ObCaller, input: { limit?: number; offset?: number; since?: string }): Promise<CredentialsPage> {
  // Asking for more than a page may hold is said so, rather than silently cut.
  if (input.limit !== undefined && input.limit > OB_PAGE_MAX) throw validationError({ limit: `limit is at most ${OB_PAGE_MAX}.` });
  const limit = input.limit ?? OB_PAGE_DEFAULT;
  const offset = input.offset ?? 0;
  const since = sinceOf(input.since);
  const items = (await allItems(deps, caller)).filter((i) => !since || Date.parse(i.issuedAt) > Date.parse(since));
  const page = items.slice(offset, offset + limit);
  return {
    credential: page.flatMap((i) => (i.json ? [i.json] : [])),
    compactJwsString: page.flatMap((i) => (i.jws ? [i.jws] : [])),
    total: items.length,
    limit,
    offset,
  };
}
