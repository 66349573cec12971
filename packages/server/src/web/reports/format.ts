// How a report's figures read in tiles, the email and the PDF: the charts' own formatting
// (web/charts/format.ts: "1,234", "12.5%", "Nov 2026"), with "—" for none and "days" spelled out on a tile.
import type { Cell, ChartColumn, Tile } from '../../domain/reporting/types.ts';
import { formatCell as chartCell, formatMonth } from '../charts/format.ts';

export { formatMonth };

export function formatCell(v: Cell, format: ChartColumn['format']): string {
  return chartCell(v, format) ?? '—';
}

export function formatTile(v: Tile['value'], format: Tile['format']): string {
  const s = chartCell(v, format ?? 'count');
  if (s === null) return '—';
  return format === 'days' ? `${s} ${v === 1 ? 'day' : 'days'}` : s;
}
