import { PostgresAdapter } from 'kysely';
import { takeRequestId, withRequestId } from '../../shared/request-context.ts';
import { rowsPerInsert, type Executor } from './types.ts';

export interface Job {
  readonly id: string;
  readonly queue: string;
  readonly payload: unknown;
  readonly attempts: number;
  readonly maxAttempts: number;
  /** The request that queued the job (shared/request-context.ts), carried in its payload JSON. */
  readonly requestId: string | undefined;
}

/** Jobs not done, per queue and status, and the oldest ready job's run_at: what /metrics reports. */
export interface JobBacklog {
  readonly counts: readonly { queue: string; status: 'pending' | 'running' | 'failed'; n: number }[];
  readonly oldestReady: readonly { queue: string; runAt: string }[];
}

function toJob(row: { id: string; queue: string; payload: string; attempts: number | string; max_attempts: number | string }): Job {
  const { payload, requestId } = takeRequestId(JSON.parse(row.payload));
  return { id: row.id, queue: row.queue, payload, attempts: Number(row.attempts), maxAttempts: Number(row.max_attempts), requestId };
}

/**
 * Two grouped reads on jobs_ready_idx (status, run_at): the statuses that are not `done` (done rows
 * pile up forever and are never counted), and each queue's oldest pending job that is due.
 */
async function readBacklog(db: Executor, now: string): Promise<JobBacklog> {
  const counts = await db
    .selectFrom('jobs')
    .select(['queue', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('status', 'in', ['pending', 'running', 'failed'])
    .groupBy(['queue', 'status'])
    .execute();
  const oldest = await db
    .selectFrom('jobs')
    .select(['queue', (eb) => eb.fn.min<string>('run_at').as('run_at')])
    .where('status', '=', 'pending')
    .where('run_at', '<=', now)
    .groupBy('queue')
    .execute();
  return {
    counts: counts.map((r) => ({ queue: r.queue, status: r.status as 'pending' | 'running' | 'failed', n: Number(r.n) })),
    oldestReady: oldest.map((r) => ({ queue: r.queue, runAt: r.run_at })),
  };
}

export function jobsRepo(db: Executor) {
  return {
    async enqueueMany(jobs: readonly { id: string; queue: string; payload: unknown; at: string; maxAttempts?: number }[]): Promise<void> {
      const n = rowsPerInsert(8);
      for (let i = 0; i < jobs.length; i += n) {
        const chunk = jobs.slice(i, i + n);
        if (chunk.length === 0) continue;
        await db
          .insertInto('jobs')
          .values(chunk.map((j) => ({ id: j.id, queue: j.queue, payload: JSON.stringify(withRequestId(j.payload)), status: 'pending' as const, max_attempts: j.maxAttempts ?? 8, run_at: j.at, created_at: j.at, updated_at: j.at })))
          .execute();
      }
    },
    /** With `ifAbsent`, a job whose id is already queued (or done) is left as it is: a retried producer with stable ids queues once. */
    async enqueue(j: { id: string; queue: string; payload: unknown; at: string; runAt?: string; maxAttempts?: number; ifAbsent?: boolean }): Promise<void> {
      let q = db
        .insertInto('jobs')
        .values({
          id: j.id,
          queue: j.queue,
          payload: JSON.stringify(withRequestId(j.payload)),
          status: 'pending',
          max_attempts: j.maxAttempts ?? 8,
          run_at: j.runAt ?? j.at,
          created_at: j.at,
          updated_at: j.at,
        });
      if (j.ifAbsent) q = q.onConflict((oc) => oc.column('id').doNothing());
      await q.execute();
    },
    /**
     * Claims up to `limit` ready jobs for this worker. The claim is a conditional UPDATE on each row, so
     * two processes sharing a PostgreSQL database can never run the same job at once; a worker that
     * dies leaves its lease to expire and the job is picked up again.
     */
    async claim(opts: { queue: string; worker: string; now: string; leaseUntil: string; limit: number }): Promise<Job[]> {
      const ready = (eb: any) =>
        eb.or([eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', opts.now)]), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', opts.now)])]);
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        // One statement; SKIP LOCKED lets concurrent processes take different jobs instead of racing for the same ones.
        // The candidates in a CTE: PostgreSQL may re-run a LIMIT … FOR UPDATE subquery inside
        // `WHERE id IN (…)` for each row it scans, and then claims far more than `limit` jobs.
        const rows = await db
          .with('candidates', (qb) => qb.selectFrom('jobs').select('id').where('queue', '=', opts.queue).where(ready).orderBy('run_at').limit(opts.limit).forUpdate().skipLocked())
          .updateTable('jobs')
          .from('candidates')
          .set((eb) => ({ status: 'running', locked_by: opts.worker, locked_until: opts.leaseUntil, attempts: eb('jobs.attempts', '+', 1), updated_at: opts.now }))
          .whereRef('jobs.id', '=', 'candidates.id')
          .returningAll('jobs')
          .execute();
        return rows
          .sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : 0))
          .map(toJob);
      }
      const candidates = await db
        .selectFrom('jobs')
        .select('id')
        .where('queue', '=', opts.queue)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', opts.now)]),
            eb.and([eb('status', '=', 'running'), eb('locked_until', '<', opts.now)]),
          ]),
        )
        .orderBy('run_at')
        // A few spare candidates: another worker lane of this process may take the first ones between
        // this read and the conditional update, and this claim then takes the next instead of none.
        .limit(opts.limit + 8)
        .execute();
      const claimed: Job[] = [];
      for (const c of candidates) {
        if (claimed.length === opts.limit) break;
        const r = await db
          .updateTable('jobs')
          .set((eb) => ({ status: 'running', locked_by: opts.worker, locked_until: opts.leaseUntil, attempts: eb('attempts', '+', 1), updated_at: opts.now }))
          .where('id', '=', c.id)
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', opts.now)]),
              eb.and([eb('status', '=', 'running'), eb('locked_until', '<', opts.now)]),
            ]),
          )
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) continue;
        const row = await db.selectFrom('jobs').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
        claimed.push(toJob(row));
      }
      return claimed;
    },
    async complete(id: string, worker: string, at: string): Promise<void> {
      // locked_by stays: which process did the job is useful when several share the work.
      await db.updateTable('jobs').set({ status: 'done', locked_until: null, updated_at: at }).where('id', '=', id).where('locked_by', '=', worker).execute();
    },
    async fail(opts: { id: string; worker: string; at: string; error: string; retryAt: string | null }): Promise<void> {
      await db
        .updateTable('jobs')
        .set({
          status: opts.retryAt ? 'pending' : 'failed',
          run_at: opts.retryAt ?? opts.at,
          last_error: opts.error.slice(0, 2000),
          locked_by: null,
          locked_until: null,
          updated_at: opts.at,
        })
        .where('id', '=', opts.id)
        .where('locked_by', '=', opts.worker)
        .execute();
    },
    /** A long job still alive pushes its lease on (exports): a killed process's job is retried once it stops. */
    async extendLease(id: string, o: { until: string; at: string }): Promise<void> {
      await db.updateTable('jobs').set({ locked_until: o.until, updated_at: o.at }).where('id', '=', id).where('status', '=', 'running').execute();
    },
    backlog: (now: string) => readBacklog(db, now),
    async counts(queue: string): Promise<Record<string, number>> {
      const rows = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<string | number>().as('n')]).where('queue', '=', queue).groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}
