// VC-JWT (issue #15 item 3) on every dialect: each award's RS256 and ES256 JWTs are signed once at award
// time and stored; the download serves them byte for byte (before and after a key rotation); `jose` alone
// verifies them against the DID document's JsonWebKey methods; the DID document has one key form per
// method; Laurel's verifier accepts them, and awards and EdDSA JWTs from before the change still verify.
import { createSigner, jwtSubject, signJwt, type StoredEd25519Key } from '@laurel/credentials';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { currentKey, ensureOrganizationKeys, signingKeyMaterial } from '../src/domain/credentials/org-keys.ts';
import { rotateOrganizationKey } from '../src/domain/credentials/rotate-key.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { createSigningPool } from '../src/jobs/signing-pool.ts';
import type { Award } from '../src/storage/repositories/awards.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';

type Obj = Record<string, unknown>;
type Vm = { id: string; type: string; controller: string; publicKeyMultibase?: string; publicKeyJwk?: JWK };

describe.each(DIALECTS)('VC-JWT on %s', (dialect) => {
  let t: TestApp;
  let cookie: string;
  const DID = 'did:web:laurel.test:orgs:red-river';

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_SIGNING_THREADS: '0' } });
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  });
  afterAll(async () => t?.close());

  async function award(email: string): Promise<Award> {
    const r = repos(t.deps.db);
    const issuer = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
    return issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: email, recipient_name: 'Jay Doe' } });
  }

  async function download(id: string, alg?: string): Promise<string> {
    const res = await t.app.inject({ method: 'GET', url: `/badges/${id}.jwt${alg ? `?alg=${alg}` : ''}`, headers: { cookie } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('application/vc+jwt');
    return res.body;
  }

  async function didDocument(): Promise<{ id: string; verificationMethod: Vm[]; assertionMethod: string[] }> {
    return (await t.app.inject({ method: 'GET', url: '/orgs/red-river/did.json' })).json();
  }

  /** What a verifier with only jose does: a JWKS of the DID document's JsonWebKey methods, kid = method id. */
  async function joseVerify(jwt: string, alg: 'RS256' | 'ES256') {
    const doc = await didDocument();
    const keys = doc.verificationMethod.filter((m) => m.type === 'JsonWebKey').map((m) => ({ ...m.publicKeyJwk!, kid: m.id }));
    return jwtVerify(jwt, createLocalJWKSet({ keys }), { algorithms: [alg], issuer: DID, typ: 'JWT' });
  }

  async function laurelVerify(vc: unknown): Promise<{ statusCode: number; report: { verified: boolean; checks: { id: string; status: string; message: string }[] } }> {
    const res = await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential: vc, options: {} } });
    return { statusCode: res.statusCode, report: (res.json() as { report: never }).report };
  }

  it('signs both JWTs at award time and stores them; the download serves them byte for byte', async () => {
    const a = await award('jwt.one@example.com');
    expect(a.jwtRs256).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a.jwtEs256).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await repos(t.deps.db).awards.jwts(a.id)).toEqual({ rs256: a.jwtRs256, es256: a.jwtEs256 });
    // Lists and lookups leave the JWTs out (12 KB an award).
    expect((await repos(t.deps.db).awards.findById(a.id))!.jwtRs256).toBeUndefined();
    const first = await download(a.id);
    expect(first).toBe(a.jwtRs256);
    expect(await download(a.id)).toBe(first);
    expect(await download(a.id, 'RS256')).toBe(first);
    expect(await download(a.id, 'ES256')).toBe(a.jwtEs256);
    expect((await t.app.inject({ method: 'GET', url: `/badges/${a.id}.jwt?alg=HS256`, headers: { cookie } })).statusCode).toBe(422);
  });

  it('jose alone verifies the RS256 and ES256 JWTs with the DID document, with iss, sub, nbf, jti and no DI proof', async () => {
    const a = await award('jwt.two@example.com');
    const credential = JSON.parse(a.credential) as Obj & { proof: unknown; validFrom: string; credentialSubject: { id?: string } };
    for (const alg of ['RS256', 'ES256'] as const) {
      const jwt = await download(a.id, alg);
      const { payload, protectedHeader } = await joseVerify(jwt, alg);
      expect(protectedHeader).toEqual({ alg, kid: `${DID}#key-1-${alg.toLowerCase()}`, typ: 'JWT' });
      expect(payload.iss).toBe(DID);
      expect(payload.jti).toBe(`urn:uuid:${a.id}`);
      expect(payload.jti).toBe(credential.id);
      expect(payload.nbf).toBe(Math.floor(Date.parse(credential.validFrom) / 1000));
      // The subject is known by a hashed email only (no id): sub is the name-based UUID of that identifier.
      expect(credential.credentialSubject.id).toBeUndefined();
      expect(payload.sub).toBe(jwtSubject(credential));
      expect(payload.sub).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(payload.exp).toBeUndefined();
      // The payload is the credential itself (OB 3.0 §8.2.4), without the Data Integrity proof.
      const { proof: _proof, ...unsigned } = credential;
      const { iss: _i, sub: _s, nbf: _n, jti: _j, ...rest } = payload;
      expect(rest).toEqual(unsigned);
      expect(payload.proof).toBeUndefined();
      const laurel = await laurelVerify(jwt);
      expect(laurel.statusCode, JSON.stringify(laurel.report.checks)).toBe(200);
      expect(laurel.report.verified).toBe(true);
      expect(laurel.report.checks.find((c) => c.id === 'proof')?.message).toContain(`${alg} signature by ${DID}#key-1-${alg.toLowerCase()}`);
    }
  });

  it('publishes one key form per verification method, each kid resolving to its own method', async () => {
    const doc = await didDocument();
    for (const vm of doc.verificationMethod) {
      expect(['publicKeyMultibase', 'publicKeyJwk'].filter((f) => f in vm), vm.id).toHaveLength(1);
      expect(vm.type).toBe('publicKeyMultibase' in vm ? 'Multikey' : 'JsonWebKey');
      expect(vm.controller).toBe(DID);
      expect(JSON.stringify(vm)).not.toMatch(/"d"|"p"|"q"|secret/);
    }
    expect(doc.assertionMethod).toEqual(doc.verificationMethod.map((m) => m.id));
    const a = await award('jwt.three@example.com');
    expect(decodeProtectedHeader(a.jwtRs256!).kid).toBe(doc.verificationMethod.find((m) => m.publicKeyJwk?.kty === 'RSA')!.id);
    expect(decodeProtectedHeader(a.jwtEs256!).kid).toBe(doc.verificationMethod.find((m) => m.publicKeyJwk?.kty === 'EC')!.id);
  });

  it('signs JWTs in the bulk signing threads in the same pass as the DI credential', async () => {
    const org = (await repos(t.deps.db).organizations.findBySlug('red-river'))!;
    const key = signingKeyMaterial(t.deps, org, await currentKey(t.deps, org));
    const a = await award('jwt.pool@example.com');
    const { proof: _p, ...unsigned } = JSON.parse(a.credential) as Obj;
    const pool = createSigningPool(1);
    try {
      const [out] = await pool.signMany(key, [unsigned]);
      expect(JSON.parse(out!.credential)).toMatchObject({ id: unsigned.id, proof: [expect.objectContaining({ verificationMethod: `${DID}#key-1` })] });
      expect((await joseVerify(out!.jwtRs256, 'RS256')).payload.jti).toBe(unsigned.id);
      expect((await joseVerify(out!.jwtEs256, 'ES256')).payload.jti).toBe(unsigned.id);
    } finally {
      await pool.close();
    }
  });

  it('an award and an EdDSA JWT from before the change keep verifying through the DID change and a rotation; its JWT is signed once, lazily', async () => {
    const r = repos(t.deps.db);
    const org = (await r.organizations.findBySlug('red-river'))!;
    const a = await award('jwt.old@example.com');
    // Make it data from before migration 0015: no stored JWTs, and a key set without JWT keys.
    await t.db.kysely.updateTable('awards').set({ jwt_rs256: null, jwt_es256: null }).where('id', '=', a.id).execute();
    await t.db.kysely.updateTable('organization_keys').set({ rsa_public_jwk: null, rsa_secret_sealed: null, p256_public_jwk: null, p256_secret_sealed: null }).where('organization_id', '=', org.id).execute();
    // The download Laurel used to make: EdDSA, kid #key-1, re-signed each time with the whole credential.
    const key = (await r.organizationKeys.current(org.id))!;
    const ed = ({ kind: 'Ed25519', id: `${DID}#key-1`, controller: DID, publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: t.deps.secrets.open(key.secretSealed, `laurel:organization_key:${org.id}:1`) } satisfies StoredEd25519Key);
    const oldJwt = await signJwt({ credential: JSON.parse(a.credential) as object, signer: await createSigner(ed) });
    const oldDoc = await didDocument();
    expect(oldDoc.verificationMethod.map((m) => m.id)).toEqual([`${DID}#key-1`]);

    // Start-up gives the active set its JWT keys (the DID document changes shape), then a rotation.
    await ensureOrganizationKeys(t.deps);
    expect((await didDocument()).verificationMethod.map((m) => m.id)).toEqual([`${DID}#key-1`, `${DID}#key-1-rs256`, `${DID}#key-1-es256`]);
    await rotateOrganizationKey(t.deps, SYSTEM, { slug: 'red-river' });
    for (const vc of [JSON.parse(a.credential) as object, oldJwt]) {
      const res = await laurelVerify(vc);
      expect(res.statusCode, JSON.stringify(res.report.checks)).toBe(200);
      expect(res.report.verified).toBe(true);
    }

    // The old award's first download signs its JWTs once, with the key set of that moment (#key-2).
    const first = await download(a.id);
    expect(decodeProtectedHeader(first).kid).toBe(`${DID}#key-2-rs256`);
    expect((await r.awards.jwts(a.id))!.rs256).toBe(first);
    await rotateOrganizationKey(t.deps, SYSTEM, { slug: 'red-river' });
    expect(await download(a.id)).toBe(first);
    expect((await joseVerify(first, 'RS256')).payload.jti).toBe(`urn:uuid:${a.id}`);
    expect((await joseVerify(await download(a.id, 'ES256'), 'ES256')).payload.sub).toBe(jwtSubject(JSON.parse(a.credential) as object));
    expect((await laurelVerify(first)).report.verified).toBe(true);
  });

  it('a JWT issued at award time is the same after key rotation and still verifies', async () => {
    const a = await award('jwt.rotate@example.com');
    const before = await download(a.id);
    const es = await download(a.id, 'ES256');
    await rotateOrganizationKey(t.deps, SYSTEM, { slug: 'red-river' });
    expect(await download(a.id)).toBe(before);
    expect(await download(a.id, 'ES256')).toBe(es);
    expect((await joseVerify(before, 'RS256')).protectedHeader.kid).toBe(decodeProtectedHeader(a.jwtRs256!).kid);
    expect((await laurelVerify(before)).report.verified).toBe(true);
    expect((await laurelVerify(es)).report.verified).toBe(true);
  });
});
