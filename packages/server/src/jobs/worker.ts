// A small database-backed job runner. Each process runs one; jobs are claimed with a lease (see
// jobsRepo.claim), so several processes on one PostgreSQL database share the work and a crashed
// process's jobs are retried after the lease expires.
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Deps } from '../domain/deps.ts';
import { newId } from '../domain/ids.ts';
import { repos } from '../storage/repositories/index.ts';

export type JobHandler = (payload: unknown, ctx: { jobId: string; attempt: number }) => Promise<void>;

export interface Worker {
  /** Ask for a poll now (after a commit that queued work). */
  wake(): void;
  /** Runs until the queues are empty; used by tests and the CLI. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const LEASE_MS = 60_000;
const POLL_MS = 1_000;

export function startWorker(opts: { deps: Omit<Deps, 'wake'>; handlers: Record<string, JobHandler>; log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>; autoPoll?: boolean }): Worker {
  const id = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  const r = repos(opts.deps.db);
  let stopped = false;
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function runOnce(): Promise<number> {
    let done = 0;
    for (const [queue, handler] of Object.entries(opts.handlers)) {
      const now = opts.deps.clock();
      const jobs = await r.jobs.claim({ queue, worker: id, now: now.toISOString(), leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(), limit: 20 });
      for (const job of jobs) {
        if (stopped) break;
        try {
          await handler(job.payload, { jobId: job.id, attempt: job.attempts });
          await r.jobs.complete(job.id, id, opts.deps.clock().toISOString());
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          // Exponential back-off: 30 s, 1 min, 2 min … until max_attempts.
          const retryAt = job.attempts < job.maxAttempts ? new Date(opts.deps.clock().getTime() + 30_000 * 2 ** (job.attempts - 1)).toISOString() : null;
          opts.log.warn({ err, jobId: job.id, queue, attempt: job.attempts }, 'job failed');
          await r.jobs.fail({ id: job.id, worker: id, at: opts.deps.clock().toISOString(), error: message, retryAt });
        }
        done++;
      }
    }
    return done;
  }

  function tick(): Promise<number> {
    if (!running) {
      running = runOnce()
        .catch((err: unknown) => {
          if (!stopped) opts.log.error({ err }, 'job worker poll failed');
          return 0;
        })
        .finally(() => {
          running = null;
        });
    }
    return running;
  }

  function schedule(): void {
    if (stopped || opts.autoPoll === false) return;
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, POLL_MS);
    timer.unref();
  }
  schedule();

  return {
    wake() {
      if (!stopped && opts.autoPoll !== false) void tick();
    },
    async drain() {
      for (let i = 0; i < 1000; i++) {
        if (running) await running;
        if ((await tick()) === 0) return;
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
