// A small database-backed job runner. Each process runs one; jobs are claimed with a lease (see
// jobsRepo.claim), so several processes on one PostgreSQL database share the work and a crashed
// process's jobs are retried after the lease expires. Each queue is polled on its own, so a long bulk
// issue does not hold up email delivery.
import { hostname } from 'node:os';
import type { Deps } from '../domain/deps.ts';
import { newId } from '../domain/ids.ts';
import { jobQueue } from '../domain/jobs/job-queue.ts';
import { runWithRequestId } from '../shared/request-context.ts';

/** `requestId`: the request that queued the job, if any (its log lines carry the same id). */
export type JobHandler = (payload: unknown, ctx: { jobId: string; attempt: number; requestId?: string | undefined }) => Promise<void>;

/**
 * Thrown by a handler that decides itself when its job is tried again (webhook deliveries follow the
 * Standard Webhooks schedule, not the worker's): `retryAt` null means never (the job fails for good).
 */
export class RetryJob extends Error {
  constructor(
    message: string,
    readonly retryAt: Date | null,
  ) {
    super(message);
    this.name = 'RetryJob';
  }
}

export interface QueueOptions {
  readonly handler: JobHandler;
  /** How long a claim holds a job; a process that dies releases its jobs after this (default 60 s). */
  readonly leaseMs?: number;
  /** Jobs claimed per poll (default 20). Long jobs claim one at a time so other processes get the rest. */
  readonly claimLimit?: number;
  /** Claimed jobs run this many at a time (default 1). For jobs that mostly wait on the network. */
  readonly concurrency?: number;
  /**
   * Independent lanes (default 1), each claiming its own jobs (claimLimit at a time) and running them in
   * turn until the queue is empty. For jobs that alternate between work on other threads and the
   * database: with two lanes one bulk-issue chunk signs on the pool while the other writes.
   */
  readonly lanes?: number;
}

/** Where the worker reports (pino's logger fits, and so does a console-backed one). */
export interface WorkerLog {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/** What /readyz asks of the worker. */
export interface WorkerHealth {
  /** False once stop() has been called. */
  readonly running: boolean;
  /** Whether it polls on its own (false in tests and one-shot CLI runs, which drain). */
  readonly polling: boolean;
  /** When a queue was last polled (the heartbeat), by the app's clock; null before the first poll. */
  readonly lastBeatAt: Date | null;
}

export interface Worker {
  /** Ask for a poll now (after a commit that queued work). */
  wake(): void;
  health(): WorkerHealth;
  /** Runs until the queues are empty; used by tests and the CLI. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const LEASE_MS = 60_000;
const POLL_MS = 1_000;

export function startWorker(opts: { deps: Omit<Deps, 'wake'>; handlers: Record<string, JobHandler | QueueOptions>; log: WorkerLog; autoPoll?: boolean }): Worker {
  const id = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  const queue = jobQueue(opts.deps);
  let stopped = false;
  let lastBeatAt: Date | null = null;
  const queues = Object.entries(opts.handlers).map(([queue, h]) => {
    const o: QueueOptions = typeof h === 'function' ? { handler: h } : h;
    return { queue, handler: o.handler, leaseMs: o.leaseMs ?? LEASE_MS, claimLimit: o.claimLimit ?? 20, concurrency: Math.max(1, o.concurrency ?? 1), lanes: Math.max(1, o.lanes ?? 1), running: null as Promise<number> | null, timer: null as NodeJS.Timeout | null };
  });
  type Q = (typeof queues)[number];

  type ClaimedJob = Awaited<ReturnType<typeof queue.claim>>[number];
  /** The job runs as part of the request that queued it: jobs it queues carry the same request id. */
  const runJob = (q: Q, job: ClaimedJob): Promise<void> => runWithRequestId(job.requestId, () => runJobInContext(q, job));

  async function runJobInContext(q: Q, job: ClaimedJob): Promise<void> {
    const started = performance.now();
    // Log fields: ids only (never the payload, which may hold addresses and message bodies).
    const fields = { jobId: job.id, queue: q.queue, attempt: job.attempts, ...(job.requestId ? { requestId: job.requestId } : {}) };
    try {
      await q.handler(job.payload, { jobId: job.id, attempt: job.attempts, requestId: job.requestId });
      await queue.complete(job.id, id, opts.deps.clock().toISOString());
      opts.log.info({ ...fields, durationMs: Math.round(performance.now() - started) }, 'job done');
    } catch (err) {
      if (stopped) return;
      const message = err instanceof Error ? err.message : String(err);
      // Exponential back-off: 30 s, 1 min, 2 min … until max_attempts, unless the handler chose.
      const retryAt =
        err instanceof RetryJob
          ? (err.retryAt?.toISOString() ?? null)
          : job.attempts < job.maxAttempts
            ? new Date(opts.deps.clock().getTime() + Math.min(30_000 * 2 ** (job.attempts - 1), 3_600_000)).toISOString()
            : null;
      if (err instanceof RetryJob) opts.log.info({ ...fields, retryAt, error: message }, 'job to be retried');
      else opts.log.warn({ err, ...fields, retryAt }, 'job failed');
      await queue.fail({ id: job.id, worker: id, at: opts.deps.clock().toISOString(), error: message, retryAt });
    }
  }

  /** One claim and its jobs, run `concurrency` at a time. */
  async function claimAndRun(q: Q): Promise<number> {
    let done = 0;
    const now = opts.deps.clock();
    const jobs = await queue.claim({ queue: q.queue, worker: id, now: now.toISOString(), leaseUntil: new Date(now.getTime() + q.leaseMs).toISOString(), limit: q.claimLimit });
    // `concurrency` lanes take the claimed jobs in order; with one lane this is the plain loop.
    let next = 0;
    const lane = async () => {
      while (next < jobs.length && !stopped) {
        const job = jobs[next++]!;
        await runJob(q, job);
        done++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(q.concurrency, jobs.length) }, lane));
    return done;
  }

  async function runOnce(q: Q): Promise<number> {
    if (q.lanes === 1) return claimAndRun(q);
    // Each lane claims again as soon as its jobs are done, so the lanes stay out of step.
    let done = 0;
    const lane = async () => {
      for (let n = await claimAndRun(q); n > 0 && !stopped; n = await claimAndRun(q)) done += n;
    };
    await Promise.all(Array.from({ length: q.lanes }, lane));
    return done;
  }

  function tick(q: Q): Promise<number> {
    lastBeatAt = opts.deps.clock();
    if (!q.running) {
      q.running = runOnce(q)
        .catch((err: unknown) => {
          if (!stopped) opts.log.error({ err, queue: q.queue }, 'job worker poll failed');
          return 0;
        })
        .finally(() => {
          q.running = null;
        });
    }
    return q.running;
  }

  function schedule(q: Q, delay = POLL_MS): void {
    if (stopped || opts.autoPoll === false) return;
    if (q.timer) clearTimeout(q.timer);
    q.timer = setTimeout(() => {
      // A poll that found work polls again at once: a queue of many jobs drains without 1 s gaps.
      void tick(q).then((n) => schedule(q, n > 0 ? 0 : POLL_MS));
    }, delay);
    q.timer.unref();
  }
  for (const q of queues) schedule(q);

  return {
    wake() {
      if (stopped || opts.autoPoll === false) return;
      for (const q of queues) if (!q.running) schedule(q, 0);
    },
    health: () => ({ running: !stopped, polling: opts.autoPoll !== false, lastBeatAt }),
    async drain() {
      for (let i = 0; i < 10_000; i++) {
        let n = 0;
        for (const q of queues) {
          if (q.running) await q.running;
          n += await tick(q);
        }
        if (n === 0) return;
      }
    },
    async stop() {
      stopped = true;
      for (const q of queues) if (q.timer) clearTimeout(q.timer);
      await Promise.all(queues.map((q) => q.running));
    },
  };
}
