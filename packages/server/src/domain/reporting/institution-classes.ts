// An institution's per-badge-class charts: claim rate with time to claim, share made public, and
// expiries due. The badge classes that issued most are shown (CLASS_CHART_LIMIT rows at most); the rest
// are summed in one "Other badge classes" row, so a large institution's chart stays readable.
import { repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';
import { OTHER, bump, d1, n, nearestRank, percent, plural, rangeText, topKeys } from './figures.ts';
import type { AwardCounts } from '../../storage/repositories/reports.ts';
import type { Chart, ReportFilters } from './types.ts';

export const CLASS_CHART_LIMIT = 20;
const DAY = 86_400_000;

export type ClassMonths = { badgeClassId: string; month: string; counts: AwardCounts }[];
type Sums = { issued: number; accepted: number; public: number };

export function classCharts(f: ReportFilters, months: ClassMonths, claimDays: readonly { badgeClassId: string; days: number; n: number }[], label: (id: string) => string): Chart[] {
  const sums = new Map<string, Sums>();
  const issued = new Map<string, number>();
  for (const m of months) {
    if (m.badgeClassId === '*') continue;
    const s = sums.get(m.badgeClassId) ?? { issued: 0, accepted: 0, public: 0 };
    sums.set(m.badgeClassId, { issued: s.issued + m.counts.issued, accepted: s.accepted + m.counts.accepted, public: s.public + m.counts.public });
    bump(issued, m.badgeClassId, m.counts.issued);
  }
  const { keep, rest } = topKeys(issued, label, CLASS_CHART_LIMIT);
  const group = (id: string) => (rest.has(id) ? OTHER : id);
  const rowsOf = new Map<string, Sums>();
  for (const [id, s] of sums) {
    const g = group(id);
    const t = rowsOf.get(g) ?? { issued: 0, accepted: 0, public: 0 };
    rowsOf.set(g, { issued: t.issued + s.issued, accepted: t.accepted + s.accepted, public: t.public + s.public });
  }
  const buckets = new Map<string, { value: number; n: number }[]>();
  for (const c of claimDays) if (c.badgeClassId !== '*') buckets.set(group(c.badgeClassId), [...(buckets.get(group(c.badgeClassId)) ?? []), { value: c.days, n: c.n }]);
  const order = rest.size ? [...keep, OTHER] : keep;
  const claim = order.map((id) => {
    const s = rowsOf.get(id)!;
    const b = buckets.get(id) ?? [];
    return { badge_class: label(id), issued: s.issued, accepted: s.accepted, claim_rate: percent(s.accepted, s.issued), median_days: nearestRank(b, 50), p90_days: nearestRank(b, 90) };
  });
  const shared = order.map((id) => {
    const s = rowsOf.get(id)!;
    return { badge_class: label(id), issued: s.issued, public: s.public, public_share: percent(s.public, s.issued) };
  });
  const all = [...sums.values()].reduce((t, s) => ({ issued: t.issued + s.issued, accepted: t.accepted + s.accepted, public: t.public + s.public }), { issued: 0, accepted: 0, public: 0 });
  const more = rest.size ? ` The ${n(keep.length)} badge classes issued most have a row each; ${plural(rest.size, 'other')} share the last.` : '';
  const none = `No badge was issued ${rangeText(f)}.`;
  return [
    {
      id: 'claim-rate',
      title: 'Claim rate and time to claim per badge class',
      summary: all.issued ? `${d1(percent(all.accepted, all.issued)!)}% of the ${plural(all.issued, 'badge')} issued ${rangeText(f)} were claimed (${n(all.accepted)}).${more} Days to claim are whole days from issue to acceptance.` : none,
      kind: 'hbar',
      x: 'badge_class',
      y: 'claim_rate',
      columns: [
        { field: 'badge_class', title: 'Badge class', format: 'text' },
        { field: 'issued', title: 'Issued', format: 'count' },
        { field: 'accepted', title: 'Claimed', format: 'count' },
        { field: 'claim_rate', title: 'Claim rate', format: 'percent' },
        { field: 'median_days', title: 'Median days to claim', format: 'days' },
        { field: 'p90_days', title: '90th percentile days to claim', format: 'days' },
      ],
      rows: claim,
      empty: none,
    },
    {
      id: 'public-share',
      title: 'Share of badges made public per badge class',
      summary: all.issued ? `${d1(percent(all.public, all.issued)!)}% of the badges issued ${rangeText(f)} are public on their earners’ profiles now (${n(all.public)}).${more}` : none,
      kind: 'hbar',
      x: 'badge_class',
      y: 'public_share',
      columns: [
        { field: 'badge_class', title: 'Badge class', format: 'text' },
        { field: 'issued', title: 'Issued', format: 'count' },
        { field: 'public', title: 'Public', format: 'count' },
        { field: 'public_share', title: 'Share public', format: 'percent' },
      ],
      rows: shared,
      empty: none,
    },
  ];
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Live badges expiring in the next 30 and 90 days (today included), per badge class; not filtered by the date range. */
export async function expiriesChart(deps: Deps, organizationId: string) {
  const now = deps.clock().getTime();
  const today = dayOf(now);
  const day30 = dayOf(now + 29 * DAY);
  const rows = await repos(deps.db).reports.expiries(organizationId, today, dayOf(now + 89 * DAY));
  const in90 = new Map<string, number>();
  const in30 = new Map<string, number>();
  for (const r of rows) {
    bump(in90, r.badgeClassId, r.n);
    if (r.expiresOn <= day30) bump(in30, r.badgeClassId, r.n);
  }
  const next90 = rows.reduce((t, r) => t + r.n, 0);
  const next30 = [...in30.values()].reduce((t, v) => t + v, 0);
  return {
    next30,
    next90,
    classIds: [...in90.keys()],
    chart(label: (id: string) => string): Chart {
      const { keep, rest } = topKeys(in90, label, CLASS_CHART_LIMIT);
      const sum = (m: Map<string, number>, ids: Iterable<string>) => [...ids].reduce((t, id) => t + (m.get(id) ?? 0), 0);
      const out = keep.map((id) => ({ badge_class: label(id), next_30_days: in30.get(id) ?? 0, next_90_days: in90.get(id) ?? 0 }));
      if (rest.size) out.push({ badge_class: label(OTHER), next_30_days: sum(in30, rest), next_90_days: sum(in90, rest) });
      return {
        id: 'expiries-due',
        title: 'Badges expiring soon per badge class',
        summary: next90 ? `${plural(next30, 'badge')} expire in the next 30 days and ${n(next90)} in the next 90 (from today, not the date range; revoked and declined badges are left out).` : 'No badge expires in the next 90 days.',
        kind: 'grouped-bar',
        x: 'badge_class',
        y: 'next_90_days',
        columns: [
          { field: 'badge_class', title: 'Badge class', format: 'text' },
          { field: 'next_30_days', title: 'Next 30 days', format: 'count' },
          { field: 'next_90_days', title: 'Next 90 days', format: 'count' },
        ],
        rows: out,
        empty: 'No badge expires in the next 90 days.',
      };
    },
  };
}
