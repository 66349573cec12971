// Marking a program (or pathway) for the registry, in the transaction that changed it (domain/programs/lifecycle.ts):
// the publication row says what the registry should now hold, and a job is queued to make it so.
import type { Repos } from '../../storage/repositories/index.ts';
import { isPublicPathway, pathwayCtid, programCtid } from './ctdl.ts';

export const CTDL_QUEUE = 'ctdl-publish';

export type CtdlJob = { readonly programId: string } | { readonly pathwayId: string } | { readonly organizationId: string };

/** Marks a program changed (listed, revised, suspended, retired) and queues its publishing, in the caller's transaction. */
export async function queueProgramForRegistry(r: Repos, o: { programId: string; at: string; jobId: string }): Promise<void> {
  const program = await r.programs.findById(o.programId);
  if (!program) return;
  const listed = program.status === 'active' && program.liveRevisionId !== null;
  await r.ctdlPublications.markChanged({ entityId: program.id, kind: 'credential', ctid: programCtid(program.id), organizationId: program.organizationId, wanted: listed ? 'publish' : 'delete', at: o.at });
  await r.jobs.enqueue({ id: o.jobId, queue: CTDL_QUEUE, payload: { programId: program.id } satisfies CtdlJob, at: o.at });
}


/**
 * The same for a pathway (saved, published, archived, reviewed): for the pathway use cases to call in
 * their transaction. "Publish now" also sends every public pathway.
 */
export async function queuePathwayForRegistry(r: Repos, o: { pathwayId: string; at: string; jobId: string }): Promise<void> {
  const p = await r.pathways.get(o.pathwayId);
  if (!p) return;
  await r.ctdlPublications.markChanged({ entityId: p.id, kind: 'pathway', ctid: pathwayCtid(p.id), organizationId: p.organizationId, wanted: isPublicPathway(p) ? 'publish' : 'delete', at: o.at });
  await r.jobs.enqueue({ id: o.jobId, queue: CTDL_QUEUE, payload: { pathwayId: p.id } satisfies CtdlJob, at: o.at });
  // The programs it names say so in their own documents (isPartOf, isPreparationFor, hasPart).
  const programs = new Set([...p.components.map((c) => c.programId), p.destination.programId].filter((id): id is string => id !== null));
  await r.jobs.enqueueMany([...programs].map((programId, i) => ({ id: `${o.jobId}.${i}`, queue: CTDL_QUEUE, payload: { programId } satisfies CtdlJob, at: o.at })));
}

/** An institution's profile changed: its organization document is sent again if it was published before. */
export async function queueOrganizationForRegistry(r: Repos, o: { organizationId: string; at: string; jobId: string }): Promise<void> {
  await r.jobs.enqueue({ id: o.jobId, queue: CTDL_QUEUE, payload: { organizationId: o.organizationId } satisfies CtdlJob, at: o.at });
}
