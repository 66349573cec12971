// The contract each dialect's adapter (index.ts) fulfils for the engine, and the row mapping they share.
import { split, type EntryRow } from './facet-table.ts';
import type { QueryTerm } from './text.ts';
import type { InventoryItem } from './types.ts';

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
