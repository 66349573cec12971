// The inventory's search contract (the SearchIndex port), independent of the database.

/** Facets whose values are categories; a filter on one keeps programs having any of its chosen values. */
export const CATEGORICAL_FACETS = [
  'endorsement',
  'institution',
  'credential_type',
  'credit',
  'focus_area',
  'level',
  'delivery_mode',
  'cost',
  'skill',
  'partner',
  'has_badge',
  // Destinations of published pathways (domain/pathways/stacking.ts); last, so the others keep their index.
  'stacks_into',
] as const;
export type CategoricalFacet = (typeof CATEGORICAL_FACETS)[number];
export type FacetName = CategoricalFacet | 'credit_hours';

/** Credit-hour ranges shown as the credit hours facet; the filter itself is any min/max. */
export const CREDIT_HOUR_BUCKETS: readonly { readonly value: string; readonly min: number; readonly max: number | null }[] = [
  { value: '0', min: 0, max: 0 },
  { value: '1-3', min: 1, max: 3 },
  { value: '4-6', min: 4, max: 6 },
  { value: '7-9', min: 7, max: 9 },
  { value: '10+', min: 10, max: null },
];

export const SORTS = ['relevance', 'newest', 'title'] as const;
export type InventorySort = (typeof SORTS)[number];

export type InventoryFilters = { readonly [F in CategoricalFacet]?: readonly string[] } & {
  readonly credit_hours_min?: number | undefined;
  readonly credit_hours_max?: number | undefined;
};

export interface InventoryQuery {
  readonly q: string;
  readonly filters: InventoryFilters;
  readonly sort: InventorySort;
  readonly page: number;
  readonly perPage: number;
}

/** One listed program as shown in results. */
export interface InventoryItem {
  readonly programId: string;
  readonly title: string;
  readonly summary: string;
  readonly institutionSlug: string;
  readonly institutionName: string;
  readonly endorsement: 'endorsed' | 'not_endorsed';
  readonly credentialType: string | null;
  readonly level: string | null;
  readonly deliveryMode: string | null;
  readonly creditBearing: boolean;
  readonly creditHours: number;
  readonly costFree: boolean;
  readonly costAmount: number | null;
  readonly hasBadge: boolean;
  readonly badgeImageId: string | null;
  readonly focusAreas: readonly string[];
  readonly skills: readonly string[];
  readonly partners: readonly string[];
  readonly publishedAt: string;
}

export interface FacetValue {
  readonly value: string;
  /** The display label where the data carries it (institution names, skills, partners); else null. */
  readonly label: string | null;
  readonly count: number;
  readonly selected: boolean;
}

export interface InventoryResult {
  readonly total: number;
  readonly items: readonly InventoryItem[];
  readonly facets: { readonly [F in FacetName]: readonly FacetValue[] };
  /** When the query found nothing, a corrected query that does find something. */
  readonly suggestion: string | null;
}

/** The write side, bound to a transaction: keeps one program's entry in step with its published state. */
export interface InventoryEntryInput {
  readonly programId: string;
  readonly organizationId: string;
  readonly institutionSlug: string;
  readonly institutionName: string;
  readonly title: string;
  readonly summary: string;
  readonly endorsement: 'endorsed' | 'not_endorsed';
  readonly credentialType: string | null;
  readonly level: string | null;
  readonly deliveryMode: string | null;
  readonly creditHours: number;
  readonly costFree: boolean;
  readonly costAmount: number | null;
  readonly hasBadge: boolean;
  readonly badgeImageId: string | null;
  readonly focusAreas: readonly string[];
  readonly skills: readonly string[];
  readonly partners: readonly string[];
  /** Destinations of the published pathways the program is a component of: a stable key (the facet's value) and a label. */
  readonly stacksInto?: readonly { readonly key: string; readonly label: string }[];
  readonly publishedAt: string;
  readonly updatedAt: string;
  /** Text indexed at the narrative's weight (narrative, outcomes) and at the lowest (institution, partners, department…). */
  readonly narrativeText: string;
  readonly otherText: string;
}

export interface SearchIndex {
  search(query: InventoryQuery): Promise<InventoryResult>;
  /** Every matching entry in result order, in pages, for exports. */
  all(query: Omit<InventoryQuery, 'page' | 'perPage'>): AsyncGenerator<InventoryItem>;
}

export interface InventoryWriter {
  upsert(entry: InventoryEntryInput): Promise<void>;
  remove(programId: string): Promise<void>;
  count(): Promise<number>;
}
