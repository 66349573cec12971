// Everything a saved pathway sets moving, in the transaction that saved it: the inventory's "Stacks into"
// entries of its programs, its CTDL document in the Credential Engine Registry (published, or deleted
// once it is no longer public), and — when it is published with a milestone badge — the back-fill that
// finds earners who already hold its components. One call from each use case that changes a pathway, so
// no path can forget one of them.
import { queuePathwayForRegistry } from '../ctdl/queue-program.ts';
import { newId } from '../ids.ts';
import type { Repos } from '../../storage/repositories/index.ts';
import { queuePathwayBackfill } from './progress-jobs.ts';
import { resyncStacking } from './stacking.ts';
import type { Pathway } from './types.ts';

export async function afterPathwayChange(r: Repos, before: Pathway | undefined, after: Pathway, at: string): Promise<void> {
  await resyncStacking(r, before, after);
  if (before?.status === 'published' || after.status === 'published') await queuePathwayForRegistry(r, { pathwayId: after.id, at, jobId: newId() });
  if (after.status === 'published' && after.milestoneBadgeClassId !== null) await queuePathwayBackfill(r, { pathwayId: after.id, version: after.version, at });
}
