// The reports' filters from a query string: months from and to ('YYYY-MM', UTC), an institution (its
// organization id) and an endorsement. Defaults: the twelve months up to the current one. Every bad value
// is a field error named by its parameter, all at once.
import { validationError } from '../errors.ts';
import { monthsOf } from './figures.ts';
import type { ReportFilters } from './types.ts';

/** The longest range a report reads (five years). */
export const MAX_REPORT_MONTHS = 60;
export const DEFAULT_REPORT_MONTHS = 12;

const text = (v: unknown): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
};

export const monthOfDate = (d: Date): string => d.toISOString().slice(0, 7);

/** The month `k` months after (or before, k < 0) 'YYYY-MM'. */
export function addMonths(ym: string, k: number): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

function month(name: string, raw: string | undefined, errors: Record<string, string>): string | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})$/.exec(raw);
  if (m && Number(m[1]) >= 2000 && Number(m[1]) <= 2100 && Number(m[2]) >= 1 && Number(m[2]) <= 12) return raw;
  errors[name] = `Use a month written YYYY-MM, for example 2026-09 (“${raw.slice(0, 20)}” is not one).`;
  return undefined;
}

export function parseReportFilters(query: Record<string, unknown>, now: Date): ReportFilters {
  const errors: Record<string, string> = {};
  const rawFrom = text(query.from);
  const rawTo = text(query.to);
  const from0 = month('from', rawFrom, errors);
  const to0 = month('to', rawTo, errors);
  const institution = text(query.institution);
  if (institution !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(institution)) errors.institution = 'Choose an institution from the list.';
  const rawEndorsement = text(query.endorsement);
  const endorsement = rawEndorsement === 'endorsed' || rawEndorsement === 'not_endorsed' ? rawEndorsement : undefined;
  if (rawEndorsement !== undefined && rawEndorsement !== 'all' && !endorsement) errors.endorsement = 'Use endorsed, not_endorsed or all.';
  const to = to0 ?? (from0 && !rawTo ? maxMonth(monthOfDate(now), from0) : monthOfDate(now));
  const from = from0 ?? addMonths(to, -(DEFAULT_REPORT_MONTHS - 1));
  if (!errors.from && !errors.to) {
    if (from > to) errors.to = 'Choose a month on or after the “from” month.';
    else if (monthsOf({ from, to }).length > MAX_REPORT_MONTHS) errors.from = `Choose a range of at most ${MAX_REPORT_MONTHS} months.`;
  }
  if (Object.keys(errors).length) throw validationError(errors, 'Some report filters need attention.');
  return { from, to, ...(institution ? { institutionId: institution } : {}), ...(endorsement ? { endorsement } : {}) };
}

/** A `from` later than the current month with no `to` reads just that month (not an error the user did not make). */
const maxMonth = (a: string, b: string): string => (a > b ? a : b);
