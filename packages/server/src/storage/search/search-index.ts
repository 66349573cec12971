// The SearchIndex over an adapter: the facet table kept at the inventory's current version, the
// per-term and per-result caches, spelling suggestions, and a search put together from filters.ts and
// ranking.ts.
import type { SearchBackend } from './backend.ts';
import { FacetTable } from './facet-table.ts';
import { filterAndCount } from './filters.ts';
import { relevance, sortPage } from './ranking.ts';
import { editDistance, queryTerms, type QueryTerm } from './text.ts';
import type { InventoryItem, InventoryQuery, InventoryResult, SearchIndex } from './types.ts';

export interface CacheOptions {
  /** Called with the milliseconds spent loading the facet table in full (after start-up, or a long gap). */
  readonly onLoad?: (ms: number, entries: number) => void;
  /** Called with the milliseconds spent applying changed entries to the facet table, and how many. */
  readonly onUpdate?: (ms: number, changed: number) => void;
  /** Keep the results of recent searches until the inventory changes (default true; benchmarks turn it off). */
  readonly resultCache?: boolean;
  /**
   * Keep the database's answers for recent terms (the matches of a query's terms, a term's narrative
   * matches) until the inventory changes (default true): a new combination of facets, sort or page
   * for words already searched then costs no full-text query. Benchmarks of the database part turn it off.
   */
  readonly termCache?: boolean;
}

/** Beyond this many versions behind (or this share of dead slots), a process reloads the whole table. */
const MAX_INCREMENTAL = 2000;

/** The facet table kept at the database's inventory version: `table()` refreshes it when the version moved. */
function facetTableSource(backend: SearchBackend, opts: CacheOptions): { table(): Promise<FacetTable> } {
  let loaded: FacetTable | null = null;
  let refreshing: Promise<FacetTable> | null = null;

  async function refresh(version: number): Promise<FacetTable> {
    const t0 = Date.now();
    const t = loaded;
    if (t && version > t.version && version - t.version <= MAX_INCREMENTAL && t.dead <= Math.max(MAX_INCREMENTAL, t.count / 4)) {
      const changes = await backend.changes(t.version, version);
      // One log row per version: a gap means the log was pruned past this process's version.
      if (changes.length === version - t.version) {
        const ids = [...new Set(changes)];
        t.apply(version, ids, await backend.entriesOf(ids));
        opts.onUpdate?.(Date.now() - t0, ids.length);
        return t;
      }
    }
    const fresh = new FacetTable(version, await backend.entries());
    opts.onLoad?.(Date.now() - t0, fresh.count);
    loaded = fresh;
    return fresh;
  }

  /** The facet table at the database's current version, or a later one (never an earlier one). */
  async function table(): Promise<FacetTable> {
    let version = await backend.version();
    for (;;) {
      const t = loaded;
      if (t && t.version === version) return t;
      if (t && t.version > version) {
        // A refresh that read the version after this search did; unless the database went back (a
        // restore): versions never go down otherwise, so a second read tells.
        const again = await backend.version();
        if (again === t.version) return t;
        version = again;
        if (again > t.version) continue;
        // Went back: fall through to a full reload at that version.
      }
      // Concurrent searches after a change share one refresh; one that started before this search's
      // version read (an older version) is followed by another, so a search sees its own writes.
      refreshing ??= refresh(version).finally(() => {
        refreshing = null;
      });
      const r = await refreshing;
      if (r.version >= version) return r;
    }
  }
  return { table };
}

/** Remembers promises per key for one inventory version; a later version clears it. */
function termCacheOf(opts: CacheOptions): <V extends Int32Array | Uint8Array>(version: number, key: string, make: () => Promise<V>) => Promise<V> {
  // The database's answers per term, for one inventory version (keyed by it: a search that started
  // before a change may finish after it, and must not fill the new version's cache).
  const TERMS_KEPT = 64;
  const termCache = new Map<string, Promise<Int32Array | Uint8Array>>();
  let termVersion = -1;
  function remember<V extends Int32Array | Uint8Array>(version: number, key: string, make: () => Promise<V>): Promise<V> {
    if (opts.termCache === false) return make();
    if (version !== termVersion) {
      if (version < termVersion) return make();
      termCache.clear();
      termVersion = version;
    }
    const k = `${version}|${key}`;
    const hit = termCache.get(k);
    if (hit) {
      termCache.delete(k);
      termCache.set(k, hit);
      return hit as Promise<V>;
    }
    const p = make();
    termCache.set(k, p);
    p.catch(() => termCache.delete(k));
    if (termCache.size > TERMS_KEPT) termCache.delete(termCache.keys().next().value!);
    return p;
  }
  return remember;
}

const termKey = (terms: readonly QueryTerm[]) => terms.map((x) => `${x.stem}/${x.word}${x.prefix ? '*' : ''}`).join(' ');

/** A corrected query (the nearest known word for each unknown one) that finds something, or null. */
async function suggest(backend: SearchBackend, q: string, finds: (terms: readonly QueryTerm[]) => Promise<ArrayLike<number>>): Promise<string | null> {
  const terms = queryTerms(q);
  if (terms.length === 0) return null;
  const fixed: string[] = [];
  let changed = false;
  for (const term of terms) {
    const w = term.word;
    if (w.length < 4 || /[0-9]/.test(w)) {
      fixed.push(w);
      continue;
    }
    const known = await backend.vocabulary(w[0]!, w.length - 2, w.length + 2);
    if (known.includes(w)) {
      fixed.push(w);
      continue;
    }
    // One typo in a short word, two in a long one; the nearest known word wins, then the first alphabetically.
    const allowed = w.length >= 8 ? 2 : 1;
    let best: string | null = null;
    let bestD = allowed + 1;
    for (const k of known) {
      const d = editDistance(w, k, allowed);
      if (d < bestD || (d === bestD && best !== null && k < best)) {
        best = k;
        bestD = d;
      }
    }
    if (bestD > allowed) best = null;
    if (best) changed = true;
    fixed.push(best ?? w);
  }
  if (!changed) return null;
  const corrected = fixed.join(' ');
  const found = await finds(queryTerms(corrected));
  return found.length ? corrected : null;
}

/**
 * Builds the SearchIndex over an adapter. It keeps every entry's facet data in memory for the inventory's
 * current version (any process's publish / revise / suspend / retire bumps it in the same transaction
 * and logs the program in inventory_changes), applying only the changed entries when the version moves,
 * so a search costs one version read, the full-text match (docs only) and, for relevance order, the
 * narrative check the page needs — the last two kept per term until the version moves (term cache).
 * The table and caches live in the returned object (one per app process).
 */
export function searchIndexOver(backend: SearchBackend, opts: CacheOptions = {}): SearchIndex {
  const { table } = facetTableSource(backend, opts);
  const remember = termCacheOf(opts);

  async function matchSlots(t: FacetTable, terms: readonly QueryTerm[]): Promise<Int32Array> {
    return remember(t.version, `m ${termKey(terms)}`, async () => {
      const docs = await backend.match(terms);
      const out = new Int32Array(docs.length);
      let n = 0;
      for (const d of docs) {
        const s = t.slotOf(d);
        if (s >= 0) out[n++] = s;
      }
      return out.subarray(0, n);
    });
  }

  async function narrativeSlots(t: FacetTable, term: QueryTerm): Promise<Uint8Array> {
    return remember(t.version, `n ${termKey([term])}`, async () => {
      const docs = await backend.narrative(term);
      const out = new Uint8Array(t.size);
      for (const d of docs) {
        const s = t.slotOf(d);
        if (s >= 0) out[s] = 1;
      }
      return out;
    });
  }

  async function run(t: FacetTable, query: InventoryQuery, all: boolean): Promise<{ total: number; page: string[]; facets: InventoryResult['facets']; suggestion: string | null }> {
    const terms = queryTerms(query.q);
    const slots = terms.length ? await matchSlots(t, terms) : null;
    const { matched, facets } = filterAndCount(t, slots, query);
    let score: Float64Array | null = null;
    if (query.sort === 'relevance' && terms.length && matched.length > 1) {
      const among = backend.narrativeAmong?.bind(backend);
      score = await relevance(t, matched, terms, all ? Infinity : query.page * query.perPage, {
        all: (k) => narrativeSlots(t, terms[k]!),
        among: among && ((k, docs) => among(terms[k]!, docs)),
      });
    }
    const page = sortPage(t, matched, all ? { ...query, page: 1, perPage: Math.max(matched.length, 1) } : query, score);
    const suggestion = matched.length === 0 && slots !== null && slots.length === 0 ? await suggest(backend, query.q, (terms) => matchSlots(t, terms)) : null;
    return { total: matched.length, page: page.map((s) => t.ids[s]!), facets, suggestion };
  }

  async function itemsInOrder(ids: readonly string[]): Promise<InventoryItem[]> {
    if (ids.length === 0) return [];
    const rows = await backend.items(ids);
    const byId = new Map(rows.map((r) => [r.programId, r]));
    return ids.map((id) => byId.get(id)).filter((x): x is InventoryItem => x !== undefined);
  }

  // Whole results of recent searches, for the current version only: the landing page and popular
  // searches are asked for far more often than the inventory changes.
  const results = new Map<string, InventoryResult>();
  let resultsVersion = -1;
  const RESULTS_KEPT = 256;

  return {
    async search(query) {
      const t = await table();
      if (t.version !== resultsVersion) {
        results.clear();
        resultsVersion = t.version;
      }
      const key = JSON.stringify([query.q, query.filters, query.sort, query.page, query.perPage]);
      const hit = opts.resultCache === false ? undefined : results.get(key);
      if (hit) return hit;
      const version = t.version;
      const { total, page, facets, suggestion } = await run(t, query, false);
      const result = { total, items: await itemsInOrder(page), facets, suggestion };
      if (opts.resultCache !== false && version === resultsVersion && t.version === version) {
        results.set(key, result);
        if (results.size > RESULTS_KEPT) results.delete(results.keys().next().value!);
      }
      return result;
    },
    async *all(query) {
      const { page } = await run(await table(), { ...query, page: 1, perPage: 1 }, true);
      for (let i = 0; i < page.length; i += 500) {
        for (const item of await itemsInOrder(page.slice(i, i + 500))) yield item;
      }
    },
  };
}
