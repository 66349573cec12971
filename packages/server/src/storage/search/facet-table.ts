// The facet table: every listed entry's facet data in typed-array columns, one slot per entry version,
// kept in memory per inventory version (see search-index.ts). Filters (filters.ts) and ranking
// (ranking.ts) read it; nothing here touches the database.
import { documentText, tokenize } from './text.ts';
import { CATEGORICAL_FACETS, CREDIT_HOUR_BUCKETS } from './types.ts';

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
  /** Absent in rows from before migration 0024's column was read (benches' fixtures). */
  stacks_into?: string;
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
  'stacks_into',
  'published_at',
] as const;

/** The list columns (skills, partners, focus areas) hold their values SEP-separated. */
export const split = (s: string): string[] => (s ? s.split(SEP) : []);

// Facets by index into CATEGORICAL_FACETS; focus areas, skills and partners have several values per entry.
const NF = CATEGORICAL_FACETS.length;
const FOCUS = CATEGORICAL_FACETS.indexOf('focus_area');
export const SKILL = CATEGORICAL_FACETS.indexOf('skill');
export const PARTNER = CATEGORICAL_FACETS.indexOf('partner');
export const STACKS = CATEGORICAL_FACETS.indexOf('stacks_into');
export const isMulti = (f: number) => f === FOCUS || f === SKILL || f === PARTNER || f === STACKS;

/** A `stacks_into` column's `key<TAB>label` items. */
export const pairs = (s: string): [string, string][] => split(s).map((x) => { const t = x.indexOf('\t'); return t < 0 ? [x, x] : [x.slice(0, t), x.slice(t + 1)]; });

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
    this.setLabelled(STACKS, s, pairs(r.stacks_into ?? ''));
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
    this.setCodes(f, s, vs.map((v) => this.dicts[f]!.code(lower ? v.toLowerCase() : v, lower ? v : null)));
  }

  private setLabelled(f: number, s: number, vs: readonly [string, string][]): void {
    this.setCodes(f, s, vs.map(([v, label]) => this.dicts[f]!.code(v, label)));
  }

  private setCodes(f: number, s: number, list: readonly number[]): void {
    const codes = new Set(list);
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
