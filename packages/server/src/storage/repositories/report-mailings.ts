// The monthly report's mailings (migration 0022): claiming a month is one INSERT on its primary key, so
// only one process queues a month's report.
import type { Executor } from './types.ts';

export interface ReportMailing {
  readonly month: string;
  readonly jobId: string;
  readonly queuedAt: string;
}

export function reportMailingsRepo(db: Executor) {
  return {
    /** True when this call claimed the month (no report was queued for it before). */
    async claim(m: ReportMailing): Promise<boolean> {
      const r = await db
        .insertInto('report_mailings')
        .values({ month: m.month, job_id: m.jobId, queued_at: m.queuedAt })
        .onConflict((oc) => oc.column('month').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async find(month: string): Promise<ReportMailing | undefined> {
      const r = await db.selectFrom('report_mailings').selectAll().where('month', '=', month).executeTakeFirst();
      return r ? { month: r.month, jobId: r.job_id, queuedAt: r.queued_at } : undefined;
    },
  };
}
