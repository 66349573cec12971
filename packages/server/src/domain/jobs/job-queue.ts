// The job queue as the worker sees it: claim ready jobs with a lease, then complete or fail each one.
// The worker (jobs/worker.ts) decides when to poll; the rows and their leases live in the jobs repository.
import type { Deps } from '../deps.ts';
import { repos } from '../../storage/repositories/index.ts';
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
