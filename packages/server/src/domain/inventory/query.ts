// The inventory search as people and clients ask for it: URL query parameters (the page's GET form, the
// JSON API and the CSV export share them, so every search is a shareable URL), validated into an
// InventoryQuery, and facet values with their labels.
import {
  CATEGORICAL_FACETS,
  CREDIT_HOUR_BUCKETS,
  SORTS,
  type CategoricalFacet,
  type FacetName,
  type FacetValue,
  type InventoryFilters,
  type InventoryQuery,
  type InventoryResult,
  type InventorySort,
} from '../../storage/search/index.ts';
import { validationError } from '../errors.ts';
import { CREDENTIAL_TYPES, DELIVERY_MODES, FOCUS_AREAS, LEVELS } from '../programs/form.ts';

// The search's types for pages and the API, which do not import storage/.
export {
  CATEGORICAL_FACETS,
  SORTS,
  type CategoricalFacet,
  type FacetName,
  type FacetValue,
  type InventoryFilters,
  type InventoryItem,
  type InventoryQuery,
  type InventoryResult,
  type InventorySort,
} from '../../storage/search/index.ts';

export const ENDORSEMENT_LABELS = { endorsed: 'Endorsed by State Regents', not_endorsed: 'Not Endorsed by State Regents' } as const;

/** Labels of the facets whose values are a fixed set (the others take their labels from the data). */
export const FACET_VALUE_LABELS: Partial<Record<FacetName, Record<string, string>>> = {
  endorsement: ENDORSEMENT_LABELS,
  credential_type: CREDENTIAL_TYPES,
  credit: { credit: 'Credit-bearing', non_credit: 'Non-credit' },
  focus_area: FOCUS_AREAS,
  level: LEVELS,
  delivery_mode: DELIVERY_MODES,
  cost: { free: 'Free', paid: 'Paid' },
  has_badge: { yes: 'Has a badge design', no: 'Standard badge' },
  credit_hours: { '0': 'None', '1-3': '1 to 3', '4-6': '4 to 6', '7-9': '7 to 9', '10+': '10 or more' },
};

export const FACET_TITLES: Record<FacetName, string> = {
  endorsement: 'Endorsement',
  institution: 'Institution',
  credential_type: 'Credential type',
  credit: 'Credit',
  credit_hours: 'Credit hours',
  focus_area: 'Focus area',
  level: 'Level',
  delivery_mode: 'Delivery mode',
  cost: 'Cost',
  skill: 'Skill',
  partner: 'Industry partner',
  has_badge: 'Digital badge',
  stacks_into: 'Stacks into',
};

export const SORT_LABELS: Record<InventorySort, string> = { relevance: 'Best match', newest: 'Newest', title: 'Title (A to Z)' };

/** A "Stacks into" value is a destination's name and institution (inventory/sync.ts). */
export const STACKS_INTO_MAX = 300;

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

type Params = Record<string, unknown>;

function values(p: Params, name: string): string[] {
  const v = p[name];
  if (v === undefined || v === null || v === '') return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.map((x) => String(x).trim()).filter((x) => x !== '');
}

function single(p: Params, name: string): string | undefined {
  return values(p, name)[0];
}

export interface ParsedQuery {
  readonly query: InventoryQuery;
  /** True when the sort was not asked for (the page shows the default for the query). */
  readonly defaultSort: boolean;
}

/**
 * Reads and validates the query parameters. Unknown parameters are ignored (trackers add them to shared
 * links); a bad value is a validation error naming the parameter.
 */
export function parseInventoryQuery(p: Params): ParsedQuery {
  const errors: Record<string, string> = {};
  const q = (single(p, 'q') ?? '').slice(0, 1000);
  if (q.length > 200) errors.q = 'Use at most 200 characters in a search.';
  const filters: Record<string, string[] | number | undefined> = {};
  for (const facet of CATEGORICAL_FACETS) {
    const vals = [...new Set(values(p, facet))];
    if (vals.length === 0) continue;
    if (vals.length > 20) errors[facet] = 'Choose at most 20 values.';
    const allowed = FACET_VALUE_LABELS[facet];
    if (allowed) {
      const bad = vals.find((v) => !(v in allowed));
      if (bad !== undefined) errors[facet] = `"${bad.slice(0, 40)}" is not a valid ${FACET_TITLES[facet].toLowerCase()} value; use one of: ${Object.keys(allowed).join(', ')}.`;
    } else if (facet === 'institution') {
      const bad = vals.find((v) => !/^[a-z0-9][a-z0-9-]{0,63}$/.test(v));
      if (bad !== undefined) errors.institution = `"${bad.slice(0, 40)}" is not an institution slug (lowercase letters, digits and hyphens).`;
    } else if (vals.some((v) => v.length > (facet === 'stacks_into' ? STACKS_INTO_MAX : 80))) errors[facet] = `Each value has at most ${facet === 'stacks_into' ? STACKS_INTO_MAX : 80} characters.`;
    filters[facet] = vals.slice(0, 20);
  }
  const num = (name: 'credit_hours_min' | 'credit_hours_max') => {
    const raw = single(p, name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 60) {
      errors[name] = 'Enter a number of credit hours from 0 to 60.';
      return undefined;
    }
    return n;
  };
  const min = num('credit_hours_min');
  const max = num('credit_hours_max');
  if (min !== undefined && max !== undefined && min > max) errors.credit_hours_max = 'The maximum credit hours must not be less than the minimum.';
  if (min !== undefined) filters.credit_hours_min = min;
  if (max !== undefined) filters.credit_hours_max = max;

  // An empty sort is the search page's default option ("Best match" with words, title without): a form
  // submitted with Enter after typing words then ranks by best match, whatever the page showed before.
  const sortRaw = single(p, 'sort') || undefined;
  let sort: InventorySort = q.trim() ? 'relevance' : 'title';
  if (sortRaw !== undefined) {
    if ((SORTS as readonly string[]).includes(sortRaw)) sort = sortRaw as InventorySort;
    else errors.sort = `Sort by one of: ${SORTS.join(', ')}.`;
  }
  const int = (name: string, fallback: number, lo: number, hi: number) => {
    const raw = single(p, name);
    if (raw === undefined) return fallback;
    if (!/^\d{1,6}$/.test(raw) || Number(raw) < lo || Number(raw) > hi) {
      errors[name] = `Use a whole number from ${lo} to ${hi.toLocaleString('en-US')}.`;
      return fallback;
    }
    return Number(raw);
  };
  const page = int('page', 1, 1, 10_000);
  const perPage = int('per_page', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  if (Object.keys(errors).length) throw validationError(errors, 'Some search parameters are not valid.');
  return { query: { q: q.trim(), filters: filters as InventoryFilters, sort, page, perPage }, defaultSort: sortRaw === undefined };
}

/** The canonical query string of a search (stable order, defaults left out), with changes applied. */
export function inventoryQueryString(query: InventoryQuery, change: { page?: number; sort?: InventorySort | null; set?: Partial<Record<CategoricalFacet, string[]>>; hours?: { min?: number | undefined; max?: number | undefined } } = {}): string {
  const u = new URLSearchParams();
  if (query.q) u.set('q', query.q);
  for (const facet of CATEGORICAL_FACETS) {
    const vals = change.set && facet in change.set ? change.set[facet]! : (query.filters[facet] ?? []);
    for (const v of vals) u.append(facet, v);
  }
  const hours = change.hours ?? { min: query.filters.credit_hours_min, max: query.filters.credit_hours_max };
  if (hours.min !== undefined) u.set('credit_hours_min', String(hours.min));
  if (hours.max !== undefined) u.set('credit_hours_max', String(hours.max));
  const sort = change.sort === null ? undefined : (change.sort ?? query.sort);
  const defaultSort: InventorySort = query.q ? 'relevance' : 'title';
  if (sort && sort !== defaultSort) u.set('sort', sort);
  const page = change.page ?? query.page;
  if (page > 1) u.set('page', String(page));
  if (query.perPage !== DEFAULT_PER_PAGE) u.set('per_page', String(query.perPage));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export interface LabelledFacetValue extends FacetValue {
  readonly label: string;
}

/** Facet values with labels, fixed sets completed with their zero-count values in a stable order. */
export function labelledFacets(result: InventoryResult): Record<FacetName, LabelledFacetValue[]> {
  const out = {} as Record<FacetName, LabelledFacetValue[]>;
  for (const [name, vals] of Object.entries(result.facets) as [FacetName, readonly FacetValue[]][]) {
    const fixed = FACET_VALUE_LABELS[name];
    if (fixed) {
      const byValue = new Map(vals.map((v) => [v.value, v]));
      out[name] = Object.entries(fixed).map(([value, label]) => ({ value, label, count: byValue.get(value)?.count ?? 0, selected: byValue.get(value)?.selected ?? false }));
    } else {
      out[name] = vals.map((v) => ({ ...v, label: v.label ?? v.value }));
    }
  }
  return out;
}

export function creditHourRange(bucket: string): { min: number; max: number | undefined } {
  const b = CREDIT_HOUR_BUCKETS.find((x) => x.value === bucket) ?? CREDIT_HOUR_BUCKETS[0]!;
  return { min: b.min, max: b.max ?? undefined };
}

