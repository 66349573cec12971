// Counts and timing for dashboards: requests per state and the median days from submission to decision.
import { repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';
import { hoursToDays, nearestRank } from '../reporting/figures.ts';

export interface RequestStats {
  readonly byState: Record<string, number>;
  readonly medianDaysToDecision: number | null;
  readonly decided: number;
}

/** Decisions ever made: every month the rollups can hold. */
const ALL_MONTHS = { from: '2000-01', to: '2100-12' } as const;

/**
 * Requests per current state, and submission → decision over every decision (median by the nearest-rank
 * method over the decision-time rollup's whole hours, as the reports read it), for one institution or
 * statewide. Reads an index and a rollup: no decided request is loaded.
 */
export async function requestStats(deps: Pick<Deps, 'db'>, organizationId?: string): Promise<RequestStats> {
  const r = repos(deps.db);
  const [byState, hours] = await Promise.all([r.requests.countsByState(organizationId), r.reports.decisionHours(organizationId ?? '*', ALL_MONTHS)]);
  const overall = hours.filter((h) => h.stage === 'overall').map((h) => ({ value: h.hours, n: h.n }));
  return { byState, medianDaysToDecision: hoursToDays(nearestRank(overall, 50)), decided: overall.reduce((t, b) => t + b.n, 0) };
}
