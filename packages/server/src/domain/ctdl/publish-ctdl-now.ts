// "Publish now" on the CTDL publishing page: queue a publishing job for every listed program, every public
// pathway, and every publication not in step with the registry (a failure to retry, a deletion still to
// send). A job whose document the registry already holds sends nothing, so publishing all again is cheap.
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { assertAllowed, canManageCtdlPublishing } from '../policy.ts';
import { repos } from '../../storage/repositories/index.ts';
import { isPublicPathway } from './map-pathway.ts';
import { CTDL_QUEUE, type CtdlJob } from './queue-program.ts';

export async function publishCtdlNow(deps: Pick<Deps, 'db' | 'config' | 'clock' | 'wake'>, actor: Actor): Promise<{ queued: number; pathways: number }> {
  assertAllowed(canManageCtdlPublishing(actor), 'CTDL publishing is managed by system administrators.');
  if (!deps.config.ctdlRegistry) throw new DomainError('ctdl_publishing_off', 'This installation does not publish to the Credential Engine Registry: set LAUREL_CTDL_REGISTRY_URL and LAUREL_CTDL_API_KEY first.');
  const r = repos(deps.db);
  const ids = new Set<string>();
  for (let after = ''; ; ) {
    const page = await r.programs.publishedIdsAfter(after, 500);
    if (page.length === 0) break;
    for (const id of page) ids.add(id);
    after = page.at(-1)!;
  }
  const pathways = new Set((await r.pathways.listPublished()).filter(isPublicPathway).map((p) => p.id));
  for (const row of await r.ctdlPublications.unsettled(10_000)) {
    if (row.kind === 'credential') ids.add(row.entityId);
    if (row.kind === 'pathway') pathways.add(row.entityId);
  }
  const at = nowIso(deps);
  const jobs: CtdlJob[] = [...[...ids].map((programId) => ({ programId })), ...[...pathways].map((pathwayId) => ({ pathwayId }))];
  await inTransaction(deps, async (tr) => {
    await tr.jobs.enqueueMany(jobs.map((payload) => ({ id: newId(), queue: CTDL_QUEUE, payload, at })));
    await audit(tr, { actor, at, action: 'ctdl.publish_requested', subjectType: 'ctdl', subjectId: null, data: { programs: ids.size, pathways: pathways.size } });
  });
  deps.wake();
  return { queued: ids.size, pathways: pathways.size };
}
