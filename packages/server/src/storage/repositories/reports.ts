// The reporting rollups' read side: every read is by a rollup's key prefix or one of its indexes, over a
// range of months or days; none touches awards, requests or inventory entries (the re-review count reads
// programs by their (status, rereview_due_at) index).
import { sql } from 'kysely';
import type { Executor } from './types.ts';

export interface MonthRange {
  /** 'YYYY-MM', both ends included. */
  readonly from: string;
  readonly to: string;
}

export type AwardCounts = Record<'issued' | 'accepted' | 'declined' | 'pending' | 'revoked' | 'suspended' | 'public', number>;
const COUNT_COLUMNS = ['issued', 'accepted', 'declined', 'pending', 'revoked', 'suspended', 'public'] as const;
const sumOf = (c: string) => sql<string | number>`sum(${sql.ref(c)})`.as(c);
const num = (v: unknown) => Number(v ?? 0);
const counts = (r: Record<string, unknown>): AwardCounts => Object.fromEntries(COUNT_COLUMNS.map((c) => [c, num(r[c])])) as AwardCounts;

export function reportsRepo(db: Executor) {
  return {
    /** Institutions' award totals per issue month (the '*' badge class rows), for one or every institution. */
    async awardMonthsByOrganization(range: MonthRange, organizationId?: string): Promise<{ organizationId: string; month: string; counts: AwardCounts }[]> {
      let q = db.selectFrom('report_award_months').select(['organization_id', 'month', ...COUNT_COLUMNS]).where('badge_class_id', '=', '*').where('month', '>=', range.from).where('month', '<=', range.to);
      if (organizationId) q = q.where('organization_id', '=', organizationId);
      return (await q.execute()).map((r) => ({ organizationId: r.organization_id, month: r.month, counts: counts(r) }));
    },
    /** One institution's award counts per badge class and issue month ('*' is the institution's total). */
    async awardMonthsByBadgeClass(organizationId: string, range: MonthRange): Promise<{ badgeClassId: string; month: string; counts: AwardCounts }[]> {
      const rows = await db.selectFrom('report_award_months').select(['badge_class_id', 'month', ...COUNT_COLUMNS]).where('organization_id', '=', organizationId).where('month', '>=', range.from).where('month', '<=', range.to).execute();
      return rows.map((r) => ({ badgeClassId: r.badge_class_id, month: r.month, counts: counts(r) }));
    },
    /** Accepted awards issued in the range by whole days to claim, per badge class ('*': the institution). */
    async claimDays(organizationId: string, range: MonthRange): Promise<{ badgeClassId: string; days: number; n: number }[]> {
      const rows = await db
        .selectFrom('report_claim_days')
        .select(['badge_class_id', 'days', sumOf('n')])
        .where('organization_id', '=', organizationId)
        .where('month', '>=', range.from)
        .where('month', '<=', range.to)
        .groupBy(['badge_class_id', 'days'])
        .execute();
      return rows.map((r) => ({ badgeClassId: r.badge_class_id, days: num(r.days), n: num(r.n) })).filter((r) => r.n > 0);
    },
    /** Live awards expiring on the days from..to (inclusive, 'YYYY-MM-DD'), per badge class. */
    async expiries(organizationId: string, fromDay: string, toDay: string): Promise<{ badgeClassId: string; expiresOn: string; n: number }[]> {
      const rows = await db.selectFrom('report_expiries').select(['badge_class_id', 'expires_on', 'n']).where('organization_id', '=', organizationId).where('expires_on', '>=', fromDay).where('expires_on', '<=', toDay).where('n', '>', 0).execute();
      return rows.map((r) => ({ badgeClassId: r.badge_class_id, expiresOn: r.expires_on, n: num(r.n) }));
    },
    /** Badge page views, verifications and LinkedIn clicks per month (by their days' index). */
    async badgeEvents(organizationId: string, range: MonthRange): Promise<{ month: string; kind: string; n: number }[]> {
      const month = sql<string>`substr(day, 1, 7)`;
      const rows = await db
        .selectFrom('report_badge_events')
        .select([month.as('month'), 'kind', sumOf('n')])
        .where('organization_id', '=', organizationId)
        .where('day', '>=', `${range.from}-01`)
        .where('day', '<=', `${range.to}-31`)
        .groupBy([month, 'kind'])
        .execute();
      return rows.map((r) => ({ month: String(r.month), kind: r.kind, n: num(r.n) }));
    },
    /** Requests that entered each state per month, for an institution or statewide ('*'). */
    async requestMonths(organizationId: string, range: MonthRange, path?: 'endorsed' | 'listing'): Promise<{ path: string; month: string; state: string; n: number }[]> {
      let q = db.selectFrom('report_request_months').select(['path', 'month', 'state', 'n']).where('organization_id', '=', organizationId).where('month', '>=', range.from).where('month', '<=', range.to);
      if (path) q = q.where('path', '=', path);
      return (await q.execute()).map((r) => ({ path: r.path, month: r.month, state: r.state, n: num(r.n) })).filter((r) => r.n > 0);
    },
    /** Stage lengths (whole hours) of stages that ended in the range, per path and stage. */
    async decisionHours(organizationId: string, range: MonthRange, path?: 'endorsed' | 'listing'): Promise<{ path: string; stage: string; hours: number; n: number }[]> {
      let q = db
        .selectFrom('report_decision_hours')
        .select(['path', 'stage', 'hours', sumOf('n')])
        .where('organization_id', '=', organizationId)
        .where('month', '>=', range.from)
        .where('month', '<=', range.to);
      if (path) q = q.where('path', '=', path);
      const rows = await q.groupBy(['path', 'stage', 'hours']).execute();
      return rows.map((r) => ({ path: r.path, stage: r.stage, hours: num(r.hours), n: num(r.n) })).filter((r) => r.n > 0);
    },
    /** The inventory as it stands, by institution, endorsement, credential type and level ('' = none given). */
    async programStock(f: { organizationId?: string | undefined; endorsement?: string | undefined }): Promise<{ organizationId: string; endorsement: string; credentialType: string; level: string; n: number }[]> {
      let q = db.selectFrom('report_program_stock').select(['organization_id', 'endorsement', 'credential_type', 'level', 'n']).where('n', '>', 0);
      if (f.organizationId) q = q.where('organization_id', '=', f.organizationId);
      if (f.endorsement) q = q.where('endorsement', '=', f.endorsement);
      return (await q.execute()).map((r) => ({ organizationId: r.organization_id, endorsement: r.endorsement, credentialType: r.credential_type, level: r.level, n: num(r.n) }));
    },
    /**
     * Programs per focus area, skill or partner, most first and ties by the value's code points (the same
     * on both dialects, whatever the collation), for an institution or statewide ('*').
     */
    async programValues(f: { organizationId: string; kind: 'focus_area' | 'skill' | 'partner'; endorsement?: string | undefined; limit?: number }): Promise<{ value: string; n: number }[]> {
      let q = db.selectFrom('report_program_values').select(['value', sumOf('n')]).where('organization_id', '=', f.organizationId).where('kind', '=', f.kind);
      if (f.endorsement) q = q.where('endorsement', '=', f.endorsement);
      const rows = (await q.groupBy('value').execute()).map((r) => ({ value: r.value, n: num(r.n) })).filter((r) => r.n > 0);
      rows.sort((x, y) => y.n - x.n || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
      return f.limit ? rows.slice(0, f.limit) : rows;
    },
    /** Active programs whose re-review is due by `before` (the programs (status, rereview_due_at) index). */
    async rereviewsDue(before: string, organizationId?: string, endorsement?: string): Promise<number> {
      let q = db.selectFrom('programs').select((eb) => eb.fn.countAll<string | number>().as('n')).where('status', '=', 'active').where('rereview_due_at', '<=', before);
      if (organizationId) q = q.where('organization_id', '=', organizationId);
      if (endorsement) q = q.where('endorsement', '=', endorsement as 'endorsed' | 'not_endorsed');
      return num((await q.executeTakeFirstOrThrow()).n);
    },
    /** Names of badge classes (for chart labels). */
    async badgeClassNames(ids: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        if (chunk.length) for (const r of await db.selectFrom('badge_classes').select(['id', 'name']).where('id', 'in', chunk).execute()) out.set(r.id, r.name);
      }
      return out;
    },
  };
}
