// Small helpers the two reports share: months of a range, nearest-rank percentiles over counted buckets,
// number and month wording for the summaries (Intl, en-US), and "top N and the rest".
import type { ReportFilters } from './types.ts';

/** Every month 'YYYY-MM' from `from` to `to`, both included. */
export function monthsOf(f: Pick<ReportFilters, 'from' | 'to'>): string[] {
  const out: string[] = [];
  let [y, m] = f.from.split('-').map(Number) as [number, number];
  const [ty, tm] = f.to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/**
 * The nearest-rank percentile (p in 0–100) of values given as (value, how many) buckets: the smallest
 * value whose running count reaches ceil(p/100 × N). Null when there are none.
 */
export function nearestRank(buckets: readonly { value: number; n: number }[], p: number): number | null {
  const total = buckets.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const b of [...buckets].sort((a, c) => a.value - c.value)) {
    seen += b.n;
    if (seen >= rank) return b.value;
  }
  return null;
}

/** Hours as days with one decimal. */
export const hoursToDays = (h: number | null): number | null => (h === null ? null : Math.round((h / 24) * 10) / 10);

/** A share in percent with one decimal; null when there is nothing to divide. */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

const NUMBER = new Intl.NumberFormat('en-US');
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const MONTH = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

export const n = (v: number): string => NUMBER.format(v);
export const d1 = (v: number): string => DECIMAL.format(v);
export const monthName = (ym: string): string => MONTH.format(new Date(`${ym}-01T00:00:00Z`));
export const rangeText = (f: Pick<ReportFilters, 'from' | 'to'>): string => (f.from === f.to ? `in ${monthName(f.from)}` : `from ${monthName(f.from)} to ${monthName(f.to)}`);
export const plural = (v: number, one: string, many = `${one}s`): string => `${n(v)} ${v === 1 ? one : many}`;

/** The month with the largest total (the first of equals), or undefined when all are zero. */
export function peak(totals: ReadonlyMap<string, number>): { month: string; value: number } | undefined {
  let best: { month: string; value: number } | undefined;
  for (const [month, value] of totals) if (value > 0 && (!best || value > best.value)) best = { month, value };
  return best;
}

/** Keys ranked by their figure (largest first, ties by label), the first `limit` kept and the rest named OTHER. */
export const OTHER = '__other__';
export function topKeys(figures: ReadonlyMap<string, number>, label: (k: string) => string, limit: number): { keep: string[]; rest: Set<string> } {
  const ranked = [...figures.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || label(a[0]).localeCompare(label(b[0])) || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
  if (ranked.length <= limit) return { keep: ranked, rest: new Set() };
  return { keep: ranked.slice(0, limit - 1), rest: new Set(ranked.slice(limit - 1)) };
}

/** Adds `v` under `k` in a count map. */
export function bump<K>(m: Map<K, number>, k: K, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}
