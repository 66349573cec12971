// The statewide inventory's tables (the full-text part is dialect-specific, made by migrations).

/** The inventory's denormalised facet row per published program (the full-text part is dialect-specific). */
export interface InventoryEntriesTable {
  program_id: string;
  organization_id: string;
  institution_slug: string;
  institution_name: string;
  title: string;
  title_sort: string;
  summary: string;
  endorsement: 'endorsed' | 'not_endorsed';
  credential_type: string | null;
  level: string | null;
  delivery_mode: string | null;
  credit_bearing: number;
  credit_hours: number;
  cost_free: number;
  cost_amount: number | null;
  has_badge: number;
  badge_image_id: string | null;
  focus_areas: string;
  skills: string;
  partners: string;
  /** Destinations of published pathways this program is a component of: SEP-separated `key\tlabel` pairs. */
  stacks_into: string;
  published_at: string;
  updated_at: string;
}

export interface InventoryTermsTable {
  term: string;
}

export interface InventoryStateTable {
  id: number;
  version: number;
}

/** One row per inventory version: the program whose entry changed (migration 0007; pruned by the writer). */
export interface InventoryChangesTable {
  version: number;
  program_id: string;
}
