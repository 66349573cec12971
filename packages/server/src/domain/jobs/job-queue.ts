// The job queue as the worker sees it: claim ready jobs with a lease, then complete or fail each one.
// The worker (jobs/worker.ts) decides when to poll; the rows and their leases live in the jobs repository.
import type { Deps } from '../deps.ts';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import { newId } from '../ids.ts';
import type { Job } from '../../storage/repositories/jobs.ts';

export type { Job };

export interface JobQueue {
  claim(opts: { queue: string; worker: string; now: string; leaseUntil: string; limit: number }): Promise<Job[]>;
  complete(id: string, worker: string, at: string): Promise<void>;
  fail(opts: { id: string; worker: string; at: string; error: string; retryAt: string | null }): Promise<void>;
}

export function jobQueue(deps: Pick<Deps, 'db'>): JobQueue {
  const jobs = repos(deps.db).jobs;
  return { claim: (o) => jobs.claim(o), complete: (id, w, at) => jobs.complete(id, w, at), fail: (o) => jobs.fail(o) };
}

/** A chunk of a bulk file's rows, as its job carries it. */
export interface RowChunk {
  readonly batchId: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Queues a bulk file's rows as jobs of `size` rows each (inside the caller's transaction, so the file is
 * confirmed and its work queued together). Rows are identified by their numbers, so a retried chunk
 * re-reads exactly its rows.
 */
export async function enqueueRowChunks(tr: Repos, o: { queue: string; batchId: string; rows: readonly number[]; size: number; at: string }): Promise<void> {
  for (let i = 0; i < o.rows.length; i += o.size) {
    const chunk = o.rows.slice(i, i + o.size);
    const payload: RowChunk = { batchId: o.batchId, from: chunk[0]!, to: chunk.at(-1)! };
    await tr.jobs.enqueue({ id: newId(), queue: o.queue, payload, at: o.at, maxAttempts: 20 });
  }
}
