// Exporting a search of the statewide inventory: every matching program (not one page), in result order,
// streamed as CSV rows for GET /api/v1/inventory.csv. Public, like the search (search-inventory.ts).
import { csvLine } from '../../shared/csv.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { ENDORSEMENT_LABELS, parseInventoryQuery, type InventoryItem, type InventoryQuery } from './query.ts';

const CSV_COLUMNS = ['id', 'title', 'institution', 'institution_slug', 'endorsement', 'credential_type', 'level', 'delivery_mode', 'credit_hours', 'cost', 'focus_areas', 'skills', 'partners', 'published_at', 'url'];

function csvRow(i: InventoryItem, publicUrl: string): string {
  return `${csvLine([
    i.programId,
    i.title,
    i.institutionName,
    i.institutionSlug,
    ENDORSEMENT_LABELS[i.endorsement],
    i.credentialType,
    i.level,
    i.deliveryMode,
    i.creditHours,
    i.costFree ? 'free' : (i.costAmount ?? 'paid'),
    i.focusAreas.join('; '),
    i.skills.join('; '),
    i.partners.join('; '),
    i.publishedAt,
    `${publicUrl}/programs/${i.programId}`,
  ])}\r\n`;
}

/**
 * Validates the parameters now (a bad one is a validation error before anything is sent) and returns
 * the CSV lines, header first, read from the index a batch at a time as they are consumed.
 */
export function exportInventory(
  deps: Pick<Deps, 'search' | 'config'>,
  _actor: Actor | null,
  input: { readonly params: Readonly<Record<string, unknown>> },
): { readonly query: InventoryQuery; readonly lines: AsyncGenerator<string> } {
  const { query } = parseInventoryQuery(input.params);
  const index = deps.search;
  const base = deps.config.publicUrl;
  async function* lines(): AsyncGenerator<string> {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    for await (const i of index.all(query)) yield csvRow(i, base);
  }
  return { query, lines: lines() };
}
