// Status lists exist from an organization's creation (revocation and suspension, all zeros), carry
// validUntil and `ttl`, are re-signed before they go stale, and their HTTP caching agrees. Every dialect.
import { buildAchievement, buildOpenBadgeCredential, decodeStatusList, verifyCredential, type VerifyDeps } from '@laurel/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationToken, createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { ensureStatusLists, STATUS_LIST_TTL_MS } from '../src/domain/credentials/status-lists.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

type Obj = Record<string, unknown>;
interface ListVc {
  id: string;
  validFrom: string;
  validUntil: string;
  credentialSubject: { type: string; statusPurpose: string; encodedList: string; ttl: number };
}
const HOUR = 3_600_000;
const DID = 'did:web:laurel.test:orgs:red-river';

describe.each(DIALECTS)('status lists on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  function expectEmptyList(vc: ListVc, purpose: string): void {
    expect(vc.credentialSubject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: purpose, ttl: STATUS_LIST_TTL_MS });
    const bits = decodeStatusList(vc.credentialSubject.encodedList);
    expect(bits.length * 8).toBe(131_072);
    expect(bits.every((b) => b === 0)).toBe(true);
  }

  it('serves every organization’s revocation and suspension lists before any credential uses them', async () => {
    for (const org of await repos(t.deps.db).organizations.list()) {
      for (const purpose of ['revocation', 'suspension']) {
        const res = await get(`/orgs/${org.slug}/status/${purpose}/1`);
        expect(res.statusCode, `${org.slug} ${purpose}`).toBe(200);
        expectEmptyList(res.json() as ListVc, purpose);
      }
    }
  });

  it('opens both lists with a new institution, and backfills organizations without them', async () => {
    const admin = (await repos(t.deps.db).users.findByEmail('admin@regents.example.org'))!;
    const token = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: admin.id, name: 'admin' })).token);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: token, payload: { slug: 'lake-tech', name: 'Lake Technical College' } });
    expect(created.statusCode).toBe(201);
    const lake = (await repos(t.deps.db).organizations.findBySlug('lake-tech'))!;
    expect((await repos(t.deps.db).statusLists.listForOrganization(lake.id)).map((l) => `${l.purpose}/${l.seq}`)).toEqual(['revocation/1', 'suspension/1']);
    expectEmptyList((await get('/orgs/lake-tech/status/suspension/1')).json() as ListVc, 'suspension');

    // As for an organization from before lists were opened at creation.
    await t.deps.db.deleteFrom('status_lists').where('organization_id', '=', lake.id).execute();
    expect((await get('/orgs/lake-tech/status/suspension/1')).statusCode).toBe(404);
    expect(await ensureStatusLists(t.deps)).toBe(2);
    expect(await ensureStatusLists(t.deps)).toBe(0);
    expect((await get('/orgs/lake-tech/status/suspension/1')).statusCode).toBe(200);
    expect((await get('/orgs/lake-tech/status/suspension/2')).statusCode).toBe(404);
  });

  it('carries validUntil and ttl, with Cache-Control agreeing, and verifies', async () => {
    const res = await get('/orgs/red-river/status/suspension/1');
    const vc = res.json() as ListVc;
    expect(Date.parse(vc.validUntil) - Date.parse(vc.validFrom)).toBe(24 * HOUR);
    expect(res.headers['cache-control']).toBe(`public, max-age=${STATUS_LIST_TTL_MS / 1000}`);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    // A credential pointing at the list verifies offline, the list (with its ttl term) checked in turn.
    const token = bearer((await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'red-river', name: 'registrar' })).token);
    const credential = buildOpenBadgeCredential({
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: { id: DID, type: ['Profile'], name: 'Red River Community College' },
      achievement: buildAchievement({ id: 'http://laurel.test/orgs/red-river/achievements/welding-1', name: 'Welding I', description: 'Safe MIG welding.', criteria: { narrative: 'Passed the practical.' } }),
      recipient: { email: 'student@example.com', salt: 'pepper' },
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    const issued = await t.app.inject({ method: 'POST', url: '/credentials/issue', headers: token, payload: { credential, options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' } } } });
    expect(issued.statusCode, issued.body).toBe(201);
    const didDoc = (await get('/orgs/red-river/did.json')).json() as Obj;
    const deps: VerifyDeps = {
      resolveDid: async (did) => (did === didDoc.id ? didDoc : null),
      fetchStatusList: async (listUrl) => (await get(new URL(listUrl).pathname)).body,
    };
    const report = await verifyCredential((issued.json() as { verifiableCredential: object }).verifiableCredential, deps);
    expect(report.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'status')?.message).toBe('Not suspended');
  });

  it('re-signs a list once half its validity has passed, so a served copy never goes stale', async () => {
    const url = '/orgs/prairie-state/status/revocation/1';
    const first = await get(url);
    const vc = first.json() as ListVc;
    const start = t.clock.now;
    try {
      t.clock.now = new Date(Date.parse(vc.validFrom) + 11 * HOUR);
      const same = await get(url, { 'if-none-match': String(first.headers.etag) });
      expect(same.statusCode).toBe(304);

      t.clock.now = new Date(Date.parse(vc.validFrom) + 13 * HOUR);
      const later = await get(url, { 'if-none-match': String(first.headers.etag) });
      expect(later.statusCode).toBe(200);
      const renewed = later.json() as ListVc;
      expect(renewed.validFrom).toBe(t.clock.now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      expect(Date.parse(renewed.validUntil)).toBe(Date.parse(vc.validUntil) + 13 * HOUR);
      expect(renewed.credentialSubject.encodedList).toBe(vc.credentialSubject.encodedList);
      expect((await get(url)).body).toBe(later.body);
    } finally {
      t.clock.now = start;
    }
  });
});
