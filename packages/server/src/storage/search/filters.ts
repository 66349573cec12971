// Filtering and facet counts over the facet table: one pass over the matches that keeps those passing
// every filter and counts every facet with all filters except its own.
import { FacetTable, isMulti, PARTNER, SKILL } from './facet-table.ts';
import { CATEGORICAL_FACETS, CREDIT_HOUR_BUCKETS, type FacetName, type FacetValue, type InventoryFilters, type InventoryQuery, type InventoryResult } from './types.ts';

/** Long-tailed facets show their most frequent values (and any selected one). */
const TOP_N = 20;
const collator = new Intl.Collator('en');

const SINGLE_FACETS = CATEGORICAL_FACETS.map((_, i) => i).filter((i) => !isMulti(i));
const MULTI_FACETS = CATEGORICAL_FACETS.map((_, i) => i).filter(isMulti);
const KIND_SINGLE = 0;
const KIND_MULTI = 1;
const KIND_HOURS = 2;
const EMPTY_INTS = new Int32Array(0);
const EMPTY_MASK = new Uint8Array(0);

/** Active filters: the facet (-1 for credit hours), its kind, its column and a mask over its codes. */
interface ActiveFilters {
  readonly aFacet: number[];
  readonly aKind: number[];
  readonly aCol: Int32Array[];
  readonly aStart: Int32Array[];
  readonly aMask: Uint8Array[];
}

function activeFilters(t: FacetTable, f: InventoryFilters): ActiveFilters {
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
  if (f.credit_hours_min !== undefined || f.credit_hours_max !== undefined) {
    aFacet.push(-1);
    aKind.push(KIND_HOURS);
    aCol.push(EMPTY_INTS);
    aStart.push(EMPTY_INTS);
    aMask.push(EMPTY_MASK);
  }
  return { aFacet, aKind, aCol, aStart, aMask };
}

/**
 * Filters and counts facets over slots of the table (null: every live entry). Synchronous, and pure
 * given the table. Written as flat loops over typed arrays: it visits every match (up to a third of
 * the inventory for a broad word), so it is the hot path of a search.
 */
export function filterAndCount(t: FacetTable, slots: ArrayLike<number> | null, query: InventoryQuery): { matched: number[]; facets: InventoryResult['facets'] } {
  const f = query.filters;
  const { aFacet, aKind, aCol, aStart, aMask } = activeFilters(t, f);
  const lo = f.credit_hours_min ?? -Infinity;
  const hi = f.credit_hours_max ?? Infinity;
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

  return { matched, facets: facetValues(t, f, counts, hourCounts) };
}

/** Each facet's values with their counts, most frequent first; selected values always shown. */
function facetValues(t: FacetTable, f: InventoryFilters, counts: readonly Int32Array[], hourCounts: Int32Array): InventoryResult['facets'] {
  const min = f.credit_hours_min;
  const max = f.credit_hours_max;
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
  return facets;
}
