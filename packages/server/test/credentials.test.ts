// Organization keys, did:web documents, key rotation, status lists and the VC-API, on every dialect.
import { buildAchievement, buildOpenBadgeCredential, decodeStatusList, getStatusBit, verifyCredential, type VerifyDeps } from '@laurel/credentials';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationToken, createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { organizationDid } from '../src/domain/credentials/did.ts';
import { rotateOrganizationKey } from '../src/domain/credentials/rotate-key.ts';
import { allocateStatusIndex, allocateStatusIndexes, getStatusBitFor, setStatusBitFor, STATUS_LIST_LENGTH } from '../src/domain/credentials/status-lists.ts';
import { ensureOrganizationKeys } from '../src/domain/credentials/org-keys.ts';
import { createSecretBox } from '../src/keys.ts';
import { openDatabase } from '../src/storage/db.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { DIALECTS } from './helpers/db.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';

type Obj = Record<string, unknown>;

describe.each(DIALECTS)('credentials core on %s', (dialect) => {
  let t: TestApp;
  let redRiver: Record<string, string>;
  let prairie: Record<string, string>;
  const DID = 'did:web:laurel.test:orgs:red-river';

  function unsigned(overrides: { issuer?: unknown; id?: string } = {}): Obj {
    const c = buildOpenBadgeCredential({
      id: overrides.id ?? `urn:uuid:${crypto.randomUUID()}`,
      issuer: { id: DID, type: ['Profile'], name: 'Red River Community College' },
      achievement: buildAchievement({ id: 'http://laurel.test/orgs/red-river/achievements/welding-1', name: 'Welding I', description: 'Safe MIG welding on mild steel.', criteria: { narrative: 'Passed the practical.' }, achievementType: 'MicroCredential' }),
      recipient: { email: 'student@example.com', salt: 'pepper' },
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    }) as unknown as Obj;
    if ('issuer' in overrides) {
      if (overrides.issuer === undefined) delete c.issuer;
      else c.issuer = overrides.issuer;
    }
    return c;
  }

  async function issue(headers: Record<string, string>, credential: Obj, options?: Obj) {
    return t.app.inject({ method: 'POST', url: '/credentials/issue', headers, payload: { credential, ...(options ? { options } : {}) } });
  }

  async function verifyHttp(vc: unknown) {
    return t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential: vc, options: {} } });
  }

  /** A verifier elsewhere: only what the server publishes over HTTP, fetched once, then verified offline. */
  async function verifyOffline(vc: unknown): Promise<Awaited<ReturnType<typeof verifyCredential>>> {
    const didRes = await t.app.inject({ method: 'GET', url: '/orgs/red-river/did.json' });
    const didDoc = didRes.json() as Obj;
    const deps: VerifyDeps = {
      resolveDid: async (did) => (did === didDoc.id ? didDoc : null),
      fetchStatusList: async (url) => {
        const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
        return res.body;
      },
    };
    return verifyCredential(vc as object, deps);
  }

  beforeAll(async () => {
    t = await makeTestApp(dialect);
    redRiver = bearer((await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'red-river', name: 'registrar' })).token);
    prairie = bearer((await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'prairie-state', name: 'registrar' })).token);
  });
  afterAll(async () => t?.close());

  it('derives did:web from the public URL, with the port and a path prefix', () => {
    expect(organizationDid({ publicUrl: 'http://laurel.test' }, 'red-river')).toBe(DID);
    expect(organizationDid({ publicUrl: 'http://localhost:3000' }, 'okstate')).toBe('did:web:localhost%3A3000:orgs:okstate');
    expect(organizationDid({ publicUrl: 'https://badges.example.edu/laurel' }, 'okstate')).toBe('did:web:badges.example.edu:laurel:orgs:okstate');
  });

  it('gives every organization a key on creation, sealed at rest', async () => {
    const r = repos(t.deps.db);
    const orgs = await r.organizations.list();
    expect(orgs.length).toBe(4);
    for (const org of orgs) {
      const keys = await r.organizationKeys.listForOrganization(org.id);
      expect(keys, org.slug).toHaveLength(1);
      expect(keys[0]).toMatchObject({ seq: 1, status: 'active', kind: 'Ed25519' });
      expect(keys[0]!.publicKeyMultibase).toMatch(/^z6Mk/);
    }
    const rows = await t.deps.db.selectFrom('organization_keys').selectAll().execute();
    for (const row of rows) {
      const secret = t.deps.secrets.open(row.secret_sealed, `laurel:organization_key:${row.organization_id}:${row.seq}`);
      expect(secret).toMatch(/^z/);
      expect(row.secret_sealed).not.toContain(secret);
      expect(row.secret_sealed).not.toContain(secret.slice(1, 20));
      expect(row.secret_sealed).toMatch(/^v1\./);
      // Another master key, or the right key on another row, cannot open it.
      expect(() => createSecretBox(Buffer.alloc(32, 9)).open(row.secret_sealed, `laurel:organization_key:${row.organization_id}:${row.seq}`)).toThrow(/could not be decrypted/);
      expect(() => t.deps.secrets.open(row.secret_sealed, `laurel:organization_key:someone-else:${row.seq}`)).toThrow(/could not be decrypted/);
    }
  });

  it('creates a key in the same transaction as the organization, and backfills organizations without one', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: bearer((await createPersonalToken(t.deps, SYSTEM, { userId: (await repos(t.deps.db).users.findByEmail('admin@regents.example.org'))!.id, name: 'admin' })).token), payload: { slug: 'lake-tech', name: 'Lake Technical College' } });
    expect(res.statusCode).toBe(201);
    const org = (await repos(t.deps.db).organizations.findBySlug('lake-tech'))!;
    expect(await repos(t.deps.db).organizationKeys.listForOrganization(org.id)).toHaveLength(1);
    // An organization from before keys existed (inserted directly, as migration 0001 data would be).
    const at = new Date().toISOString();
    await repos(t.deps.db).organizations.insert({ id: crypto.randomUUID(), slug: 'old-college', name: 'Old College', kind: 'institution', institutionType: null, website: null, description: null, city: null, status: 'active', createdAt: at, updatedAt: at });
    expect(await ensureOrganizationKeys(t.deps)).toBe(1);
    expect(await ensureOrganizationKeys(t.deps)).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/orgs/old-college/did.json' })).statusCode).toBe(200);
  });

  it('serves the DID document with absolute ids, one key form per method and cache headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/orgs/red-river/did.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/did+json');
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['set-cookie']).toBeUndefined();
    const doc = res.json() as { id: string; verificationMethod: Obj[]; assertionMethod: string[] };
    expect(doc.id).toBe(DID);
    expect(doc.verificationMethod[0]).toEqual({ id: `${DID}#key-1`, type: 'Multikey', controller: DID, publicKeyMultibase: expect.stringMatching(/^z6Mk/) });
    expect(doc.verificationMethod[1]).toEqual({ id: `${DID}#key-1-rs256`, type: 'JsonWebKey', controller: DID, publicKeyJwk: { kty: 'RSA', n: expect.any(String), e: 'AQAB' } });
    expect(doc.verificationMethod[2]).toEqual({ id: `${DID}#key-1-es256`, type: 'JsonWebKey', controller: DID, publicKeyJwk: { kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String) } });
    expect(Buffer.from((doc.verificationMethod[1]!.publicKeyJwk as { n: string }).n, 'base64url')).toHaveLength(256); // RSA 2048
    expect(doc.assertionMethod).toEqual([`${DID}#key-1`, `${DID}#key-1-rs256`, `${DID}#key-1-es256`]);
    const again = await t.app.inject({ method: 'GET', url: '/orgs/red-river/did.json', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await t.app.inject({ method: 'GET', url: '/orgs/nowhere/did.json' })).statusCode).toBe(404);
  });

  it('issues through the VC-API and verifies on the server and offline', async () => {
    const res = await issue(redRiver, unsigned());
    expect(res.statusCode).toBe(201);
    const vc = (res.json() as { verifiableCredential: Obj }).verifiableCredential;
    expect(vc.proof).toEqual([expect.objectContaining({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: `${DID}#key-1`, proofPurpose: 'assertionMethod' })]);

    const v = await verifyHttp(vc);
    expect(v.statusCode).toBe(200);
    const body = v.json() as { verified: boolean; checks: string[]; errors: unknown[]; warnings: unknown[]; report: { outcome: string } };
    expect(body).toMatchObject({ verified: true, errors: [], warnings: [], report: { outcome: 'verified' } });
    expect(body.checks).toEqual(expect.arrayContaining(['proof', 'issuer_key', 'schema']));

    const offline = await verifyOffline(vc);
    expect(offline.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(offline.verified).toBe(true);

    const audit = await repos(t.deps.db).audit.list({ action: 'credential.issued', page: 1, perPage: 10 });
    expect(audit.items[0]).toMatchObject({ subjectId: vc.id, data: expect.objectContaining({ keyId: `${DID}#key-1`, via: expect.objectContaining({ name: 'registrar' }) }) });
  });

  it('sets the issuer when absent and refuses another institution as issuer', async () => {
    const res = await issue(redRiver, unsigned({ issuer: undefined }));
    expect(res.statusCode).toBe(201);
    expect((res.json() as { verifiableCredential: { issuer: Obj } }).verifiableCredential.issuer).toMatchObject({ id: DID, type: ['Profile'], name: 'Red River Community College' });
    const other = await issue(prairie, unsigned());
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'issuer_mismatch' });
    const asString = await issue(redRiver, unsigned({ issuer: 'did:web:laurel.test:orgs:prairie-state' }));
    expect(asString.json()).toMatchObject({ code: 'issuer_mismatch' });
  });

  it('refuses bad input with problem details', async () => {
    const noType = await issue(redRiver, { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['Thing'], credentialSubject: {} });
    expect(noType.statusCode).toBe(422);
    expect(noType.json()).toMatchObject({ code: 'credential_invalid' });
    const badSchema = unsigned();
    delete ((badSchema.credentialSubject as Obj).achievement as Obj).criteria;
    expect((await issue(redRiver, badSchema)).json()).toMatchObject({ code: 'credential_invalid' });
    const undefinedTerm = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1', notATerm: 1 } };
    expect((await issue(redRiver, undefinedTerm)).json()).toMatchObject({ code: 'credential_invalid' });
    const withStatus = { ...unsigned(), credentialStatus: { type: 'BitstringStatusListEntry' } };
    expect((await issue(redRiver, withStatus)).json()).toMatchObject({ code: 'credential_invalid' });
    const missing = await t.app.inject({ method: 'POST', url: '/credentials/issue', headers: redRiver, payload: { nope: 1 } });
    expect(missing.statusCode).toBe(422);
  });

  it('keeps issuing to institution tokens only, for their own institution only', async () => {
    expect((await issue({}, unsigned())).json()).toMatchObject({ code: 'unauthenticated' });
    expect((await issue(bearer('lrl_nope'), unsigned())).json()).toMatchObject({ code: 'token_invalid' });
    const adminId = (await repos(t.deps.db).users.findByEmail('admin@regents.example.org'))!.id;
    const admin = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: adminId, name: 'admin' })).token);
    expect((await issue(admin, unsigned())).json()).toMatchObject({ code: 'forbidden' });
    // An institution token is not a user, let alone a system admin.
    for (const [method, url] of [['GET', '/api/v1/me'], ['GET', '/api/v1/users'], ['GET', '/api/v1/audit-events']] as const) {
      const res = await t.app.inject({ method, url, headers: redRiver });
      expect(res.statusCode, url).toBe(403);
    }
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: redRiver, payload: { slug: 'x-college', name: 'X College' } });
    expect(post.statusCode).toBe(403);
    // Institution tokens are only read on API paths: a page sees an anonymous visitor.
    const page = await t.app.inject({ method: 'GET', url: '/admin/users', headers: { ...redRiver, accept: 'text/html' } });
    expect(page.statusCode).toBe(302);
    // A deactivated institution's token stops working.
    await t.deps.db.updateTable('organizations').set({ status: 'inactive' }).where('slug', '=', 'prairie-state').execute();
    expect((await issue(prairie, unsigned())).json()).toMatchObject({ code: 'token_invalid' });
    await t.deps.db.updateTable('organizations').set({ status: 'active' }).where('slug', '=', 'prairie-state').execute();
    // Only admins create institution tokens.
    const issuer = (await repos(t.deps.db).users.findByEmail('issuer@redriver.example.edu'))!;
    const actor = { kind: 'user' as const, userId: issuer.id, email: issuer.email, name: issuer.name, memberships: await repos(t.deps.db).memberships.forUser(issuer.id) };
    await expect(createOrganizationToken(t.deps, actor, { organizationSlug: 'red-river', name: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reports a tampered credential as failed and a foreign DID as indeterminate', async () => {
    const vc = (await issue(redRiver, unsigned())).json().verifiableCredential as Obj;
    const tampered = { ...vc, validFrom: '2020-01-01T00:00:00Z' };
    const bad = await verifyHttp(tampered);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const body = bad.json() as { code: string; verified: boolean; errors: { type: string }[] };
    expect(body).toMatchObject({ code: 'verification_failed', verified: false });
    expect(body.errors.map((e) => e.type)).toContain('urn:laurel:check:proof');

    const foreign = unsigned();
    const forged = { ...vc, issuer: { id: 'did:web:elsewhere.example', type: ['Profile'] }, proof: [{ ...(vc.proof as Obj[])[0], verificationMethod: 'did:web:elsewhere.example#key-1' }] };
    void foreign;
    const unknown = await verifyHttp(forged);
    expect(unknown.statusCode).toBe(400);
    const u = unknown.json() as { report: { outcome: string }; warnings: { detail: string }[] };
    expect(u.report.outcome).toBe('indeterminate');
    expect(u.warnings.map((w) => w.detail).join(' ')).toMatch(/could not be fetched|Refused to fetch|could not be found/i);
  });

  it('rotates keys: new credentials use the new key, old ones keep verifying', async () => {
    const before = (await issue(redRiver, unsigned())).json().verifiableCredential as Obj;
    const { keyId, seq } = await rotateOrganizationKey(t.deps, SYSTEM, { slug: 'red-river' });
    expect(keyId).toBe(`${DID}#key-2`);
    expect(seq).toBe(2);
    const after = (await issue(redRiver, unsigned())).json().verifiableCredential as { proof: Obj[] };
    expect(after.proof[0]!.verificationMethod).toBe(`${DID}#key-2`);

    const doc = (await t.app.inject({ method: 'GET', url: '/orgs/red-river/did.json' })).json() as { verificationMethod: Obj[]; assertionMethod: string[] };
    const ids = [1, 2].flatMap((n) => [`${DID}#key-${n}`, `${DID}#key-${n}-rs256`, `${DID}#key-${n}-es256`]);
    expect(doc.verificationMethod.map((m) => m.id)).toEqual(ids);
    expect(doc.assertionMethod).toEqual(ids);

    for (const vc of [before, after]) {
      expect((await verifyHttp(vc)).statusCode).toBe(200);
      expect((await verifyOffline(vc)).verified).toBe(true);
    }
    const keys = await repos(t.deps.db).organizationKeys.listForOrganization((await repos(t.deps.db).organizations.findBySlug('red-river'))!.id);
    expect(keys.map((k) => k.status)).toEqual(['retired', 'active']);
    const audit = await repos(t.deps.db).audit.list({ action: 'organization_key.rotated', page: 1, perPage: 5 });
    expect(audit.items[0]).toMatchObject({ data: { keyId: `${DID}#key-2`, seq: 2 } });
    // Only system administrators rotate.
    const admin = (await repos(t.deps.db).users.findByEmail('admin@prairiestate.example.edu'))!;
    const instAdmin = { kind: 'user' as const, userId: admin.id, email: admin.email, name: admin.name, memberships: await repos(t.deps.db).memberships.forUser(admin.id) };
    await expect(rotateOrganizationKey(t.deps, instAdmin, { slug: 'prairie-state' })).rejects.toMatchObject({ code: 'forbidden' });
    const tokenActor = { kind: 'organization' as const, organizationId: 'x', organizationSlug: 'red-river', tokenId: 't', tokenName: 'n' };
    await expect(rotateOrganizationKey(t.deps, tokenActor, { slug: 'red-river' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('revokes and suspends through status lists, re-signing only when bits change', async () => {
    const both = await issue(redRiver, unsigned(), { credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }] });
    expect(both.json()).toMatchObject({ code: 'credential_invalid', detail: expect.stringMatching(/one credentialStatus/) });
    type Entry = { statusPurpose: string; statusListIndex: string; statusListCredential: string };
    const res = await issue(redRiver, unsigned(), { credentialStatus: { type: 'BitstringStatusListEntry' } });
    expect(res.statusCode, res.body).toBe(201);
    const vc = res.json().verifiableCredential as { credentialStatus: Entry };
    const revocation = vc.credentialStatus;
    expect(revocation.statusPurpose).toBe('revocation');
    const suspended = (await issue(redRiver, unsigned(), { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' } })).json().verifiableCredential as { credentialStatus: Entry };
    const suspension = suspended.credentialStatus;
    expect(revocation.statusListCredential).toBe('http://laurel.test/orgs/red-river/status/revocation/1');
    expect(suspension.statusListCredential).toBe('http://laurel.test/orgs/red-river/status/suspension/1');
    expect((await verifyHttp(vc)).statusCode).toBe(200);
    expect((await verifyOffline(vc)).verified).toBe(true);

    const path = new URL(revocation.statusListCredential).pathname;
    const first = await t.app.inject({ method: 'GET', url: path });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('application/vc+ld+json');
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const second = await t.app.inject({ method: 'GET', url: path });
    expect(second.body).toBe(first.body);
    expect((await t.app.inject({ method: 'GET', url: path, headers: { 'if-none-match': String(first.headers.etag) } })).statusCode).toBe(304);

    const org = (await repos(t.deps.db).organizations.findBySlug('red-river'))!;
    const index = Number(revocation.statusListIndex);
    expect(await setStatusBitFor(t.deps, { organizationId: org.id, purpose: 'revocation', listSeq: 1, index, value: true })).toEqual({ changed: true });
    expect(await setStatusBitFor(t.deps, { organizationId: org.id, purpose: 'revocation', listSeq: 1, index, value: true })).toEqual({ changed: false });
    expect(await getStatusBitFor(t.deps, { organizationId: org.id, purpose: 'revocation', listSeq: 1, index })).toBe(true);

    const revokedList = await t.app.inject({ method: 'GET', url: path });
    expect(revokedList.headers.etag).not.toBe(first.headers.etag);
    const subject = (revokedList.json() as { credentialSubject: { encodedList: string; statusPurpose: string } }).credentialSubject;
    expect(subject.statusPurpose).toBe('revocation');
    expect(getStatusBit(decodeStatusList(subject.encodedList), index)).toBe(true);

    const v = await verifyHttp(vc);
    expect(v.statusCode).toBe(400);
    const vb = v.json() as { errors: { type: string; detail: string }[] };
    expect(vb.errors).toEqual([expect.objectContaining({ type: 'urn:laurel:check:status', detail: expect.stringMatching(/^Revoked/) })]);
    const offline = await verifyOffline(vc);
    expect(offline.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Revoked/) });

    // Reinstate; then suspend.
    await setStatusBitFor(t.deps, { organizationId: org.id, purpose: 'revocation', listSeq: 1, index, value: false });
    expect((await verifyHttp(vc)).statusCode).toBe(200);
    await setStatusBitFor(t.deps, { organizationId: org.id, purpose: 'suspension', listSeq: 1, index: Number(suspension.statusListIndex), value: true });
    expect((await verifyHttp(vc)).statusCode).toBe(200);
    expect(((await verifyHttp(suspended)).json() as { errors: { detail: string }[] }).errors[0]!.detail).toMatch(/^Suspended/);
    expect((await t.app.inject({ method: 'GET', url: '/orgs/red-river/status/revocation/99' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/orgs/red-river/status/other/1' })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('allocates unique status indexes under concurrency, across connections, and opens a new list when full', async () => {
    const org = (await repos(t.deps.db).organizations.findBySlug('northern-plains'))!;
    // A second pool stands in for a second server process.
    const other = openDatabase(t.fresh.database);
    try {
      const otherDeps = { ...t.deps, db: other.kysely };
      const results = await Promise.all(Array.from({ length: 120 }, (_, i) => allocateStatusIndex(i % 2 ? t.deps : otherDeps, { organization: org, purpose: 'revocation' })));
      const keys = results.map((a) => `${a.listSeq}:${a.index}`);
      expect(new Set(keys).size).toBe(120);
      expect(results.every((a) => a.listSeq === 1 && a.index >= 0 && a.index < STATUS_LIST_LENGTH)).toBe(true);
      // Every organization also has its (empty) suspension list from the start.
      const lists = (await repos(t.deps.db).statusLists.listForOrganization(org.id)).filter((l) => l.purpose === 'revocation');
      expect(lists).toHaveLength(1);
      expect(lists[0]!.allocated).toBe(120);

      // Nearly full: the next allocations spill into list 2, still without duplicates.
      await sql`update status_lists set allocated = ${STATUS_LIST_LENGTH - 3} where id = ${lists[0]!.id}`.execute(t.deps.db);
      const spill = await Promise.all(Array.from({ length: 10 }, (_, i) => allocateStatusIndex(i % 2 ? t.deps : otherDeps, { organization: org, purpose: 'revocation' })));
      expect(spill.filter((a) => a.listSeq === 1)).toHaveLength(3);
      expect(spill.filter((a) => a.listSeq === 2)).toHaveLength(7);
      expect(new Set(spill.map((a) => `${a.listSeq}:${a.index}`)).size).toBe(10);
      expect((await repos(t.deps.db).statusLists.listForOrganization(org.id)).filter((l) => l.purpose === 'revocation')).toHaveLength(2);

      // Concurrent bit changes on one list lose nothing (optimistic versioning).
      const mine = results.slice(0, 40);
      await Promise.all(mine.map((a, i) => setStatusBitFor(i % 2 ? t.deps : otherDeps, { organizationId: org.id, purpose: 'revocation', listSeq: 1, index: a.index, value: true })));
      const list = (await repos(t.deps.db).statusLists.find(org.id, 'revocation', 1))!;
      const bits = decodeStatusList(list.encodedList);
      for (const a of results) expect(getStatusBit(bits, a.index)).toBe(mine.includes(a));
    } finally {
      await other.close();
    }
  });

  it('allocates blocks of status indexes from two connections at once, rolling a nearly full list over without duplicates', async () => {
    const org = (await repos(t.deps.db).organizations.findBySlug('prairie-state'))!;
    const other = openDatabase(t.fresh.database);
    try {
      const otherDeps = { ...t.deps, db: other.kysely };
      const revocation = () => repos(t.deps.db).statusLists.listForOrganization(org.id).then((ls) => ls.filter((l) => l.purpose === 'revocation'));
      const before = await revocation();
      const last = before[before.length - 1]!;
      // 5 left in the newest list; 8 concurrent bulk allocations of 25 (200 indexes) from two "processes".
      await sql`update status_lists set allocated = ${STATUS_LIST_LENGTH - 5} where id = ${last.id}`.execute(t.deps.db);
      const blocks = await Promise.all(Array.from({ length: 8 }, (_, i) => allocateStatusIndexes(i % 2 ? t.deps : otherDeps, { organization: org, purpose: 'revocation', count: 25 })));
      expect(blocks.every((b) => b.length === 25)).toBe(true);
      const all = blocks.flat();
      expect(new Set(all.map((a) => `${a.listSeq}:${a.index}`)).size).toBe(200);
      expect(all.filter((a) => a.listSeq === last.seq)).toHaveLength(5);
      expect(all.filter((a) => a.listSeq === last.seq + 1)).toHaveLength(195);
      expect(all.every((a) => a.index >= 0 && a.index < STATUS_LIST_LENGTH && a.entry.statusListIndex === String(a.index) && a.entry.statusListCredential.endsWith(`/status/revocation/${a.listSeq}`))).toBe(true);
      const after = await revocation();
      expect(after).toHaveLength(before.length + 1);
      expect(after.map((l) => l.allocated).slice(-2)).toEqual([STATUS_LIST_LENGTH, 195]);
      // The indexes handed out from the new list are exactly the first 195 of its permutation.
      const fresh = after[after.length - 1]!;
      const expected = new Set(Array.from({ length: 195 }, (_, c) => (c * fresh.indexStride + fresh.indexOffset) % fresh.length));
      expect(new Set(all.filter((a) => a.listSeq === fresh.seq).map((a) => a.index))).toEqual(expected);
      expect(await allocateStatusIndexes(t.deps, { organization: org, purpose: 'revocation', count: 0 })).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('documents the VC-API and issuer documents in OpenAPI', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    expect(spec.paths['/credentials/issue']?.post?.tags).toEqual(['VC-API']);
    expect(spec.paths['/credentials/verify']?.post?.tags).toEqual(['VC-API']);
    expect(spec.paths['/orgs/{slug}/did.json']?.get).toBeDefined();
    expect(spec.paths['/orgs/{slug}/status/{purpose}/{list}']?.get).toBeDefined();
  });
});
