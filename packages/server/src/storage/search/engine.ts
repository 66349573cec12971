// The dialect-neutral half of the SearchIndex: the adapters find the entries that match the text (with
// a relevance score); this filters them, counts every facet with all filters except its own, sorts and
// pages. Doing it here, over one compact row per match, costs one query per search instead of one per
// facet, and gives both dialects the same counts by construction.
import { editDistance, queryTerms, type QueryTerm } from './text.ts';
import {
  CATEGORICAL_FACETS,
  CREDIT_HOUR_BUCKETS,
  type Candidate,
  type CategoricalFacet,
  type FacetName,
  type FacetValue,
  type InventoryItem,
  type InventoryQuery,
  type InventoryResult,
  type SearchIndex,
} from './types.ts';

export const SEP = '\n';

/** What each dialect's adapter provides. */
export interface SearchBackend {
  /** Bumped by every change to the inventory, in the same transaction. */
  version(): Promise<number>;
  /** Every entry's facet row (cached per version by the engine). */
  all(): Promise<Candidate[]>;
  /** The index keys (Candidate.doc) of the entries matching every term. */
  match(terms: readonly QueryTerm[]): Promise<(number | string)[]>;
  /** Relevance scores (higher is better) of the given matching entries. */
  rank(terms: readonly QueryTerm[], docs: readonly (number | string)[]): Promise<Map<number | string, number>>;
  items(ids: readonly string[]): Promise<InventoryItem[]>;
  /** Known words starting with `first` whose length is within [min, max], for spelling suggestions. */
  vocabulary(first: string, min: number, max: number): Promise<string[]>;
}

export interface CandidateRow {
  program_id: string;
  institution_slug: string;
  institution_name: string;
  endorsement: string;
  credential_type: string | null;
  level: string | null;
  delivery_mode: string | null;
  credit_bearing: number | string;
  credit_hours: number | string;
  cost_free: number | string;
  has_badge: number | string;
  focus_areas: string;
  skills: string;
  partners: string;
  published_at: string;
  title_sort: string;
  doc: number | string;
}

export const CANDIDATE_COLUMNS = [
  'program_id',
  'institution_slug',
  'institution_name',
  'endorsement',
  'credential_type',
  'level',
  'delivery_mode',
  'credit_bearing',
  'credit_hours',
  'cost_free',
  'has_badge',
  'focus_areas',
  'skills',
  'partners',
  'published_at',
  'title_sort',
] as const;

const split = (s: string): string[] => (s ? s.split(SEP) : []);
const one = (v: string | null): string[] => (v ? [v] : []);
const EMPTY: readonly string[] = [];

export function rowToCandidate(r: CandidateRow): Candidate {
  const skills = split(r.skills);
  const partners = split(r.partners);
  const keys: string[][] = [
    [r.endorsement],
    [r.institution_slug],
    one(r.credential_type),
    [Number(r.credit_bearing) ? 'credit' : 'non_credit'],
    split(r.focus_areas),
    one(r.level),
    one(r.delivery_mode),
    [Number(r.cost_free) ? 'free' : 'paid'],
    skills.map((s) => s.toLowerCase()),
    partners.map((s) => s.toLowerCase()),
    [Number(r.has_badge) ? 'yes' : 'no'],
  ];
  const labels: (readonly string[])[] = CATEGORICAL_FACETS.map(() => EMPTY);
  labels[1] = [r.institution_name];
  labels[8] = skills;
  labels[9] = partners;
  return {
    id: r.program_id,
    doc: typeof r.doc === 'bigint' ? Number(r.doc) : r.doc,
    titleSort: r.title_sort,
    publishedAt: r.published_at,
    creditHours: Number(r.credit_hours),
    institutionName: r.institution_name,
    keys,
    labels,
  };
}

export interface ItemRow {
  program_id: string;
  title: string;
  summary: string;
  institution_slug: string;
  institution_name: string;
  endorsement: 'endorsed' | 'not_endorsed';
  credential_type: string | null;
  level: string | null;
  delivery_mode: string | null;
  credit_bearing: number | string;
  credit_hours: number | string;
  cost_free: number | string;
  cost_amount: number | string | null;
  has_badge: number | string;
  badge_image_id: string | null;
  focus_areas: string;
  skills: string;
  partners: string;
  published_at: string;
}

export function rowToItem(r: ItemRow): InventoryItem {
  return {
    programId: r.program_id,
    title: r.title,
    summary: r.summary,
    institutionSlug: r.institution_slug,
    institutionName: r.institution_name,
    endorsement: r.endorsement,
    credentialType: r.credential_type,
    level: r.level,
    deliveryMode: r.delivery_mode,
    creditBearing: Number(r.credit_bearing) === 1,
    creditHours: Number(r.credit_hours),
    costFree: Number(r.cost_free) === 1,
    costAmount: r.cost_amount === null ? null : Number(r.cost_amount),
    hasBadge: Number(r.has_badge) === 1,
    badgeImageId: r.badge_image_id,
    focusAreas: split(r.focus_areas),
    skills: split(r.skills),
    partners: split(r.partners),
    publishedAt: r.published_at,
  };
}

const SKILL = CATEGORICAL_FACETS.indexOf('skill');
const PARTNER = CATEGORICAL_FACETS.indexOf('partner');
/** Long-tailed facets show their most frequent values (and any selected one). */
const TOP_N = 20;

function bucketOf(hours: number): number {
  // By upper bound, so fractional hours (3.5) fall in the next range up rather than in none.
  for (let i = 0; i < CREDIT_HOUR_BUCKETS.length; i++) {
    const b = CREDIT_HOUR_BUCKETS[i]!;
    if (b.max === null || hours <= b.max) return i;
  }
  return CREDIT_HOUR_BUCKETS.length - 1;
}

interface Tally {
  counts: Map<string, number>;
  labels: Map<string, string>;
}

/** Filters and counts facets over a list of candidates. Pure, so it is tested directly. */
export function filterAndCount(cands: readonly Candidate[], query: InventoryQuery): { matched: Candidate[]; facets: InventoryResult['facets'] } {
  const f = query.filters;
  // Active filters: index in CATEGORICAL_FACETS (or -1 for credit hours) and the test.
  const active: { facet: number; test: (c: Candidate) => boolean }[] = [];
  CATEGORICAL_FACETS.forEach((name, i) => {
    const chosen = f[name];
    if (!chosen || chosen.length === 0) return;
    const set = new Set(name === 'skill' || name === 'partner' ? chosen.map((v) => v.toLowerCase()) : chosen);
    active.push({ facet: i, test: (c) => c.keys[i]!.some((k) => set.has(k)) });
  });
  const min = f.credit_hours_min;
  const max = f.credit_hours_max;
  if (min !== undefined || max !== undefined) {
    active.push({ facet: -1, test: (c) => (min === undefined || c.creditHours >= min) && (max === undefined || c.creditHours <= max) });
  }

  const tallies: Tally[] = CATEGORICAL_FACETS.map(() => ({ counts: new Map(), labels: new Map() }));
  const hourCounts = CREDIT_HOUR_BUCKETS.map(() => 0);
  const count = (c: Candidate, i: number) => {
    const t = tallies[i]!;
    const keys = c.keys[i]!;
    const labels = c.labels[i]!;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      t.counts.set(key, (t.counts.get(key) ?? 0) + 1);
      if (labels.length && !t.labels.has(key)) t.labels.set(key, labels[k] ?? labels[0]!);
    }
  };

  const matched: Candidate[] = [];
  for (const c of cands) {
    let fails = 0;
    let failed = 0;
    for (const a of active) {
      if (!a.test(c)) {
        fails++;
        failed = a.facet;
        if (fails > 1) break;
      }
    }
    if (fails === 0) {
      matched.push(c);
      for (let i = 0; i < CATEGORICAL_FACETS.length; i++) count(c, i);
      hourCounts[bucketOf(c.creditHours)]!++;
    } else if (fails === 1) {
      // Fails only its own facet's filter: it still counts towards that facet's other values.
      if (failed === -1) hourCounts[bucketOf(c.creditHours)]!++;
      else count(c, failed);
    }
  }

  const facets = {} as Record<FacetName, FacetValue[]>;
  CATEGORICAL_FACETS.forEach((name, i) => {
    const t = tallies[i]!;
    const chosen = new Set((f[name] ?? []).map((v) => (i === SKILL || i === PARTNER ? v.toLowerCase() : v)));
    let values: FacetValue[] = [...t.counts].map(([value, n]) => ({ value, label: t.labels.get(value) ?? null, count: n, selected: chosen.has(value) }));
    values.sort((a, b) => b.count - a.count || (a.label ?? a.value).localeCompare(b.label ?? b.value, 'en'));
    if (i === SKILL || i === PARTNER) {
      const top = values.slice(0, TOP_N);
      for (const v of values.slice(TOP_N)) if (v.selected) top.push(v);
      values = top;
    }
    for (const v of chosen) if (!t.counts.has(v)) values.push({ value: v, label: null, count: 0, selected: true });
    facets[name] = values;
  });
  facets.credit_hours = CREDIT_HOUR_BUCKETS.map((b, i) => ({
    value: b.value,
    label: null,
    count: hourCounts[i]!,
    selected: min === b.min && (b.max === null ? max === undefined : max === b.max),
  }));

  return { matched, facets };
}

/** Sorts (only as far as the requested page needs) and cuts the page. */
export function sortPage(matched: Candidate[], query: InventoryQuery, rankOf: (c: Candidate) => number): Candidate[] {
  const byTitle = (a: Candidate, b: Candidate) => (a.titleSort < b.titleSort ? -1 : a.titleSort > b.titleSort ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byNewest = (a: Candidate, b: Candidate) => (a.publishedAt > b.publishedAt ? -1 : a.publishedAt < b.publishedAt ? 1 : byTitle(a, b));
  const sorter = query.sort === 'newest' ? byNewest : query.sort === 'title' ? byTitle : (a: Candidate, b: Candidate) => rankOf(b) - rankOf(a) || byTitle(a, b);
  const start = (query.page - 1) * query.perPage;
  const end = start + query.perPage;
  return end <= 200 && matched.length > 2000 ? topK(matched, end, sorter).slice(start, end) : [...matched].sort(sorter).slice(start, end);
}

function topK<T>(items: readonly T[], k: number, cmp: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  for (const x of items) {
    if (out.length < k) {
      out.push(x);
      if (out.length === k) out.sort(cmp);
    } else if (cmp(x, out[k - 1]!) < 0) {
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(x, out[mid]!) < 0) hi = mid;
        else lo = mid + 1;
      }
      out.splice(lo, 0, x);
      out.pop();
    }
  }
  if (out.length < k) out.sort(cmp);
  return out;
}

export interface CacheOptions {
  /** Called with the milliseconds spent loading the facet table after a change (benchmarks). */
  readonly onLoad?: (ms: number, entries: number) => void;
  /** Keep the results of recent searches until the inventory changes (default true; benchmarks turn it off). */
  readonly resultCache?: boolean;
}

/**
 * Builds the SearchIndex over an adapter. It keeps every entry's compact facet row in memory, reloaded
 * when the inventory's version changes (any process's publish/suspend/retire bumps it in the same
 * transaction), so a search costs one version read, the full-text match (keys only) and, for relevance
 * order, the scores of the entries left after filtering. The cache lives in the returned object (one per app).
 */
export function searchIndexOver(backend: SearchBackend, opts: CacheOptions = {}): SearchIndex {
  interface Table {
    version: number;
    all: Candidate[];
    byDoc: Map<number | string, Candidate>;
  }
  let loaded: Table | null = null;
  let loading: Promise<Table> | null = null;

  async function table(): Promise<Table> {
    const version = await backend.version();
    if (loaded && loaded.version === version) return loaded;
    // Concurrent searches after a change share one reload.
    if (!loading) {
      loading = (async () => {
        const t0 = Date.now();
        const all = await backend.all();
        opts.onLoad?.(Date.now() - t0, all.length);
        const t: Table = { version, all, byDoc: new Map(all.map((c) => [c.doc, c])) };
        loaded = t;
        return t;
      })().finally(() => {
        loading = null;
      });
    }
    return loading;
  }

  async function candidates(terms: readonly QueryTerm[] | null): Promise<Candidate[]> {
    const t = await table();
    if (!terms) return t.all;
    const docs = await backend.match(terms);
    const out: Candidate[] = [];
    for (const d of docs) {
      const c = t.byDoc.get(typeof d === 'bigint' ? Number(d) : d);
      if (c) out.push(c);
    }
    return out;
  }

  async function suggest(q: string): Promise<string | null> {
    const terms = queryTerms(q);
    if (terms.length === 0) return null;
    const fixed: string[] = [];
    let changed = false;
    for (const t of terms) {
      const w = t.word;
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
    const found = await candidates(queryTerms(corrected));
    return found.length ? corrected : null;
  }

  async function run(query: InventoryQuery, all: boolean): Promise<{ total: number; page: Candidate[]; facets: InventoryResult['facets']; suggestion: string | null }> {
    const terms = queryTerms(query.q);
    const cands = await candidates(terms.length ? terms : null);
    const { matched, facets } = filterAndCount(cands, query);
    let ranks: Map<number | string, number> | null = null;
    if (query.sort === 'relevance' && terms.length && matched.length > 1) ranks = await backend.rank(terms, matched.map((c) => c.doc));
    const page = sortPage(matched, all ? { ...query, page: 1, perPage: Math.max(matched.length, 1) } : query, (c) => ranks?.get(c.doc) ?? 0);
    const suggestion = matched.length === 0 && cands.length === 0 && terms.length ? await suggest(query.q) : null;
    return { total: matched.length, page, facets, suggestion };
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
      const { total, page, facets, suggestion } = await run(query, false);
      const result = { total, items: await itemsInOrder(page.map((c) => c.id)), facets, suggestion };
      if (opts.resultCache !== false && t.version === resultsVersion) {
        results.set(key, result);
        if (results.size > RESULTS_KEPT) results.delete(results.keys().next().value!);
      }
      return result;
    },
    async *all(query) {
      const { page } = await run({ ...query, page: 1, perPage: 1 }, true);
      for (let i = 0; i < page.length; i += 500) {
        for (const item of await itemsInOrder(page.slice(i, i + 500).map((c) => c.id))) yield item;
      }
    },
  };
}
