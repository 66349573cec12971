// An institution's report (issue #16 item 2): badges issued per month per badge class, claim rate and time
// to claim, declines and revocations, expiries due, share made public, and badge page views,
// verifications and LinkedIn clicks — all read from the reporting rollups.
import { repos } from '../../storage/repositories/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { OTHER, bump, monthName, monthsOf, n, nearestRank, peak, percent, plural, rangeText, topKeys } from './figures.ts';
import { classCharts, expiriesChart, type ClassMonths } from './institution-classes.ts';
import type { Chart, Report, ReportFilters, Tile } from './types.ts';

/** Badge classes drawn separately in the per-month chart; the rest are summed as "Other badge classes". */
export const MONTH_CHART_CLASSES = 10;
export const EVENT_LABELS = { view: 'Badge page views', verify: 'Verifications', linkedin: 'LinkedIn clicks' } as const;

function mayRead(actor: Actor, organizationId: string): boolean {
  return (
    hasRole(actor, 'institution_admin', organizationId) || hasRole(actor, 'issuer', organizationId) || hasRole(actor, 'regents_reviewer') || hasRole(actor, 'chancellor') || hasRole(actor, 'system_admin')
  );
}

function issuedChart(f: ReportFilters, rows: ClassMonths, label: (id: string) => string): Chart {
  const perClass = new Map<string, number>();
  const byMonth = new Map<string, number>();
  for (const r of rows) {
    if (r.badgeClassId === '*') bump(byMonth, r.month, r.counts.issued);
    else bump(perClass, r.badgeClassId, r.counts.issued);
  }
  const { keep, rest } = topKeys(perClass, label, MONTH_CHART_CLASSES);
  const cell = new Map<string, number>();
  for (const r of rows) if (r.badgeClassId !== '*') bump(cell, `${r.month} ${rest.has(r.badgeClassId) ? OTHER : r.badgeClassId}`, r.counts.issued);
  const series = rest.size ? [...keep, OTHER] : keep;
  const total = [...byMonth.values()].reduce((t, v) => t + v, 0);
  const top = peak(byMonth);
  return {
    id: 'badges-issued',
    title: 'Badges issued per month per badge class',
    summary: total
      ? `${plural(total, 'badge')} issued ${rangeText(f)}${top ? `; most in ${monthName(top.month)} (${n(top.value)})` : ''}.${rest.size ? ` The ${n(keep.length)} badge classes issued most are drawn apart; ${plural(rest.size, 'other')} are summed as “Other badge classes”.` : ''}`
      : `No badge was issued ${rangeText(f)}.`,
    kind: 'bar',
    x: 'month',
    y: 'issued',
    color: 'badge_class',
    columns: [
      { field: 'month', title: 'Month issued', format: 'month' },
      { field: 'badge_class', title: 'Badge class', format: 'text' },
      { field: 'issued', title: 'Issued', format: 'count' },
    ],
    rows: series.length ? monthsOf(f).flatMap((month) => series.map((k) => ({ month, badge_class: label(k), issued: cell.get(`${month} ${k}`) ?? 0 }))) : [],
    empty: `No badge was issued ${rangeText(f)}.`,
  };
}

function outcomesChart(f: ReportFilters, rows: ClassMonths): Chart {
  const total = rows.filter((r) => r.badgeClassId === '*');
  const at = (m: string) => total.find((r) => r.month === m)?.counts;
  const declined = total.reduce((t, r) => t + r.counts.declined, 0);
  const revoked = total.reduce((t, r) => t + r.counts.revoked, 0);
  return {
    id: 'declines-revocations',
    title: 'Declines and revocations per month',
    summary:
      declined + revoked
        ? `Of the badges issued ${rangeText(f)}, ${n(declined)} were declined by their earners and ${n(revoked)} revoked (reissues included). Each counts in the month its badge was issued.`
        : `No badge issued ${rangeText(f)} was declined or revoked.`,
    kind: 'grouped-bar',
    x: 'month',
    y: 'awards',
    color: 'outcome',
    columns: [
      { field: 'month', title: 'Month issued', format: 'month' },
      { field: 'outcome', title: 'Outcome', format: 'text' },
      { field: 'awards', title: 'Badges', format: 'count' },
    ],
    rows: declined + revoked ? monthsOf(f).flatMap((month) => [{ month, outcome: 'Declined', awards: at(month)?.declined ?? 0 }, { month, outcome: 'Revoked', awards: at(month)?.revoked ?? 0 }]) : [],
    empty: `No badge issued ${rangeText(f)} was declined or revoked.`,
  };
}

async function eventsChart(deps: Deps, f: ReportFilters, organizationId: string): Promise<{ chart: Chart; totals: Record<string, number> }> {
  const rows = await repos(deps.db).reports.badgeEvents(organizationId, f);
  const cell = new Map<string, number>();
  const totals: Record<string, number> = { view: 0, verify: 0, linkedin: 0 };
  for (const r of rows) {
    bump(cell, `${r.month} ${r.kind}`, r.n);
    totals[r.kind] = (totals[r.kind] ?? 0) + r.n;
  }
  const kinds = Object.keys(EVENT_LABELS) as (keyof typeof EVENT_LABELS)[];
  const any = kinds.some((k) => totals[k]! > 0);
  const chart: Chart = {
    id: 'badge-engagement',
    title: 'Badge page views, verifications and LinkedIn clicks per month',
    summary: any
      ? `${rangeText(f).replace(/^./, (c) => c.toUpperCase())}: ${plural(totals.view!, 'view')} of public badge pages, ${plural(totals.verify!, 'verification')} by Laurel’s verifier and ${plural(totals.linkedin!, 'click')} on “Add to LinkedIn profile”. Counted by Laurel itself; no address or person is stored.`
      : `Nobody viewed, verified or shared a badge ${rangeText(f)}.`,
    kind: 'line',
    x: 'month',
    y: 'count',
    color: 'event',
    columns: [
      { field: 'month', title: 'Month', format: 'month' },
      { field: 'event', title: 'Event', format: 'text' },
      { field: 'count', title: 'Count', format: 'count' },
    ],
    rows: any ? monthsOf(f).flatMap((month) => kinds.map((k) => ({ month, event: EVENT_LABELS[k], count: cell.get(`${month} ${k}`) ?? 0 }))) : [],
    empty: `Nobody viewed, verified or shared a badge ${rangeText(f)}.`,
  };
  return { chart, totals };
}

export async function getInstitutionReport(deps: Deps, actor: Actor, organizationId: string, filters: ReportFilters): Promise<Report> {
  const r = repos(deps.db);
  const org = await r.organizations.findById(organizationId);
  if (!org || org.kind !== 'institution') throw notFound('The institution');
  if (!mayRead(actor, organizationId)) throw forbidden('Only the institution’s administrators and issuers, and the Regents, see its report.');
  const f: ReportFilters = { from: filters.from, to: filters.to };
  const [months, claimDays, events, expiries] = await Promise.all([r.reports.awardMonthsByBadgeClass(organizationId, f), r.reports.claimDays(organizationId, f), eventsChart(deps, f, organizationId), expiriesChart(deps, organizationId)]);
  const ids = [...new Set([...months.map((m) => m.badgeClassId), ...expiries.classIds])].filter((id) => id !== '*');
  const names = await r.reports.badgeClassNames(ids);
  const label = (id: string) => (id === OTHER ? 'Other badge classes' : (names.get(id) ?? 'Unnamed badge class'));
  const totals = months.filter((m) => m.badgeClassId === '*').reduce((t, m) => ({ issued: t.issued + m.counts.issued, accepted: t.accepted + m.counts.accepted, declined: t.declined + m.counts.declined, revoked: t.revoked + m.counts.revoked, public: t.public + m.counts.public }), { issued: 0, accepted: 0, declined: 0, revoked: 0, public: 0 });
  const orgDays = claimDays.filter((c) => c.badgeClassId === '*').map((c) => ({ value: c.days, n: c.n }));
  const charts: Chart[] = [issuedChart(f, months, label), ...classCharts(f, months, claimDays, label), outcomesChart(f, months), expiries.chart(label), events.chart];
  const tiles: Tile[] = [
    { id: 'badges-issued', label: 'Badges issued', value: totals.issued, format: 'count' },
    { id: 'claim-rate', label: 'Claim rate', value: percent(totals.accepted, totals.issued), format: 'percent' },
    { id: 'median-days-to-claim', label: 'Median days to claim', value: nearestRank(orgDays, 50), format: 'days' },
    { id: 'p90-days-to-claim', label: '90th percentile days to claim', value: nearestRank(orgDays, 90), format: 'days' },
    { id: 'declined', label: 'Declined', value: totals.declined, format: 'count' },
    { id: 'revoked', label: 'Revoked', value: totals.revoked, format: 'count' },
    { id: 'expiring-30', label: 'Expiring in the next 30 days', value: expiries.next30, format: 'count' },
    { id: 'expiring-90', label: 'Expiring in the next 90 days', value: expiries.next90, format: 'count' },
    { id: 'public-share', label: 'Made public', value: percent(totals.public, totals.issued), format: 'percent' },
    { id: 'page-views', label: 'Badge page views', value: events.totals.view!, format: 'count' },
    { id: 'verifications', label: 'Verifications', value: events.totals.verify!, format: 'count' },
    { id: 'linkedin-clicks', label: 'LinkedIn clicks', value: events.totals.linkedin!, format: 'count' },
  ];
  return { filters: f, tiles, charts, readAt: deps.clock().toISOString() };
}

