// Ordering the matches: field-weighted relevance (asking the adapter about narratives only where the
// page needs it), newest and title order, and cutting the requested page.
import type { FacetTable } from './facet-table.ts';
import { fieldMatcher, type QueryTerm } from './text.ts';
import type { InventoryQuery } from './types.ts';

// Field weights for relevance: title > skills > narrative > institution/partners and the rest.
export const FIELD_WEIGHTS = { title: 10, skills: 5, narrative: 2, other: 1 } as const;

/** Where relevance learns which matches have a term (by index in the query's terms) in their narrative. */
export interface NarrativeLookup {
  /** By slot: 1 where the entry has the term in its narrative. */
  all(k: number): Promise<Uint8Array>;
  among?: ((k: number, docs: readonly number[]) => Promise<readonly number[]>) | undefined;
}

/** Beyond this many docs checked one by one, relevance asks for the term's whole narrative match instead. */
const AMONG_LIMIT = 400;

/**
 * Relevance of each matched slot (aligned with `matched`): per query term, the weight of the best field
 * holding it — title, then skills (both known here), then narrative (asked of the adapter only for the
 * matches that have the term in neither), else the lowest (institution, partners and the rest) — plus,
 * below one point, the share of the title's words that are query terms, so a focused title ranks first.
 *
 * Only the first `need` in relevance order must be exact (the page, and those before it). A doc still in
 * doubt scores its upper bound (narrative for every doubtful term); when the best `need` by upper bound
 * are all exact, no lookup is needed (the usual case when the word is in many titles). Otherwise, where
 * the adapter can check a few docs cheaply, only those docs are resolved, and so on until the best
 * `need` are exact; else the term's whole narrative match is fetched once. Since no doc outside the best
 * `need` can score above its upper bound, that order is the exact order; other scores may stay bounds.
 */
export async function relevance(t: FacetTable, matched: readonly number[], terms: readonly QueryTerm[], need: number, lookup: NarrativeLookup): Promise<Float64Array> {
  const n = matched.length;
  const rank = t.titleRank;
  const score = new Float64Array(n);
  const open = new Uint8Array(n);
  const matchers = terms.map(fieldMatcher);
  let doubtful = 0;
  for (let i = 0; i < n; i++) {
    const s = matched[i]!;
    const td = t.titleDoc(s);
    let sd: string | undefined;
    let sum = 0;
    let titled = 0;
    for (let k = 0; k < matchers.length; k++) {
      const m = matchers[k]!;
      if (m(td)) {
        sum += FIELD_WEIGHTS.title;
        titled++;
      } else if (m((sd ??= t.skillsDoc(s)))) sum += FIELD_WEIGHTS.skills;
      else {
        // In doubt between narrative and the rest: scored as narrative (the upper bound) until resolved.
        open[i] = open[i]! | (1 << k);
        sum += FIELD_WEIGHTS.narrative;
      }
    }
    if (titled) sum += (0.5 * Math.min(titled, t.titleWords(s))) / t.titleWords(s);
    score[i] = sum;
    if (open[i]) doubtful++;
  }
  if (doubtful === 0) return score;

  const resolve = (i: number, k: number, inNarrative: boolean) => {
    if (!(open[i]! & (1 << k))) return;
    open[i] = open[i]! & ~(1 << k);
    if (!inNarrative) score[i] = score[i]! - (FIELD_WEIGHTS.narrative - FIELD_WEIGHTS.other);
  };
  const resolveAll = async (ks: readonly number[]) => {
    await Promise.all(
      ks.map(async (k) => {
        const hits = await lookup.all(k);
        for (let i = 0; i < n; i++) if (open[i]! & (1 << k)) resolve(i, k, hits[matched[i]!] === 1);
      }),
    );
  };
  const allTerms = terms.map((_, k) => k);
  if (need >= n) {
    await resolveAll(allTerms);
    return score;
  }

  const cmp = (a: number, b: number) => score[b]! - score[a]! || rank[matched[a]!]! - rank[matched[b]!]!;
  let checked = 0;
  let window = need;
  for (;;) {
    const top = topK(n, Math.min(window, n), cmp);
    const byTerm: number[][] = terms.map(() => []);
    let count = 0;
    // Done when the first `need` are exact.
    if (top.slice(0, need).every((i) => !open[i])) break;
    for (const i of top) {
      if (!open[i]) continue;
      for (let k = 0; k < terms.length; k++) {
        if (open[i]! & (1 << k)) {
          byTerm[k]!.push(i);
          count++;
        }
      }
    }
    if (!lookup.among || checked + count > AMONG_LIMIT) {
      await resolveAll(allTerms.filter((k) => open.some((o) => (o & (1 << k)) !== 0)));
      break;
    }
    checked += count;
    await Promise.all(
      byTerm.map(async (idx, k) => {
        if (idx.length === 0) return;
        const hits = new Set(await lookup.among!(k, idx.map((i) => t.docs[matched[i]!]!)));
        for (const i of idx) resolve(i, k, hits.has(t.docs[matched[i]!]!));
      }),
    );
    // Check ahead: the docs just below the page are the likeliest to move into it.
    window *= 4;
  }
  return score;
}

/** Sorts (only as far as the requested page needs) and cuts the page; returns slots. */
export function sortPage(t: FacetTable, matched: readonly number[], query: InventoryQuery, score: Float64Array | null): number[] {
  const { titleRank: rank, published } = t;
  // Positions into `matched`, so a score (aligned with it) can be read by position.
  const byTitle = (a: number, b: number) => rank[matched[a]!]! - rank[matched[b]!]!;
  const byNewest = (a: number, b: number) => published[matched[b]!]! - published[matched[a]!]! || byTitle(a, b);
  const byScore = (a: number, b: number) => score![b]! - score![a]! || byTitle(a, b);
  const sorter = query.sort === 'newest' ? byNewest : query.sort === 'relevance' && score ? byScore : byTitle;
  const start = (query.page - 1) * query.perPage;
  const end = start + query.perPage;
  const positions = end <= 200 && matched.length > 2000 ? topK(matched.length, end, sorter) : Array.from(matched.keys()).sort(sorter);
  return positions.slice(start, end).map((p) => matched[p]!);
}

/** The k smallest of 0..n-1 under cmp, in order. */
function topK(n: number, k: number, cmp: (a: number, b: number) => number): number[] {
  const out: number[] = [];
  for (let x = 0; x < n; x++) {
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
