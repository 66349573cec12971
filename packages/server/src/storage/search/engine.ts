// The dialect-neutral half of the SearchIndex. The adapters find the entries whose text matches (their
// integer index keys, "docs") and say which of them have a word in their narrative; this keeps a compact
// in-memory facet table of every entry, filters the matches, counts every facet with all filters except
// its own, weighs the matches by field, sorts and pages. A search costs one full-text query (plus, in
// relevance order, a narrative check only where the page needs one) instead of one per facet, and both
// dialects give the same counts and the same order by construction.
import { editDistance, fieldMatcher, queryTerms, tokenize, documentText, type QueryTerm } from './text.ts';
import {
  CATEGORICAL_FACETS,
  CREDIT_HOUR_BUCKETS,
  type FacetName,
  type FacetValue,
  type InventoryItem,
  type InventoryQuery,
  type InventoryResult,
  type SearchIndex,
} from './types.ts';

export const SEP = '\n';

/** One entry as the facet table needs it (a narrow read of inventory_entries plus the adapter's doc key). */
export interface EntryRow {
  doc: number | string | bigint;
  program_id: string;
  title: string;
  title_sort: string;
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
}

export const ENTRY_COLUMNS = [
  'program_id',
  'title',
  'title_sort',
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
] as const;

/** What each dialect's adapter provides. */
export interface SearchBackend {
  /** Bumped by every change to the inventory, in the same transaction. */
  version(): Promise<number>;
  /** Every entry (a full load of the facet table). */
  entries(): Promise<EntryRow[]>;
  /** The current entries of these programs (those that are still listed). */
  entriesOf(programIds: readonly string[]): Promise<EntryRow[]>;
  /** The programs changed by the versions in (since, until], one per version still in the change log. */
  changes(since: number, until: number): Promise<string[]>;
  /** The docs of the entries matching every term. */
  match(terms: readonly QueryTerm[]): Promise<number[]>;
  /** The docs of the entries having `term` in their narrative field. */
  narrative(term: QueryTerm): Promise<number[]>;
  /**
   * Those of `docs` having `term` in their narrative, where that is much cheaper than `narrative` for a
   * few docs (PostgreSQL: by primary key). Without it, relevance always asks `narrative`.
   */
  narrativeAmong?(term: QueryTerm, docs: readonly number[]): Promise<number[]>;
  items(ids: readonly string[]): Promise<InventoryItem[]>;
  /** Known words starting with `first` whose length is within [min, max], for spelling suggestions. */
  vocabulary(first: string, min: number, max: number): Promise<string[]>;
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

const split = (s: string): string[] => (s ? s.split(SEP) : []);

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

// ---- The facet table -------------------------------------------------------------------------------

const NF = CATEGORICAL_FACETS.length;
const FOCUS = CATEGORICAL_FACETS.indexOf('focus_area');
const SKILL = CATEGORICAL_FACETS.indexOf('skill');
const PARTNER = CATEGORICAL_FACETS.indexOf('partner');
const isMulti = (f: number) => f === FOCUS || f === SKILL || f === PARTNER;
/** Long-tailed facets show their most frequent values (and any selected one). */
const TOP_N = 20;
const collator = new Intl.Collator('en');

// Field weights for relevance: title > skills > narrative > institution/partners and the rest.
export const FIELD_WEIGHTS = { title: 10, skills: 5, narrative: 2, other: 1 } as const;

function bucketOf(hours: number): number {
  // By upper bound, so fractional hours (3.5) fall in the next range up rather than in none.
  for (let i = 0; i < CREDIT_HOUR_BUCKETS.length; i++) {
    const b = CREDIT_HOUR_BUCKETS[i]!;
    if (b.max === null || hours <= b.max) return i;
  }
  return CREDIT_HOUR_BUCKETS.length - 1;
}

/** Facet values as small integer codes (0 = no value), with their display labels. */
class Dict {
  readonly codes = new Map<string, number>();
  readonly values: string[] = [''];
  readonly labels: (string | null)[] = [null];
  code(value: string, label: string | null): number {
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.codes.set(value, c);
      this.values.push(value);
      this.labels.push(label);
    } else if (label !== null && (this.labels[c] === null || label < this.labels[c]!)) {
      // Values differing only in case share a key; the label is the same on every dialect and load order.
      this.labels[c] = label;
    }
    return c;
  }
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/**
 * Every listed entry's facet data in columns, one slot per entry version. Slots are append-only: a
 * changed or removed entry's slot is marked dead and a changed entry gets a new one, so a search that
 * awaited the database part-way through still reads the data it started with. Too many dead slots and
 * the next change reloads the whole table.
 */
export class FacetTable {
  version: number;
  size = 0;
  dead = 0;
  private cap = 0;
  ids: string[] = [];
  docs: number[] = [];
  live = new Uint8Array(0);
  /** Per categorical facet: the code of each slot's value (single-valued facets). */
  single: Int32Array[] = [];
  /** Per categorical facet, multi-valued ones: each slot's codes are codes[start[s] .. start[s + 1]). */
  multiStart: Int32Array[] = [];
  multiCodes: Int32Array[] = [];
  hours = new Float64Array(0);
  bucket = new Uint8Array(0);
  titleSort: string[] = [];
  /** Publication time in milliseconds, for "newest". */
  published = new Float64Array(0);
  /**
   * Each live slot's position in title order (title_sort, then program id), so sorting compares
   * integers rather than strings. Replaced, never changed in place, when entries change: a search
   * holding the previous array keeps a consistent order for the slots it has.
   */
  titleRank: Int32Array = new Int32Array(0);
  /** The live slots in title order. */
  private titleOrder: Int32Array = new Int32Array(0);
  title: string[] = [];
  skills: string[] = [];
  /** Lazily: the indexed text of title and skills, space-padded (for fieldMatcher), and the title's word count. */
  private titleDocs: (string | undefined)[] = [];
  private skillsDocs: (string | undefined)[] = [];
  private titleWordCounts: number[] = [];
  readonly dicts: Dict[] = CATEGORICAL_FACETS.map(() => new Dict());
  private docSlot = new Int32Array(0);
  private idSlot = new Map<string, number>();

  constructor(version: number, rows: readonly EntryRow[]) {
    this.version = version;
    for (let f = 0; f < NF; f++) {
      this.single.push(new Int32Array(0));
      this.multiStart.push(new Int32Array(1));
      this.multiCodes.push(new Int32Array(0));
    }
    this.reserve(rows.length);
    for (const r of rows) this.add(r);
    const order = Array.from({ length: this.size }, (_, i) => i).sort(this.byTitle);
    this.setOrder(Int32Array.from(order));
  }

  /** Title order: title_sort, then program id (code-unit order, identical on every dialect). */
  private readonly byTitle = (x: number, y: number): number => {
    const tx = this.titleSort[x]!;
    const ty = this.titleSort[y]!;
    return tx < ty ? -1 : tx > ty ? 1 : this.ids[x]! < this.ids[y]! ? -1 : this.ids[x]! > this.ids[y]! ? 1 : 0;
  };

  private setOrder(order: Int32Array): void {
    const rank = new Int32Array(this.cap);
    for (let i = 0; i < order.length; i++) rank[order[i]!] = i;
    this.titleOrder = order;
    this.titleRank = rank;
  }

  private reserve(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, this.cap * 2, 64);
    this.live = grow(this.live, cap);
    this.hours = grow(this.hours, cap);
    this.published = grow(this.published, cap);
    this.bucket = grow(this.bucket, cap);
    for (let f = 0; f < NF; f++) {
      if (isMulti(f)) this.multiStart[f] = grow(this.multiStart[f]!, cap + 1);
      else this.single[f] = grow(this.single[f]!, cap);
    }
    this.cap = cap;
  }

  private add(r: EntryRow): void {
    const s = this.size++;
    this.reserve(this.size);
    const doc = Number(r.doc);
    this.setOne(0, s, r.endorsement, null);
    this.setOne(1, s, r.institution_slug, r.institution_name);
    this.setOne(2, s, r.credential_type, null);
    this.setOne(3, s, Number(r.credit_bearing) ? 'credit' : 'non_credit', null);
    this.setOne(5, s, r.level, null);
    this.setOne(6, s, r.delivery_mode, null);
    this.setOne(7, s, Number(r.cost_free) ? 'free' : 'paid', null);
    this.setOne(10, s, Number(r.has_badge) ? 'yes' : 'no', null);
    this.setMany(FOCUS, s, split(r.focus_areas), false);
    this.setMany(SKILL, s, split(r.skills), true);
    this.setMany(PARTNER, s, split(r.partners), true);
    const hours = Number(r.credit_hours);
    this.hours[s] = hours;
    this.bucket[s] = bucketOf(hours);
    this.ids[s] = r.program_id;
    this.docs[s] = doc;
    this.titleSort[s] = r.title_sort;
    this.published[s] = Date.parse(r.published_at);
    this.title[s] = r.title;
    this.skills[s] = r.skills;
    // Filled lazily, but appended in order so the arrays stay dense.
    this.titleDocs[s] = undefined;
    this.skillsDocs[s] = undefined;
    this.titleWordCounts[s] = 0;
    this.live[s] = 1;
    if (doc >= this.docSlot.length) this.docSlot = grow(this.docSlot, Math.max(doc + 1, this.docSlot.length * 2, 1024));
    this.docSlot[doc] = s + 1;
    this.idSlot.set(r.program_id, s);
  }

  private setOne(f: number, s: number, v: string | null, label: string | null): void {
    this.single[f]![s] = v ? this.dicts[f]!.code(v, label) : 0;
  }

  private setMany(f: number, s: number, vs: readonly string[], lower: boolean): void {
    const codes = new Set<number>();
    for (const v of vs) codes.add(this.dicts[f]!.code(lower ? v.toLowerCase() : v, lower ? v : null));
    const start = this.multiStart[f]![s]!;
    if (start + codes.size > this.multiCodes[f]!.length) this.multiCodes[f] = grow(this.multiCodes[f]!, Math.max(start + codes.size, this.multiCodes[f]!.length * 2, 256));
    const out = this.multiCodes[f]!;
    let j = start;
    for (const c of codes) out[j++] = c;
    this.multiStart[f]![s + 1] = j;
  }

  private drop(s: number): void {
    if (!this.live[s]) return;
    this.live[s] = 0;
    this.dead++;
    const doc = this.docs[s]!;
    if (this.docSlot[doc] === s + 1) this.docSlot[doc] = 0;
    if (this.idSlot.get(this.ids[s]!) === s) this.idSlot.delete(this.ids[s]!);
  }

  /** Applies the current state of the changed programs' entries (rows: those still listed). */
  apply(version: number, changed: readonly string[], rows: readonly EntryRow[]): void {
    for (const id of changed) {
      const s = this.idSlot.get(id);
      if (s !== undefined) this.drop(s);
    }
    const added: number[] = [];
    for (const r of rows) {
      const s = this.idSlot.get(r.program_id);
      if (s !== undefined) this.drop(s);
      this.add(r);
      added.push(this.size - 1);
    }
    // Merge the new slots into the title order, dropping the dead ones: each new slot's place is found
    // by binary search (dead slots keep their data, so the old order stays searchable).
    added.sort(this.byTitle);
    const old = this.titleOrder;
    const order = new Int32Array(this.count);
    let n = 0;
    let from = 0;
    for (const a of added) {
      let lo = from;
      let hi = old.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.byTitle(old[mid]!, a) < 0) lo = mid + 1;
        else hi = mid;
      }
      for (; from < lo; from++) if (this.live[old[from]!]) order[n++] = old[from]!;
      order[n++] = a;
    }
    for (; from < old.length; from++) if (this.live[old[from]!]) order[n++] = old[from]!;
    this.setOrder(order);
    this.version = version;
  }

  get count(): number {
    return this.size - this.dead;
  }

  /** The live slot of a doc, or -1. */
  slotOf(doc: number): number {
    return doc < this.docSlot.length ? this.docSlot[doc]! - 1 : -1;
  }

  titleDoc(s: number): string {
    let t = this.titleDocs[s];
    if (t === undefined) {
      t = ` ${documentText(this.title[s]!)} `;
      this.titleDocs[s] = t;
      this.titleWordCounts[s] = Math.max(1, tokenize(this.title[s]!).length);
    }
    return t;
  }

  titleWords(s: number): number {
    this.titleDoc(s);
    return this.titleWordCounts[s]!;
  }

  skillsDoc(s: number): string {
    let t = this.skillsDocs[s];
    if (t === undefined) {
      t = ` ${documentText(this.skills[s]!.split(SEP).join(' '))} `;
      this.skillsDocs[s] = t;
    }
    return t;
  }
}

const SINGLE_FACETS = CATEGORICAL_FACETS.map((_, i) => i).filter((i) => !isMulti(i));
const MULTI_FACETS = CATEGORICAL_FACETS.map((_, i) => i).filter(isMulti);
const KIND_SINGLE = 0;
const KIND_MULTI = 1;
const KIND_HOURS = 2;

/**
 * Filters and counts facets over slots of the table (null: every live entry). Synchronous, and pure
 * given the table. Written as flat loops over typed arrays: it visits every match (up to a third of
 * the inventory for a broad word), so it is the hot path of a search.
 */
export function filterAndCount(t: FacetTable, slots: ArrayLike<number> | null, query: InventoryQuery): { matched: number[]; facets: InventoryResult['facets'] } {
  const f = query.filters;
  // Active filters: the facet (-1 for credit hours), its kind, its column and a mask over its codes.
  const aFacet: number[] = [];
  const aKind: number[] = [];
  const aCol: Int32Array[] = [];
  const aStart: Int32Array[] = [];
  const aMask: Uint8Array[] = [];
  CATEGORICAL_FACETS.forEach((name, i) => {
    const chosen = f[name];
    if (!chosen || chosen.length === 0) return;
    const dict = t.dicts[i]!;
    const mask = new Uint8Array(dict.values.length);
    for (const v of chosen) {
      const c = dict.codes.get(i === SKILL || i === PARTNER ? v.toLowerCase() : v);
      if (c !== undefined) mask[c] = 1;
    }
    aFacet.push(i);
    aKind.push(isMulti(i) ? KIND_MULTI : KIND_SINGLE);
    aCol.push(isMulti(i) ? t.multiCodes[i]! : t.single[i]!);
    aStart.push(isMulti(i) ? t.multiStart[i]! : EMPTY_INTS);
    aMask.push(mask);
  });
  const min = f.credit_hours_min;
  const max = f.credit_hours_max;
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (min !== undefined || max !== undefined) {
    aFacet.push(-1);
    aKind.push(KIND_HOURS);
    aCol.push(EMPTY_INTS);
    aStart.push(EMPTY_INTS);
    aMask.push(EMPTY_MASK);
  }
  const nActive = aFacet.length;

  const counts = t.dicts.map((d) => new Int32Array(d.values.length));
  const hourCounts = new Int32Array(CREDIT_HOUR_BUCKETS.length);
  const { hours, bucket, live } = t;
  const sCol = SINGLE_FACETS.map((i) => t.single[i]!);
  const sCount = SINGLE_FACETS.map((i) => counts[i]!);
  const mStart = MULTI_FACETS.map((i) => t.multiStart[i]!);
  const mCodes = MULTI_FACETS.map((i) => t.multiCodes[i]!);
  const mCount = MULTI_FACETS.map((i) => counts[i]!);
  const nSingle = sCol.length;
  const nMulti = mStart.length;

  const matched: number[] = [];
  const n = slots === null ? t.size : slots.length;
  for (let idx = 0; idx < n; idx++) {
    let s: number;
    if (slots === null) {
      if (!live[idx]) continue;
      s = idx;
    } else s = slots[idx]!;
    let fails = 0;
    let failed = 0;
    for (let k = 0; k < nActive; k++) {
      const kind = aKind[k]!;
      let ok = false;
      if (kind === KIND_SINGLE) ok = aMask[k]![aCol[k]![s]!] === 1;
      else if (kind === KIND_MULTI) {
        const mask = aMask[k]!;
        const codes = aCol[k]!;
        const end = aStart[k]![s + 1]!;
        for (let j = aStart[k]![s]!; j < end; j++) {
          if (mask[codes[j]!] === 1) {
            ok = true;
            break;
          }
        }
      } else {
        const h = hours[s]!;
        ok = h >= lo && h <= hi;
      }
      if (!ok) {
        fails++;
        failed = k;
        if (fails > 1) break;
      }
    }
    if (fails === 0) {
      matched.push(s);
      for (let q = 0; q < nSingle; q++) sCount[q]![sCol[q]![s]!]!++;
      for (let q = 0; q < nMulti; q++) {
        const c = mCount[q]!;
        const codes = mCodes[q]!;
        const end = mStart[q]![s + 1]!;
        for (let j = mStart[q]![s]!; j < end; j++) c[codes[j]!]!++;
      }
      hourCounts[bucket[s]!]!++;
    } else if (fails === 1) {
      // Fails only its own facet's filter: it still counts towards that facet's other values.
      const kind = aKind[failed]!;
      if (kind === KIND_HOURS) hourCounts[bucket[s]!]!++;
      else {
        const c = counts[aFacet[failed]!]!;
        if (kind === KIND_SINGLE) c[aCol[failed]![s]!]!++;
        else {
          const codes = aCol[failed]!;
          const end = aStart[failed]![s + 1]!;
          for (let j = aStart[failed]![s]!; j < end; j++) c[codes[j]!]!++;
        }
      }
    }
  }

  const facets = {} as Record<FacetName, FacetValue[]>;
  CATEGORICAL_FACETS.forEach((name, i) => {
    const dict = t.dicts[i]!;
    const c = counts[i]!;
    const chosen = new Set((f[name] ?? []).map((v) => (i === SKILL || i === PARTNER ? v.toLowerCase() : v)));
    let values: FacetValue[] = [];
    for (let code = 1; code < c.length; code++) {
      if (c[code]! > 0) values.push({ value: dict.values[code]!, label: dict.labels[code]!, count: c[code]!, selected: chosen.has(dict.values[code]!) });
    }
    values.sort((a, b) => b.count - a.count || collator.compare(a.label ?? a.value, b.label ?? b.value));
    if (i === SKILL || i === PARTNER) {
      const top = values.slice(0, TOP_N);
      for (const v of values.slice(TOP_N)) if (v.selected) top.push(v);
      values = top;
    }
    const shown = new Set(values.map((v) => v.value));
    for (const v of chosen) if (!shown.has(v)) values.push({ value: v, label: null, count: 0, selected: true });
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
const EMPTY_INTS = new Int32Array(0);
const EMPTY_MASK = new Uint8Array(0);

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

/**
 * Builds the SearchIndex over an adapter. It keeps every entry's facet data in memory for the inventory's
 * current version (any process's publish / revise / suspend / retire bumps it in the same transaction
 * and logs the program in inventory_changes), applying only the changed entries when the version moves,
 * so a search costs one version read, the full-text match (docs only) and, for relevance order, the
 * narrative check the page needs — the last two kept per term until the version moves (term cache).
 * The table and caches live in the returned object (one per app process).
 */
export function searchIndexOver(backend: SearchBackend, opts: CacheOptions = {}): SearchIndex {
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
  const termKey = (terms: readonly QueryTerm[]) => terms.map((x) => `${x.stem}/${x.word}${x.prefix ? '*' : ''}`).join(' ');

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

  async function suggest(t: FacetTable, q: string): Promise<string | null> {
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
    const found = await matchSlots(t, queryTerms(corrected));
    return found.length ? corrected : null;
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
    const suggestion = matched.length === 0 && slots !== null && slots.length === 0 ? await suggest(t, query.q) : null;
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
