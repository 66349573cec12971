// Readiness and what /metrics reads from the database: can this process reach its database, and how much
// work waits in the job queues (the same numbers from every process, since they come from the database).
import { nowIso, type Deps } from './deps.ts';
import { pingDatabase as ping } from '../storage/db.ts';
import { repos } from '../storage/repositories/index.ts';
import type { JobBacklog } from '../storage/repositories/jobs.ts';

export type { JobBacklog };

export async function pingDatabase(deps: Pick<Deps, 'db'>): Promise<void> {
  await ping(deps.db);
}

/** Jobs not done per queue and status, and each queue's oldest due job (two indexed, grouped reads). */
export async function readJobBacklog(deps: Pick<Deps, 'db' | 'clock'>): Promise<JobBacklog> {
  return repos(deps.db).jobs.backlog(nowIso(deps));
}
