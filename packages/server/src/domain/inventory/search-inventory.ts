// Searching the statewide inventory: the search page, an institution's page and GET /api/v1/inventory
// ask this one use case. The inventory is public — it holds listed programs only (active, with a live
// revision), kept in step by sync.ts — so every actor, signed in or not, gets the same answer.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { parseInventoryQuery, type InventoryFilters, type InventoryQuery, type InventoryResult } from './query.ts';

export interface InventorySearch {
  readonly query: InventoryQuery;
  /** True when the sort was not asked for (the page shows the default for the query). */
  readonly defaultSort: boolean;
  readonly result: InventoryResult;
}

/**
 * Validates the URL query parameters (a validation error names each bad one) and runs the search.
 * `force` sets filters the caller fixes, whatever the parameters say (an institution's page).
 */
export async function searchInventory(
  deps: Pick<Deps, 'search'>,
  _actor: Actor | null,
  input: { readonly params: Readonly<Record<string, unknown>>; readonly force?: Partial<InventoryFilters> },
): Promise<InventorySearch> {
  const { query: parsed, defaultSort } = parseInventoryQuery(input.params);
  const query = input.force ? { ...parsed, filters: { ...parsed.filters, ...input.force } } : parsed;
  return { query, defaultSort, result: await deps.search.search(query) };
}
