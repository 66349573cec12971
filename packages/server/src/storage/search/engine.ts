// The dialect-neutral half of the SearchIndex. The adapters find the entries whose text matches (their
// integer index keys, "docs") and say which of them have a word in their narrative; this keeps a compact
// in-memory facet table of every entry, filters the matches, counts every facet with all filters except
// its own, weighs the matches by field, sorts and pages. A search costs one full-text query (plus, in
// relevance order, a narrative check only where the page needs one) instead of one per facet, and both
// dialects give the same counts and the same order by construction.
//
// Split by concern: facet-table.ts (the columns), filters.ts (filters and counts), ranking.ts (relevance,
// sort, page), search-index.ts (the table's refresh and the caches), backend.ts (the adapter contract).
export { ENTRY_COLUMNS, FacetTable, SEP, type EntryRow } from './facet-table.ts';
export { rowToItem, type ItemRow, type SearchBackend } from './backend.ts';
export { filterAndCount } from './filters.ts';
export { FIELD_WEIGHTS, relevance, sortPage, type NarrativeLookup } from './ranking.ts';
export { searchIndexOver, type CacheOptions } from './search-index.ts';
