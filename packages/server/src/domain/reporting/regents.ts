// The Regents' report (issue #16 item 1): requests by state and month, time to decision per stage, the
// inventory by institution, endorsement, credential type, level and focus area, badges issued and claimed
// per institution, top skills and employer partners — all read from the reporting rollups.
import { repos } from '../../storage/repositories/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, validationError } from '../errors.ts';
import { CREDENTIAL_TYPES, FOCUS_AREAS, LEVELS } from '../programs/form.ts';
import { STATE_LABELS, type RequestState } from '../review/workflow.ts';
import { countDueForRereview } from '../review/rereview.ts';
import { bump, d1, monthName, monthsOf, n, peak, percent, plural, rangeText } from './figures.ts';
import { decisionChart, overallDays } from './regents-decisions.ts';
import type { Chart, Report, ReportFilters, Tile } from './types.ts';

export const ENDORSEMENT_LABELS = { endorsed: 'Endorsed', not_endorsed: 'Not endorsed' } as const;
const label = (map: Record<string, string>, v: string, none: string) => (v === '' ? none : (map[v] ?? v));
const pathOf = (f: ReportFilters) => (f.endorsement === 'endorsed' ? 'endorsed' : f.endorsement === 'not_endorsed' ? 'listing' : undefined);
const DECIDED = ['approved', 'denied', 'listed', 'rejected'];
const ORDER = Object.keys(STATE_LABELS) as RequestState[];

function mayReadRegents(actor: Actor): boolean {
  return hasRole(actor, 'regents_reviewer') || hasRole(actor, 'chancellor') || hasRole(actor, 'system_admin');
}

async function requestsChart(deps: Deps, f: ReportFilters): Promise<{ chart: Chart; submitted: number; decided: number }> {
  const rows = await repos(deps.db).reports.requestMonths(f.institutionId ?? '*', f, pathOf(f));
  const cell = new Map<string, number>();
  const states = new Set<string>();
  const byMonth = new Map<string, number>();
  for (const r of rows) {
    bump(cell, `${r.month} ${r.state}`, r.n);
    bump(byMonth, r.month, r.n);
    states.add(r.state);
  }
  const months = monthsOf(f);
  const ordered = ORDER.filter((s) => states.has(s));
  const out = months.flatMap((month) => ordered.map((s) => ({ month, state: STATE_LABELS[s], requests: cell.get(`${month} ${s}`) ?? 0 })));
  const sum = (pred: (s: string) => boolean) => rows.filter((r) => pred(r.state)).reduce((t, r) => t + r.n, 0);
  const submitted = sum((s) => s === 'submitted');
  const decided = sum((s) => DECIDED.includes(s));
  const top = peak(byMonth);
  const chart: Chart = {
    id: 'requests-by-state',
    title: 'Requests by state and month',
    summary: `${plural(submitted, 'request')} submitted and ${n(decided)} decided ${rangeText(f)}${top ? `; the busiest month was ${monthName(top.month)} (${plural(top.value, 'step')})` : ''}. Each bar counts the requests that entered a state that month.`,
    kind: 'bar',
    x: 'month',
    y: 'requests',
    color: 'state',
    columns: [
      { field: 'month', title: 'Month', format: 'month' },
      { field: 'state', title: 'State entered', format: 'text' },
      { field: 'requests', title: 'Requests', format: 'count' },
    ],
    rows: ordered.length ? out : [],
    empty: `No request changed state ${rangeText(f)}.`,
  };
  return { chart, submitted, decided };
}

type Stock = Awaited<ReturnType<ReturnType<typeof repos>['reports']['programStock']>>;

function stockChart(stock: Stock, o: { id: string; title: string; field: string; fieldTitle: string; key: (s: Stock[number]) => string; what: string }): Chart {
  const cell = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const s of stock) {
    bump(cell, `${o.key(s)}\u0000${s.endorsement}`, s.n);
    bump(totals, o.key(s), s.n);
  }
  const keys = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
  const endorsements = (['endorsed', 'not_endorsed'] as const).filter((e) => stock.some((s) => s.endorsement === e));
  const rows = keys.flatMap((k) => endorsements.map((e) => ({ [o.field]: k, endorsement: ENDORSEMENT_LABELS[e], programs: cell.get(`${k}\u0000${e}`) ?? 0 })));
  const total = stock.reduce((t, s) => t + s.n, 0);
  return {
    id: o.id,
    title: o.title,
    summary: total ? `${plural(total, 'program')} in the inventory now, by ${o.what}; the most are ${keys[0]} (${n(totals.get(keys[0]!)!)}). The date range does not apply: this is the inventory as it stands.` : 'No program is in the inventory.',
    kind: 'bar',
    x: o.field,
    y: 'programs',
    color: 'endorsement',
    columns: [
      { field: o.field, title: o.fieldTitle, format: 'text' },
      { field: 'endorsement', title: 'Endorsement', format: 'text' },
      { field: 'programs', title: 'Programs', format: 'count' },
    ],
    rows,
    empty: 'No program in the inventory matches these filters.',
  };
}

async function valuesChart(deps: Deps, f: ReportFilters, o: { id: string; kind: 'focus_area' | 'skill' | 'partner'; title: string; field: string; fieldTitle: string; limit?: number; labels?: Record<string, string> }): Promise<Chart> {
  const values = await repos(deps.db).reports.programValues({ organizationId: f.institutionId ?? '*', kind: o.kind, endorsement: f.endorsement, ...(o.limit ? { limit: o.limit } : {}) });
  const rows = values.map((v) => ({ [o.field]: o.labels?.[v.value] ?? v.value, programs: v.n }));
  const first = rows[0];
  return {
    id: o.id,
    title: o.title,
    summary: first ? `${o.limit ? `The ${plural(rows.length, o.fieldTitle.toLowerCase())} most named` : `${plural(rows.length, o.fieldTitle.toLowerCase())} named`} by programs in the inventory now; first ${first[o.field]} (${plural(first.programs as number, 'program')}). The date range does not apply.` : `No program in the inventory names a ${o.fieldTitle.toLowerCase()}.`,
    kind: 'hbar',
    x: o.field,
    y: 'programs',
    columns: [
      { field: o.field, title: o.fieldTitle, format: 'text' },
      { field: 'programs', title: 'Programs', format: 'count' },
    ],
    rows,
    empty: `No program in the inventory names a ${o.fieldTitle.toLowerCase()}.`,
  };
}

async function badgesChart(deps: Deps, f: ReportFilters, names: Map<string, string>): Promise<{ chart: Chart; issued: number; accepted: number }> {
  const rows = await repos(deps.db).reports.awardMonthsByOrganization(f, f.institutionId);
  const cell = new Map<string, { issued: number; accepted: number }>();
  const totals = new Map<string, number>();
  const byMonth = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.organizationId} ${r.month}`;
    const c = cell.get(k) ?? { issued: 0, accepted: 0 };
    cell.set(k, { issued: c.issued + r.counts.issued, accepted: c.accepted + r.counts.accepted });
    bump(totals, r.organizationId, r.counts.issued);
    bump(byMonth, r.month, r.counts.issued);
  }
  const orgs = [...totals.keys()].filter((o) => totals.get(o)! > 0).sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b));
  const out = monthsOf(f).flatMap((month) => orgs.map((o) => ({ month, institution: names.get(o) ?? o, issued: cell.get(`${o} ${month}`)?.issued ?? 0, claimed: cell.get(`${o} ${month}`)?.accepted ?? 0 })));
  const issued = rows.reduce((t, r) => t + r.counts.issued, 0);
  const accepted = rows.reduce((t, r) => t + r.counts.accepted, 0);
  const top = peak(byMonth);
  const chart: Chart = {
    id: 'badges-by-institution',
    title: 'Badges issued and claimed per institution per month',
    summary: issued
      ? `${plural(issued, 'badge')} issued ${rangeText(f)} by ${plural(orgs.length, 'institution')}; ${n(accepted)} claimed (${d1(percent(accepted, issued)!)}%)${top ? `; most in ${monthName(top.month)} (${n(top.value)})` : ''}. Badges count in the month they were issued; not filtered by endorsement.`
      : `No badge was issued ${rangeText(f)}.`,
    kind: 'line',
    x: 'month',
    y: 'issued',
    color: 'institution',
    columns: [
      { field: 'month', title: 'Month issued', format: 'month' },
      { field: 'institution', title: 'Institution', format: 'text' },
      { field: 'issued', title: 'Issued', format: 'count' },
      { field: 'claimed', title: 'Claimed', format: 'count' },
    ],
    rows: orgs.length ? out : [],
    empty: `No badge was issued ${rangeText(f)}.`,
  };
  return { chart, issued, accepted };
}

export async function getRegentsReport(deps: Deps, actor: Actor, filters: ReportFilters): Promise<Report> {
  if (!mayReadRegents(actor)) throw forbidden('Only Regents reviewers, the Chancellor and system administrators see the Regents’ report.');
  const r = repos(deps.db);
  const institutions = await r.organizations.list({ kind: 'institution' });
  if (filters.institutionId && !institutions.some((o) => o.id === filters.institutionId)) throw validationError({ institution: 'Choose an institution from the list.' }, 'Some report filters need attention.');
  const names = new Map(institutions.map((o) => [o.id, o.name]));
  const [requests, decisions, stock, badges, rereviews] = await Promise.all([
    requestsChart(deps, filters),
    r.reports.decisionHours(filters.institutionId ?? '*', filters, pathOf(filters)),
    r.reports.programStock({ organizationId: filters.institutionId, endorsement: filters.endorsement }),
    badgesChart(deps, filters, names),
    countDueForRereview(deps, { ...(filters.institutionId ? { organizationId: filters.institutionId } : {}), ...(filters.endorsement ? { endorsement: filters.endorsement } : {}) }),
  ]);
  const charts: Chart[] = [
    requests.chart,
    decisionChart(decisions, filters),
    stockChart(stock, { id: 'programs-by-institution', title: 'Programs by institution and endorsement', field: 'institution', fieldTitle: 'Institution', key: (s) => names.get(s.organizationId) ?? s.organizationId, what: 'institution' }),
    stockChart(stock, { id: 'programs-by-credential-type', title: 'Programs by credential type and endorsement', field: 'credential_type', fieldTitle: 'Credential type', key: (s) => label(CREDENTIAL_TYPES, s.credentialType, 'Not given'), what: 'credential type' }),
    stockChart(stock, { id: 'programs-by-level', title: 'Programs by level and endorsement', field: 'level', fieldTitle: 'Level', key: (s) => label(LEVELS, s.level, 'Not given'), what: 'level' }),
    await valuesChart(deps, filters, { id: 'programs-by-focus-area', kind: 'focus_area', title: 'Programs by focus area', field: 'focus_area', fieldTitle: 'Focus area', labels: FOCUS_AREAS }),
    badges.chart,
    await valuesChart(deps, filters, { id: 'top-skills', kind: 'skill', title: 'Top skills', field: 'skill', fieldTitle: 'Skill', limit: 15 }),
    await valuesChart(deps, filters, { id: 'employer-partners', kind: 'partner', title: 'Employer partners', field: 'partner', fieldTitle: 'Partner', limit: 15 }),
  ];
  const stockOf = (e: string) => stock.filter((s) => s.endorsement === e).reduce((t, s) => t + s.n, 0);
  const tiles: Tile[] = [
    { id: 'requests-submitted', label: 'Requests submitted', value: requests.submitted, format: 'count' },
    { id: 'requests-decided', label: 'Requests decided', value: requests.decided, format: 'count' },
    { id: 'median-days-to-decision', label: 'Median days from submission to decision', value: overallDays(decisions, 50), format: 'days' },
    { id: 'rereviews-due', label: 'Re-reviews due', value: rereviews, format: 'count', href: '/review?tab=rereview' },
    { id: 'programs-endorsed', label: 'Programs endorsed', value: filters.endorsement === 'not_endorsed' ? 0 : stockOf('endorsed'), format: 'count' },
    { id: 'programs-not-endorsed', label: 'Programs listed, not endorsed', value: filters.endorsement === 'endorsed' ? 0 : stockOf('not_endorsed'), format: 'count' },
    { id: 'badges-issued', label: 'Badges issued', value: badges.issued, format: 'count' },
    { id: 'claim-rate', label: 'Claim rate', value: percent(badges.accepted, badges.issued), format: 'percent' },
  ];
  return { filters, tiles, charts, readAt: deps.clock().toISOString() };
}

