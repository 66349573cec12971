// Publishing to the Credential Engine Registry, against a stand-in Registry Assistant started on
// 127.0.0.1 (support/ctdl-registry.ts) that records each request and checks the API key: the demo's
// programs go out with their institutions first; an unchanged program is not sent again; a revision is
// sent, a suspension or retirement deleted, a reinstatement sent again; a registry that is down is tried
// again (the injected clock moved, the worker drained); a refusal is recorded, shown on the page and
// retried by "Publish now". Every outcome has its audit event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { inTransaction } from '../src/domain/deps.ts';
import { CTDL_QUEUE } from '../src/domain/ctdl/publish-to-registry.ts';
import { programCtid } from '../src/domain/ctdl/map-program.ts';
import { ctidFor } from '../src/domain/ctdl/ctdl.ts';
import { publishCtdlNow } from '../src/domain/ctdl/publish-ctdl-now.ts';
import { pathwayCtid } from '../src/domain/ctdl/map-pathway.ts';
import { queuePathwayForRegistry } from '../src/domain/ctdl/queue-program.ts';
import type { Pathway } from '../src/domain/pathways/types.ts';
import { newId } from '../src/domain/ids.ts';
import { updateOrganization } from '../src/domain/institutions/institutions.ts';
import { emptyForm } from '../src/domain/programs/form.ts';
import { publishRevision, setProgramStatus } from '../src/domain/programs/lifecycle.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeInstitution } from './factories/organizations.ts';
import { makeProgram } from './factories/programs.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { ctdlValidators } from './helpers/ctdl-schemas.ts';
import { DIALECTS } from './helpers/db.ts';
import { startStandInRegistry, type RecordedRequest, type StandInRegistry } from './support/ctdl-registry.ts';

const KEY = 'test-registry-key-0123';
const v = ctdlValidators();
type Graph = { '@context': string; '@graph': Record<string, unknown>[] };
const graphOf = (q: RecordedRequest) => q.body.GraphInput as Graph;

describe.each(DIALECTS)('publishing CTDL to the registry on %s', (dialect) => {
  let t: TestApp;
  let reg: StandInRegistry;
  const drain = () => t.laurel.worker!.drain();
  const sent = () => reg.requests.splice(0);
  const row = (id: string) => repos(t.deps.db).ctdlPublications.find(id);
  const auditCount = async (action: string, subjectId?: string) => {
    let q = t.deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action);
    if (subjectId) q = q.where('subject_id', '=', subjectId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    reg = await startStandInRegistry(KEY);
    t = await makeTestApp(dialect, { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1', LAUREL_CTDL_REGISTRY_URL: reg.url, LAUREL_CTDL_API_KEY: KEY, LAUREL_SIGNING_THREADS: '0' } });
  });
  afterAll(async () => {
    await t?.close();
    await reg?.close();
  });

  it("publishes every listed demo program, each institution's organization document first", async () => {
    await drain();
    const requests = sent();
    const credentials = requests.filter((q) => q.path === '/assistant/credential/publishGraph');
    const organizations = requests.filter((q) => q.path === '/assistant/organization/publishGraph');
    // The demo's public pathways go out too, queued by the pathway use cases that seeded them.
    const pathways = requests.filter((q) => q.path === '/assistant/pathway/publishGraph');
    expect(pathways.map((q) => graphOf(q)['@graph'][0]!['ceterms:ctid']).sort()).toEqual((await repos(t.deps.db).pathways.listPublished()).map((p) => pathwayCtid(p.id)).sort());
    const listed = await repos(t.deps.db).programs.publishedIdsAfter('', 10_000);
    expect(credentials.map((q) => graphOf(q)['@graph'][0]!['ceterms:ctid']).sort()).toEqual(listed.map(programCtid).sort());
    for (const q of requests) {
      expect(q.method).toBe('POST');
      expect(q.authorization).toBe(`ApiToken ${KEY}`);
      expect(q.contentType).toBe('application/json');
      expect(q.body.DefaultLanguage).toBe('en-US');
      const g = graphOf(q);
      expect(g['@context']).toBe('http://credreg.net/ctdl/schema/context/json');
      const kind = q.path.includes('organization') ? 'organization' : q.path.includes('pathway') ? 'pathway' : 'credential';
      expect(v.strict(kind, g['@graph'][0] as { '@type': string })).toEqual([]);
    }
    // Each credential is published for its owner, whose organization document went out before it.
    for (const q of credentials) {
      const owner = q.body.PublishForOrganizationIdentifier as string;
      expect((graphOf(q)['@graph'][0]!['ceterms:ownedBy'] as string[])[0]).toBe(`https://credentialengineregistry.org/resources/${owner}`);
      const orgAt = requests.findIndex((o) => o.path === '/assistant/organization/publishGraph' && o.body.PublishForOrganizationIdentifier === owner);
      expect(orgAt).toBeGreaterThanOrEqual(0);
      expect(orgAt).toBeLessThan(requests.indexOf(q));
    }
    expect(new Set(organizations.map((q) => q.body.PublishForOrganizationIdentifier)).size).toBe(organizations.length);
    const counts = await repos(t.deps.db).ctdlPublications.counts();
    expect(counts).toEqual({ published: listed.length + organizations.length + pathways.length, pending: 0, failed: 0, deleted: 0 });
    expect(await auditCount('ctdl.published')).toBe(requests.length);
  });

  it('sends nothing for unchanged programs, also when Publish now queues them all again', async () => {
    const { queued } = await publishCtdlNow(t.deps, SYSTEM);
    expect(queued).toBe((await repos(t.deps.db).programs.publishedIdsAfter('', 10_000)).length);
    await drain();
    expect(sent()).toEqual([]);
  });

  it('sends a revision, deletes on suspension and retirement, and publishes again on reinstatement', async () => {
    const inst = await makeInstitution(t.deps);
    const p = await makeProgram(t.deps, inst, { form: { ...emptyForm(), title: 'Registry Welding', narrative: 'Weld.', credential_type: 'certificate' } });
    await drain();
    expect(sent().map((q) => q.path)).toEqual(['/assistant/organization/publishGraph', '/assistant/credential/publishGraph']);

    const revisionId = newId();
    const at = () => t.clock.now.toISOString();
    await repos(t.deps.db).revisions.insert({ id: revisionId, programId: p.id, number: 2, title: 'Registry Welding II', form: { ...emptyForm(), title: 'Registry Welding II', narrative: 'Weld better.', credential_type: 'certificate' }, createdBy: null, at: at() });
    await inTransaction(t.deps, (tr) => publishRevision(tr, { programId: p.id, revisionId, endorsement: 'not_endorsed', at: at(), rereviewMonths: 12 }));
    await drain();
    const revised = sent();
    expect(revised.map((q) => q.path)).toEqual(['/assistant/credential/publishGraph']);
    expect(graphOf(revised[0]!)['@graph'][0]!['ceterms:name']).toBe('Registry Welding II');

    const owner = ctidFor('organization', inst.id);
    for (const [status, expected] of [
      ['suspended', { method: 'DELETE', path: '/assistant/credential/delete' }],
      ['active', { method: 'POST', path: '/assistant/credential/publishGraph' }],
      ['retired', { method: 'DELETE', path: '/assistant/credential/delete' }],
    ] as const) {
      await inTransaction(t.deps, (tr) => setProgramStatus(tr, { programId: p.id, status, reason: 'Test', at: at() }));
      await drain();
      const [q, ...rest] = sent();
      expect(rest).toEqual([]);
      expect(q).toMatchObject(expected);
      if (expected.method === 'DELETE') expect(q!.body).toEqual({ CTID: programCtid(p.id), PublishForOrganizationIdentifier: owner });
      expect((await row(p.id))?.state).toBe(expected.method === 'DELETE' ? 'deleted' : 'published');
    }
    expect(await auditCount('ctdl.deleted', p.id)).toBe(2);
    expect(await auditCount('ctdl.published', p.id)).toBe(3);
  });

  it('tries again when the registry is down, and records the failure meanwhile', async () => {
    const inst = await makeInstitution(t.deps);
    reg.next.push({ status: 503, body: { Message: 'Service unavailable' } });
    const p = await makeProgram(t.deps, inst);
    await drain();
    expect(sent().map((q) => q.path)).toEqual(['/assistant/organization/publishGraph']);
    const failed = await row(p.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed!.lastError).toContain('HTTP 503');
    expect((await row(inst.id))?.state).toBe('failed');
    expect(await auditCount('ctdl.publish_failed', inst.id)).toBe(1);

    t.clock.now = new Date(t.clock.now.getTime() + 31_000);
    await drain();
    expect(sent().map((q) => q.path)).toEqual(['/assistant/organization/publishGraph', '/assistant/credential/publishGraph']);
    expect(await row(p.id)).toMatchObject({ state: 'published', attempts: 0, lastError: null });
  });

  it('records a refusal for good, names a refused API key, shows both on the page, and Publish now sends them again', async () => {
    const inst = await makeInstitution(t.deps);
    await makeProgram(t.deps, inst);
    await drain();
    sent();
    reg.next.push({ status: 200, body: { Successful: false, Messages: ['ceterms:subjectWebpage is not reachable'] } });
    const first = await makeProgram(t.deps, inst);
    await drain();
    const refused = await row(first.id);
    expect(refused?.state).toBe('failed');
    expect(refused?.lastError).toBe('The registry refused the credential document: ceterms:subjectWebpage is not reachable.');
    reg.apiKey = 'a-new-key';
    const second = await makeProgram(t.deps, inst);
    await drain();
    expect((await row(second.id))?.lastError).toBe('The registry refused the API key (HTTP 401). Check LAUREL_CTDL_API_KEY.');
    // Neither is retried by the worker: a refusal waits for a person.
    t.clock.now = new Date(t.clock.now.getTime() + 3_600_000);
    sent();
    await drain();
    expect(sent()).toEqual([]);
    const failedJobs = await t.deps.db.selectFrom('jobs').select('id').where('queue', '=', CTDL_QUEUE).where('status', '=', 'failed').execute();
    expect(failedJobs.length).toBeGreaterThanOrEqual(2);

    const other = await signedIn(t.app, 'admin@prairiestate.example.edu');
    expect((await other.get('/admin/ctdl')).statusCode).toBe(403);
    expect((await other.post('/admin/ctdl/publish', {})).statusCode).toBe(403);

    const admin = await signedIn(t.app, 'admin@regents.example.org');
    const page = await admin.get('/admin/ctdl');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Publishing to <code>${reg.url}</code>`);
    expect(page.body).toContain('ceterms:subjectWebpage is not reachable');
    expect(page.body).toContain('The registry refused the API key');
    expect(page.body).not.toContain(KEY);
    expect(page.body).toContain(`href="/programs/${first.id}.ctdl.json"`);

    reg.apiKey = KEY;
    const res = await admin.post('/admin/ctdl/publish', {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/admin\/ctdl\?queued=\d+$/);
    await drain();
    expect(sent().map((q) => q.path)).toEqual(['/assistant/credential/publishGraph', '/assistant/credential/publishGraph']);
    expect((await row(first.id))?.state).toBe('published');
    expect((await row(second.id))?.state).toBe('published');
    const after = await admin.get(String(res.headers.location));
    expect(after.body).toContain('programs were queued for publishing');
    expect(await auditCount('ctdl.publish_requested')).toBe(2);
  });

  it('publishes a public pathway with its components on Publish now, and deletes it when archived', async () => {
    const inst = await makeInstitution(t.deps);
    const a = await makeProgram(t.deps, inst);
    const b = await makeProgram(t.deps, inst);
    await drain();
    sent();
    const at = t.clock.now.toISOString();
    const p: Pathway = {
      id: newId(), organizationId: inst.id, name: 'Registry stack', description: '', rule: 'all', ruleN: null, ruleCreditHours: null,
      destination: { kind: 'external', programId: null, name: 'AAS in Welding', url: 'https://example.edu/aas', credentialType: 'associate_degree' },
      milestoneBadgeClassId: null, milestoneMode: null, status: 'published', crossesInstitutions: false, reviewState: 'not_required', reviewComment: null, reviewedBy: null, reviewedAt: null,
      version: 1, createdBy: null, createdAt: at, updatedAt: at, publishedAt: at,
      components: [a, b].map((x) => ({ kind: 'program' as const, programId: x.id, organizationId: inst.id, name: x.title, url: null, creditHours: null })),
    };
    await repos(t.deps.db).pathways.insert(p);
    // Publish now queues every public pathway (the demo's too); only the new one has anything to send.
    expect((await publishCtdlNow(t.deps, SYSTEM)).pathways).toBe((await repos(t.deps.db).pathways.listPublished()).length);
    await drain();
    // The components' own documents now name the pathway's destination, so they go out again too.
    const published = sent();
    expect(published.map((x) => x.path).sort()).toEqual(['/assistant/credential/publishGraph', '/assistant/credential/publishGraph', '/assistant/pathway/publishGraph']);
    const q = published.find((x) => x.path === '/assistant/pathway/publishGraph');
    const nodes = graphOf(q!)['@graph'];
    expect(nodes.map((n) => n['@type'])).toEqual(['ceterms:Pathway', 'ceterms:CredentialComponent', 'ceterms:CredentialComponent', 'ceterms:CredentialComponent']);
    expect(v.strict('pathway', nodes[0] as { '@type': string })).toEqual([]);
    for (const n of nodes.slice(1)) expect(v.strict('pathway_component', n as { '@type': string })).toEqual([]);
    expect((await row(p.id))?.state).toBe('published');

    await repos(t.deps.db).pathways.update({ ...p, status: 'archived', version: 2 }, 1);
    await inTransaction(t.deps, (tr) => queuePathwayForRegistry(tr, { pathwayId: p.id, at: t.clock.now.toISOString(), jobId: newId() }));
    await drain();
    const archived = sent();
    expect(archived.filter((x) => x.method === 'DELETE')).toEqual([expect.objectContaining({ path: '/assistant/pathway/delete', body: { CTID: pathwayCtid(p.id), PublishForOrganizationIdentifier: ctidFor('organization', inst.id) } })]);
    expect(archived.filter((x) => x.method === 'POST').map((x) => graphOf(x)['@graph'][0]!['ceterms:ctid']).sort()).toEqual([programCtid(a.id), programCtid(b.id)].sort());
    expect(await auditCount('ctdl.deleted', p.id)).toBe(1);
  });

  it("sends an institution's organization document again when its profile changes, once it has been published", async () => {
    const inst = await makeInstitution(t.deps);
    await updateOrganization(t.deps, SYSTEM, inst.slug, { name: `${inst.name} (not yet published)`, institutionType: 'community_college' });
    await drain();
    expect(sent()).toEqual([]);
    await makeProgram(t.deps, inst);
    await drain();
    sent();
    await updateOrganization(t.deps, SYSTEM, inst.slug, { name: 'Renamed Community College', city: 'Newtown', institutionType: 'community_college' });
    await drain();
    const [q, ...rest] = sent();
    expect(rest).toEqual([]);
    expect(q).toMatchObject({ method: 'POST', path: '/assistant/organization/publishGraph' });
    expect(graphOf(q!)['@graph'][0]).toMatchObject({ 'ceterms:name': 'Renamed Community College', 'ceterms:address': [{ '@type': 'ceterms:Place', 'ceterms:addressLocality': 'Newtown' }] });
  });
});
