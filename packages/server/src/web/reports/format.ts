// How a report's figures read in tables, tiles, the email and the PDF: counts with thousands separators,
// percentages and days with one decimal, months as "Nov 2026", nothing as "—".
import type { Cell, ChartColumn, Tile } from '../../domain/reporting/types.ts';

const COUNT = new Intl.NumberFormat('en-US');
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatCell(v: Cell, format: ChartColumn['format']): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return format === 'month' ? formatMonth(v) : v;
  switch (format) {
    case 'percent':
      return `${ONE_DECIMAL.format(v)}%`;
    case 'days':
      return `${ONE_DECIMAL.format(v)} ${v === 1 ? 'day' : 'days'}`;
    default:
      return Number.isInteger(v) ? COUNT.format(v) : ONE_DECIMAL.format(v);
  }
}

export function formatTile(v: Tile['value'], format: Tile['format']): string {
  return formatCell(v, format ?? 'count');
}
