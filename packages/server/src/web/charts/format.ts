// How a chart's values read, in its table, its CSV-free text and its axes: one place so the table and the
// drawing agree ("Jan 2026", "1,234", "12.5%", "3.5").
import type { Cell, ChartColumn } from '../../domain/reporting/types.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → "Jan 2026"; anything else is returned as it is (a month the rollups never hold). */
export function formatMonth(value: string): string {
  const m = MONTH.exec(value);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : value;
}

/** The first instant of a 'YYYY-MM' month in UTC (ms), for a time axis; null if it is not a month. */
export function monthStart(value: string): number | null {
  const m = MONTH.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) : null;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const FIGURE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A cell as the table prints it; null is returned as null so the caller can mark "none". */
export function formatCell(value: Cell, format: ChartColumn['format']): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return format === 'month' ? formatMonth(value) : value;
  switch (format) {
    case 'percent':
      return `${FIGURE.format(value)}%`;
    case 'days':
    case 'text':
      return FIGURE.format(value);
    case 'month':
      return String(value);
    default:
      return Number.isInteger(value) ? COUNT.format(value) : FIGURE.format(value);
  }
}

/** Numbers read right-aligned in a table; labels and months left-aligned. */
export function isNumeric(column: ChartColumn): boolean {
  return column.format === 'count' || column.format === 'percent' || column.format === 'days';
}
