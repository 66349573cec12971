// Time to decision per stage for the Regents' report: whole-hour buckets from the rollup, median and p90
// by the nearest-rank method, shown in days (hours ÷ 24, one decimal); the endorsed and listing-only
// paths apart.
import { d1, hoursToDays, nearestRank, plural, rangeText } from './figures.ts';
import type { Chart, ReportFilters } from './types.ts';

type HourRow = { path: string; stage: string; hours: number; n: number };

export const PATH_LABELS = { endorsed: 'Endorsed path', listing: 'Listing-only path' } as const;
export const STAGE_LABELS = {
  to_review: 'Submitted → in review',
  review_to_recommendation: 'In review → recommendation',
  recommendation_to_decision: 'Recommendation → Chancellor’s decision',
  review_to_listing: 'In review → listed or rejected',
  overall: 'Submission → decision',
} as const;
/** The stages each path goes through, in order. */
export const PATH_STAGES = {
  endorsed: ['to_review', 'review_to_recommendation', 'recommendation_to_decision', 'overall'],
  listing: ['to_review', 'review_to_listing', 'overall'],
} as const;

const bucketsOf = (rows: readonly HourRow[], pred: (r: HourRow) => boolean) => rows.filter(pred).map((r) => ({ value: r.hours, n: r.n }));

/** The overall (submission → decision) percentile in days over the paths read. */
export function overallDays(rows: readonly HourRow[], p: number): number | null {
  return hoursToDays(nearestRank(bucketsOf(rows, (r) => r.stage === 'overall'), p));
}

export function decisionChart(rows: readonly HourRow[], f: ReportFilters): Chart {
  const paths = f.endorsement === 'endorsed' ? (['endorsed'] as const) : f.endorsement === 'not_endorsed' ? (['listing'] as const) : (['endorsed', 'listing'] as const);
  const out = paths.flatMap((path) =>
    PATH_STAGES[path].map((stage) => {
      const b = bucketsOf(rows, (r) => r.path === path && r.stage === stage);
      return { path: PATH_LABELS[path], stage: STAGE_LABELS[stage], decisions: b.reduce((t, x) => t + x.n, 0), median_days: hoursToDays(nearestRank(b, 50)), p90_days: hoursToDays(nearestRank(b, 90)) };
    }),
  );
  const overall = out.filter((r) => r.stage === STAGE_LABELS.overall && r.decisions > 0);
  const said = overall.map((r) => `${r.path.toLowerCase()}: median ${d1(r.median_days!)} days, p90 ${d1(r.p90_days!)} days over ${plural(r.decisions, 'decision')}`);
  return {
    id: 'time-to-decision',
    title: 'Time to decision per stage',
    summary: said.length ? `From submission to decision ${rangeText(f)} — ${said.join('; ')}. Stages count in the month they ended.` : `No request was decided ${rangeText(f)}.`,
    kind: 'grouped-bar',
    x: 'stage',
    y: 'median_days',
    color: 'path',
    columns: [
      { field: 'path', title: 'Path', format: 'text' },
      { field: 'stage', title: 'Stage', format: 'text' },
      { field: 'decisions', title: 'Stages ended', format: 'count' },
      { field: 'median_days', title: 'Median days', format: 'days' },
      { field: 'p90_days', title: '90th percentile days', format: 'days' },
    ],
    rows: out.some((r) => r.decisions > 0) ? out : [],
    empty: `No review stage ended ${rangeText(f)}.`,
  };
}
