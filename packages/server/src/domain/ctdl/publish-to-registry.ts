// The CTDL publishing job (CTDL_QUEUE): bring the registry in step with one program. A listed program's
// credential is published (its institution's organization document first, when Laurel keeps that one),
// unless the registry already holds exactly this graph; a program no longer listed is deleted there. Each
// outcome is recorded on the publication row with its audit event, in one transaction.
import { createHash } from 'node:crypto';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { CtdlPublication } from '../../storage/repositories/ctdl-publications.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { graphOf } from './ctdl.ts';
import { ctdlSite, listedProgramDocument, organizationDocument } from './documents.ts';
import { organizationCtid, type CtdlSite } from './map-organization.ts';
import { programCtid } from './map-program.ts';
import { createRegistryClient, type RegistryAnswer, type RegistryClient, type RegistryFetch } from './registry-client.ts';

import { CTDL_QUEUE, type CtdlJob } from './queue-program.ts';

export { CTDL_QUEUE, type CtdlJob };

export type PublishOutcome =
  | { readonly kind: 'done'; readonly did: 'published' | 'deleted' | 'unchanged' | 'not_configured' | 'nothing' }
  | { readonly kind: 'retry'; readonly error: string }
  | { readonly kind: 'failed'; readonly error: string };

const hashOf = (graph: unknown) => createHash('sha256').update(JSON.stringify(graph)).digest('hex');

async function record(deps: Pick<Deps, 'db'>, o: { row: { entityId: string; kind: CtdlPublication['kind']; organizationId: string | null }; answer: RegistryAnswer; success: { state: 'published' | 'deleted'; hash: string | null }; at: string; ctid: string }): Promise<PublishOutcome | null> {
  const subjectType = o.row.kind === 'credential' ? 'program' : o.row.kind;
  await inTransaction(deps, async (tr) => {
    if (o.answer.ok) await tr.ctdlPublications.recordSuccess({ entityId: o.row.entityId, ...o.success, at: o.at });
    else await tr.ctdlPublications.recordFailure({ entityId: o.row.entityId, error: o.answer.error, at: o.at });
    const action = !o.answer.ok ? 'ctdl.publish_failed' : o.success.state === 'deleted' ? 'ctdl.deleted' : 'ctdl.published';
    await audit(tr, { actor: SYSTEM, at: o.at, action, subjectType, subjectId: o.row.entityId, organizationId: o.row.organizationId, data: { ctid: o.ctid, ...(o.answer.ok ? {} : { error: o.answer.error, status: o.answer.status }) } });
  });
  if (o.answer.ok) return null;
  return o.answer.retry ? { kind: 'retry', error: o.answer.error } : { kind: 'failed', error: o.answer.error };
}

/** The institution's organization document, when Laurel keeps it (no CTID configured for it): sent when it changed. */
async function ensureOrganization(deps: Pick<Deps, 'db' | 'clock'>, r: Repos, client: RegistryClient, site: CtdlSite, org: Organization): Promise<PublishOutcome | null> {
  if (site.organizationCtids[org.slug]) return null;
  const ctid = organizationCtid(site, org);
  const graph = graphOf([organizationDocument(site, org)]);
  const hash = hashOf(graph);
  const row = await r.ctdlPublications.find(org.id);
  if (row?.state === 'published' && row.publishedHash === hash) return null;
  const at = nowIso(deps);
  if (!row || row.publishedHash !== hash) await r.ctdlPublications.markChanged({ entityId: org.id, kind: 'organization', ctid, organizationId: org.id, wanted: 'publish', at });
  const answer = await client.publishGraph({ endpoint: 'organization', ownerCtid: ctid, graph });
  return record(deps, { row: { entityId: org.id, kind: 'organization', organizationId: org.id }, answer, success: { state: 'published', hash }, at: nowIso(deps), ctid });
}

export async function publishProgramToRegistry(deps: Pick<Deps, 'db' | 'config' | 'clock' | 'fetch'>, job: CtdlJob, opts: { fetch?: RegistryFetch } = {}): Promise<PublishOutcome> {
  const cfg = deps.config.ctdlRegistry;
  if (!cfg) return { kind: 'done', did: 'not_configured' };
  const client = createRegistryClient(opts.fetch ?? deps.fetch, cfg);
  const r = repos(deps.db);
  const site = ctdlSite(deps);
  const program = await r.programs.findById(job.programId);
  const org = program ? await r.organizations.findById(program.organizationId) : undefined;
  if (!program || !org) return { kind: 'done', did: 'nothing' };
  const ctid = programCtid(program.id);
  const rowRef = { entityId: program.id, kind: 'credential' as const, organizationId: org.id };
  const ownerCtid = organizationCtid(site, org);
  const found = await listedProgramDocument(deps, program.id);
  const row = await r.ctdlPublications.find(program.id);
  if (!found) {
    // Never sent, or already deleted: nothing to take back.
    if (!row?.publishedHash) {
      if (row && row.state !== 'deleted') await r.ctdlPublications.recordSuccess({ entityId: program.id, state: 'deleted', hash: null, at: nowIso(deps) });
      return { kind: 'done', did: 'nothing' };
    }
    let answer = await client.delete({ endpoint: 'credential', ownerCtid, ctid });
    // Deleted meanwhile (or by hand in the registry): the registry is in step.
    if (!answer.ok && answer.status === 404) answer = { ok: true, status: 404 };
    return (await record(deps, { row: rowRef, answer, success: { state: 'deleted', hash: null }, at: nowIso(deps), ctid })) ?? { kind: 'done', did: 'deleted' };
  }
  const graph = graphOf([found.doc]);
  const hash = hashOf(graph);
  if (row?.state === 'published' && row.publishedHash === hash) return { kind: 'done', did: 'unchanged' };
  if (!row) await r.ctdlPublications.markChanged({ entityId: program.id, kind: 'credential', ctid, organizationId: org.id, wanted: 'publish', at: nowIso(deps) });
  const orgOutcome = await ensureOrganization(deps, r, client, site, org);
  if (orgOutcome) {
    const error = `The institution's organization document was not accepted, so the program was not sent: ${orgOutcome.kind === 'done' ? '' : orgOutcome.error}`;
    await record(deps, { row: rowRef, answer: { ok: false, retry: orgOutcome.kind === 'retry', status: null, error }, success: { state: 'published', hash }, at: nowIso(deps), ctid });
    return orgOutcome;
  }
  const answer = await client.publishGraph({ endpoint: 'credential', ownerCtid, graph });
  return (await record(deps, { row: rowRef, answer, success: { state: 'published', hash }, at: nowIso(deps), ctid })) ?? { kind: 'done', did: 'published' };
}
