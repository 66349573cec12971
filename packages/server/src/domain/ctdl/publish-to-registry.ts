// The CTDL publishing job (CTDL_QUEUE): bring the registry in step with one program or pathway. What is
// public is published (its institution's organization document first, when Laurel keeps that one), unless
// the registry already holds exactly this graph; what is no longer public is deleted there. Each outcome
// is recorded on the publication row with its audit event, in one transaction.
import { createHash } from 'node:crypto';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { CtdlPublication } from '../../storage/repositories/ctdl-publications.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { graphOf, type CtdlNode } from './ctdl.ts';
import { ctdlSite, listedProgramDocument, organizationDocument, pathwayDocument } from './documents.ts';
import { organizationCtid, type CtdlSite } from './map-organization.ts';
import { isPublicPathway, pathwayCtid } from './map-pathway.ts';
import { programCtid } from './map-program.ts';
import { CTDL_QUEUE, type CtdlJob } from './queue-program.ts';
import { createRegistryClient, type RegistryAnswer, type RegistryClient, type RegistryEndpoint, type RegistryFetch } from './registry-client.ts';

export { CTDL_QUEUE, type CtdlJob };

export type PublishOutcome =
  | { readonly kind: 'done'; readonly did: 'published' | 'deleted' | 'unchanged' | 'not_configured' | 'nothing' }
  | { readonly kind: 'retry'; readonly error: string }
  | { readonly kind: 'failed'; readonly error: string };

const hashOf = (graph: unknown) => createHash('sha256').update(JSON.stringify(graph)).digest('hex');
const SUBJECT: Record<CtdlPublication['kind'], string> = { credential: 'program', organization: 'organization', pathway: 'pathway' };

interface Target {
  readonly entityId: string;
  readonly kind: CtdlPublication['kind'];
  readonly endpoint: RegistryEndpoint;
  readonly ctid: string;
  readonly org: Organization;
}

interface Ctx {
  readonly deps: Pick<Deps, 'db' | 'clock'>;
  readonly r: Repos;
  readonly client: RegistryClient;
  readonly site: CtdlSite;
}

async function record(c: Ctx, t: Target, answer: RegistryAnswer, success: { state: 'published' | 'deleted'; hash: string | null }): Promise<PublishOutcome | null> {
  const at = nowIso(c.deps);
  await inTransaction(c.deps, async (tr) => {
    if (answer.ok) await tr.ctdlPublications.recordSuccess({ entityId: t.entityId, ...success, at });
    else await tr.ctdlPublications.recordFailure({ entityId: t.entityId, error: answer.error, at });
    const action = !answer.ok ? 'ctdl.publish_failed' : success.state === 'deleted' ? 'ctdl.deleted' : 'ctdl.published';
    await audit(tr, { actor: SYSTEM, at, action, subjectType: SUBJECT[t.kind], subjectId: t.entityId, organizationId: t.org.id, data: { ctid: t.ctid, ...(answer.ok ? {} : { error: answer.error, status: answer.status }) } });
  });
  if (answer.ok) return null;
  return answer.retry ? { kind: 'retry', error: answer.error } : { kind: 'failed', error: answer.error };
}

/** Publishes `nodes` (or deletes, when undefined) unless the registry is already in step. */
async function sync(c: Ctx, t: Target, nodes: readonly CtdlNode[] | undefined): Promise<PublishOutcome> {
  const row = await c.r.ctdlPublications.find(t.entityId);
  const owner = organizationCtid(c.site, t.org);
  if (!nodes) {
    // Never sent, or already deleted: nothing to take back.
    if (!row?.publishedHash) {
      if (row && row.state !== 'deleted') await c.r.ctdlPublications.recordSuccess({ entityId: t.entityId, state: 'deleted', hash: null, at: nowIso(c.deps) });
      return { kind: 'done', did: 'nothing' };
    }
    let answer = await c.client.delete({ endpoint: t.endpoint, ownerCtid: owner, ctid: t.ctid });
    // Deleted meanwhile (or by hand in the registry): the registry is in step.
    if (!answer.ok && answer.status === 404) answer = { ok: true, status: 404 };
    return (await record(c, t, answer, { state: 'deleted', hash: null })) ?? { kind: 'done', did: 'deleted' };
  }
  const graph = graphOf(nodes);
  const hash = hashOf(graph);
  if (row?.state === 'published' && row.publishedHash === hash) return { kind: 'done', did: 'unchanged' };
  if (!row || row.publishedHash !== hash) await c.r.ctdlPublications.markChanged({ entityId: t.entityId, kind: t.kind, ctid: t.ctid, organizationId: t.org.id, wanted: 'publish', at: nowIso(c.deps) });
  if (t.kind !== 'organization') {
    const orgOutcome = await ensureOrganization(c, t.org);
    if (orgOutcome) {
      const error = `The institution's organization document was not accepted, so this was not sent: ${orgOutcome.kind === 'done' ? '' : orgOutcome.error}`;
      await record(c, t, { ok: false, retry: orgOutcome.kind === 'retry', status: null, error }, { state: 'published', hash });
      return orgOutcome;
    }
  }
  const answer = await c.client.publishGraph({ endpoint: t.endpoint, ownerCtid: owner, graph });
  return (await record(c, t, answer, { state: 'published', hash })) ?? { kind: 'done', did: 'published' };
}

/** The institution's organization document, when Laurel keeps it (no CTID configured for it): sent when it changed. */
async function ensureOrganization(c: Ctx, org: Organization): Promise<PublishOutcome | null> {
  if (c.site.organizationCtids[org.slug]) return null;
  const o = await sync(c, { entityId: org.id, kind: 'organization', endpoint: 'organization', ctid: organizationCtid(c.site, org), org }, [organizationDocument(c.site, org)]);
  return o.kind === 'done' ? null : o;
}

export async function publishToRegistry(deps: Pick<Deps, 'db' | 'config' | 'clock' | 'fetch'>, job: CtdlJob, opts: { fetch?: RegistryFetch } = {}): Promise<PublishOutcome> {
  const cfg = deps.config.ctdlRegistry;
  if (!cfg) return { kind: 'done', did: 'not_configured' };
  const r = repos(deps.db);
  const c: Ctx = { deps, r, client: createRegistryClient(opts.fetch ?? deps.fetch, cfg), site: ctdlSite(deps) };
  if ('organizationId' in job) {
    const org = await r.organizations.findById(job.organizationId);
    // Not sent before: it goes out with its first credential.
    if (!org || !(await r.ctdlPublications.find(org.id))) return { kind: 'done', did: 'nothing' };
    return (await ensureOrganization(c, org)) ?? { kind: 'done', did: 'published' };
  }
  if ('pathwayId' in job) {
    const p = await r.pathways.get(job.pathwayId);
    const org = p ? await r.organizations.findById(p.organizationId) : undefined;
    if (!p || !org) return { kind: 'done', did: 'nothing' };
    const nodes = isPublicPathway(p) ? await pathwayDocument(r, c.site, p) : undefined;
    return sync(c, { entityId: p.id, kind: 'pathway', endpoint: 'pathway', ctid: pathwayCtid(p.id), org }, nodes);
  }
  const program = await r.programs.findById(job.programId);
  const org = program ? await r.organizations.findById(program.organizationId) : undefined;
  if (!program || !org) return { kind: 'done', did: 'nothing' };
  const found = await listedProgramDocument(deps, program.id);
  return sync(c, { entityId: program.id, kind: 'credential', endpoint: 'credential', ctid: programCtid(program.id), org }, found ? [found.doc] : undefined);
}
