// Marking a program for the registry, in the transaction that changed it (domain/programs/lifecycle.ts):
// the publication row says what the registry should now hold, and a job is queued to make it so.
import type { Repos } from '../../storage/repositories/index.ts';
import { programCtid } from './map-program.ts';

export const CTDL_QUEUE = 'ctdl-publish';

export interface CtdlJob {
  readonly programId: string;
}

/** Marks a program changed (listed, revised, suspended, retired) and queues its publishing, in the caller's transaction. */
export async function queueProgramForRegistry(r: Repos, o: { programId: string; at: string; jobId: string }): Promise<void> {
  const program = await r.programs.findById(o.programId);
  if (!program) return;
  const listed = program.status === 'active' && program.liveRevisionId !== null;
  await r.ctdlPublications.markChanged({ entityId: program.id, kind: 'credential', ctid: programCtid(program.id), organizationId: program.organizationId, wanted: listed ? 'publish' : 'delete', at: o.at });
  await r.jobs.enqueue({ id: o.jobId, queue: CTDL_QUEUE, payload: { programId: program.id } satisfies CtdlJob, at: o.at });
}

