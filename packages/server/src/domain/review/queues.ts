// Counts and timing for dashboards: requests per state and the median days from submission to decision.
import { repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';

export interface RequestStats {
  readonly byState: Record<string, number>;
  readonly medianDaysToDecision: number | null;
  readonly decided: number;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function requestStats(deps: Pick<Deps, 'db'>, organizationId?: string): Promise<RequestStats> {
  const r = repos(deps.db);
  const [byState, decided] = await Promise.all([r.requests.countsByState(organizationId), r.requests.decided(organizationId)]);
  const days = decided.map((d) => (Date.parse(d.decidedAt) - Date.parse(d.submittedAt)) / 86_400_000);
  const m = median(days);
  return { byState, medianDaysToDecision: m === null ? null : Math.round(m * 10) / 10, decided: decided.length };
}
