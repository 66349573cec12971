// The general VC-API verifier (issue #15 item 2) on every dialect: POST /credentials/verify takes ANY VC
// (Data Integrity eddsa-rdfc-2022, a VC-JWT, an EnvelopedVerifiableCredential) and POST /presentations/verify
// checks a holder's presentation (challenge, domain, holder, every credential). Every credential and
// presentation here is made directly by the Digital Bazaar libraries (@digitalbazaar/vc, the eddsa-rdfc-2022
// suite, ed25519-multikey, did:key) or by jose — never by Laurel. Laurel's bundled contexts are only a
// document loader for signing (no network).
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createDocumentLoader } from '@laurel/credentials';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { DIALECTS } from './helpers/db.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';
import { DAY, ed25519DidKey as didKey, plainCredential, V2, type Ed25519Party as Holder, type Obj } from '../../credentials/test/support/fixtures.ts';

type Detail = { type: string; title: string; detail: string };
type Result = { verified: boolean; checks: string[]; errors: Detail[]; warnings: Detail[]; code?: string; credentialResults?: Result[]; presentationReport?: { checks: { id: string; status: string; message: string }[] } };

const documentLoader = createDocumentLoader();

async function issueDi(issuer: Holder, extra: Obj = {}): Promise<Obj> {
  return vc.issue({ credential: plainCredential(issuer.did, extra), suite: new DataIntegrityProof({ signer: issuer.kp.signer(), cryptosuite }), documentLoader }) as Promise<Obj>;
}

/** A VC-JWT (VC-JOSE-COSE: the payload is the credential) signed by jose with the did:key's private key. */
async function issueJwt(issuer: Holder, extra: Obj = {}): Promise<string> {
  const jwk = (await Ed25519Multikey.toJwk({ keyPair: issuer.kp, secretKey: true })) as { d: string };
  // ed25519-multikey's secret key is seed ‖ public key (64 bytes); a JWK's d is the 32-byte seed.
  const key = await importJWK({ ...jwk, d: Buffer.from(jwk.d, 'base64url').subarray(0, 32).toString('base64url') } as never, 'EdDSA');
  return new SignJWT(plainCredential(issuer.did, extra) as never)
    .setProtectedHeader({ alg: 'EdDSA', kid: issuer.kp.id!, typ: 'vc+jwt' })
    .setIssuer(issuer.did)
    .sign(key);
}

function enveloped(jwt: string): Obj {
  return { '@context': [V2], id: `data:application/vc+jwt,${jwt}`, type: 'EnvelopedVerifiableCredential' };
}

async function present(holder: Holder, credentials: unknown[], opts: { challenge?: string; domain?: string; holderId?: string } = {}): Promise<Obj> {
  // Built by hand: vc.createPresentation refuses an EnvelopedVerifiableCredential and an expired VC,
  // which are exactly what some cases need to present. signPresentation is @digitalbazaar/vc's.
  const presentation = { '@context': [V2], type: ['VerifiablePresentation'], holder: opts.holderId ?? holder.did, ...(credentials.length ? { verifiableCredential: credentials } : {}) };
  return vc.signPresentation({
    presentation,
    suite: new DataIntegrityProof({ signer: holder.kp.signer(), cryptosuite }),
    challenge: opts.challenge ?? 'c-123',
    ...(opts.domain ? { domain: opts.domain } : {}),
    documentLoader,
  }) as Promise<Obj>;
}

describe.each(DIALECTS)('VC-API general verifier on %s', (dialect) => {
  let t: TestApp;
  let issuer: Holder;
  let holder: Holder;

  beforeAll(async () => {
    t = await makeTestApp(dialect);
    issuer = await didKey();
    holder = await didKey();
  });
  afterAll(async () => t?.close());

  async function verifyVc(verifiableCredential: unknown): Promise<{ status: number; body: Result }> {
    const res = await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential, options: {} } });
    return { status: res.statusCode, body: res.json() };
  }
  async function verifyVp(verifiablePresentation: unknown, options: Obj = {}): Promise<{ status: number; body: Result }> {
    const res = await t.app.inject({ method: 'POST', url: '/presentations/verify', payload: { verifiablePresentation, options } });
    return { status: res.statusCode, body: res.json() };
  }
  const errorsOf = (r: Result) => r.errors.map((e) => `${e.title}: ${e.detail}`).join(' | ');

  describe('credentials', () => {
    it('a plain VC 2.0 (not an Open Badge) signed by @digitalbazaar/vc with eddsa-rdfc-2022 verifies; no OB checks are made', async () => {
      const r = await verifyVc(await issueDi(issuer));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.verified).toBe(true);
      expect(r.body.checks).toEqual(['format', 'context', 'proof', 'issuer_key', 'validity', 'status']);
      expect(r.body.errors).toEqual([]);
      expect(r.body.warnings).toEqual([]);
    });

    it('a VC-JWT signed by jose (EdDSA, did:key kid) verifies, as a compact JWT and as an EnvelopedVerifiableCredential', async () => {
      const jwt = await issueJwt(issuer);
      for (const input of [jwt, enveloped(jwt), `data:application/vc+jwt,${jwt}`]) {
        const r = await verifyVc(input);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.checks).toEqual(['format', 'context', 'proof', 'issuer_key', 'validity', 'status']);
      }
    });

    it('an OpenBadgeCredential (written by hand, signed by @digitalbazaar/vc) gets the OB 3.0 checks too', async () => {
      const credential = {
        '@context': [V2, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: `urn:uuid:${crypto.randomUUID()}`,
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        name: 'Safety training',
        issuer: { id: issuer.did, type: ['Profile'], name: 'An issuer on did:key' },
        validFrom: new Date(Date.now() - DAY).toISOString(),
        credentialSubject: {
          type: ['AchievementSubject'],
          id: 'did:example:learner',
          achievement: { id: 'https://example.org/achievements/1', type: ['Achievement'], name: 'Safety training', description: 'Completed it.', criteria: { narrative: 'Attend.' } },
        },
      };
      const signed = await vc.issue({ credential, suite: new DataIntegrityProof({ signer: issuer.kp.signer(), cryptosuite }), documentLoader });
      const r = await verifyVc(signed);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.checks).toEqual(['format', 'context', 'schema', 'proof', 'issuer_key', 'validity', 'status', 'endorsements']);
      const vp = await verifyVp(await present(holder, [signed], { challenge: 'c' }), { challenge: 'c' });
      expect(vp.status, JSON.stringify(vp.body)).toBe(200);
      expect(vp.body.credentialResults?.[0]?.checks).toContain('schema');
    });

    it('a plain VC issued by a Laurel institution (did:web, answered from the database) verifies without the OB checks', async () => {
      const token = bearer((await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'red-river', name: 'registrar' })).token);
      const { issuer: _none, ...credential } = plainCredential('unused');
      const issued = await t.app.inject({ method: 'POST', url: '/credentials/issue', headers: token, payload: { credential } });
      expect(issued.statusCode, issued.body.slice(0, 400)).toBe(201);
      const vcIssued = issued.json().verifiableCredential as Obj;
      expect(String((vcIssued.issuer as Obj)?.id ?? vcIssued.issuer)).toMatch(/^did:web:/);
      const r = await verifyVc(vcIssued);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.checks).toEqual(['format', 'context', 'proof', 'issuer_key', 'validity', 'status']);
    });

    const negative: Array<[string, () => Promise<unknown>, RegExp]> = [
      ['tampered proof (subject changed after signing)', async () => ({ ...(await issueDi(issuer)), credentialSubject: { id: 'did:example:subject', memberOf: 'Another Society' } }), /proof failed: Signature does not match/],
      ['tampered proofValue', async () => { const v = await issueDi(issuer); return { ...v, proof: { ...(v.proof as Obj), proofValue: 'z' + 'A'.repeat(86) } }; }, /proof failed/],
      ['expired (validUntil in the past)', async () => issueDi(issuer, { validFrom: new Date(Date.now() - 3 * DAY).toISOString(), validUntil: new Date(Date.now() - DAY).toISOString() }), /validity failed: Expired/],
      ['not yet valid (validFrom in the future)', async () => issueDi(issuer, { validFrom: new Date(Date.now() + 3 * DAY).toISOString() }), /validity failed: Not yet valid/],
      ['unsupported cryptosuite ecdsa-sd-2023', async () => { const v = await issueDi(issuer); return { ...v, proof: { ...(v.proof as Obj), cryptosuite: 'ecdsa-sd-2023' } }; }, /proof failed: Unsupported cryptosuite ecdsa-sd-2023 \(its implementation, @digitalbazaar\/ecdsa-sd-2023-cryptosuite, is not installed here\); supported: DataIntegrityProof with eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019/],
      ['an eddsa-rdfc-2022 proof relabelled eddsa-jcs-2022', async () => { const v = await issueDi(issuer); return { ...v, proof: { ...(v.proof as Obj), cryptosuite: 'eddsa-jcs-2022' } }; }, /proof failed: Signature does not match: .*\(eddsa-jcs-2022: /],
      ['an Ed25519 proof relabelled ecdsa-rdfc-2019 (wrong key type for the suite)', async () => { const v = await issueDi(issuer); return { ...v, proof: { ...(v.proof as Obj), cryptosuite: 'ecdsa-rdfc-2019' } }; }, /proof failed: Signature not checked: Key did:key:z6Mk\S+ is Ed25519; ecdsa-rdfc-2019 needs P-256 or P-384 \(wrong key type for the cryptosuite\)/],
      ['unknown cryptosuite', async () => { const v = await issueDi(issuer); return { ...v, proof: { ...(v.proof as Obj), cryptosuite: 'made-up-2030' } }; }, /proof failed: Unsupported cryptosuite made-up-2030; supported/],
      ['a VC-JWT altered after signing', async () => { const [h, p, s] = (await issueJwt(issuer)).split('.'); const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()); claims.credentialSubject.memberOf = 'X'; return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`; }, /proof failed: Signature does not match/],
      ['an expired VC-JWT', async () => issueJwt(issuer, { validFrom: new Date(Date.now() - 3 * DAY).toISOString(), validUntil: new Date(Date.now() - DAY).toISOString() }), /validity failed: Expired/],
      ['an EnvelopedVerifiableCredential whose id is not a VC-JWT data: URL', async () => ({ '@context': [V2], type: 'EnvelopedVerifiableCredential', id: 'https://example.com/vc' }), /format failed: EnvelopedVerifiableCredential id is not/],
      ['a document that is no VerifiableCredential', async () => ({ '@context': [V2], type: ['Thing'] }), /format failed: type does not include VerifiableCredential/],
    ];
    it.each(negative)('refuses %s (400 verification_failed, naming the check)', async (_name, make, expected) => {
      const r = await verifyVc(await make());
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('verification_failed');
      expect(r.body.verified).toBe(false);
      expect(errorsOf(r.body)).toMatch(expected);
    });
  });

  it('both routes are in the OpenAPI document under VC-API, with their request schemas', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, { post?: { tags?: string[]; requestBody?: { content: Record<string, { schema: { properties?: Obj; required?: string[] } }> } } }> };
    for (const [path, field] of [['/credentials/verify', 'verifiableCredential'], ['/presentations/verify', 'verifiablePresentation']] as const) {
      const post = spec.paths[path]?.post;
      expect(post?.tags, path).toEqual(['VC-API']);
      const schema = post?.requestBody?.content['application/json']?.schema;
      expect(schema?.required).toContain(field);
      expect(Object.keys(schema?.properties ?? {})).toEqual([field, 'options']);
    }
  });

  describe('presentations', () => {
    it('a VP signed by @digitalbazaar/vc (challenge, domain) with a DI VC and an enveloped VC-JWT verifies', async () => {
      const vp = await present(holder, [await issueDi(issuer), enveloped(await issueJwt(issuer))], { challenge: 'nonce-42', domain: 'verifier.example' });
      const r = await verifyVp(vp, { challenge: 'nonce-42', domain: 'verifier.example' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.checks).toEqual(['format', 'context', 'proof', 'holder', 'credentials']);
      expect(r.body.credentialResults?.map((c) => c.verified)).toEqual([true, true]);
    });

    it('without options.challenge the holder’s own challenge is accepted (the proof must still verify)', async () => {
      const r = await verifyVp(await present(holder, [await issueDi(issuer)], { challenge: 'anything' }));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    });

    const negative: Array<[string, () => Promise<unknown>, Obj, RegExp]> = [
      ['a wrong challenge', async () => present(holder, [], { challenge: 'old' }), { challenge: 'fresh' }, /proof failed: The proof's challenge "old" is not the expected "fresh"/],
      ['a wrong domain', async () => present(holder, [], { challenge: 'c', domain: 'evil.example' }), { challenge: 'c', domain: 'verifier.example' }, /proof failed: The proof's domain "evil.example" is not the expected "verifier.example"/],
      ['a missing domain when one is required', async () => present(holder, [], { challenge: 'c' }), { challenge: 'c', domain: 'verifier.example' }, /proof failed: The proof has no domain/],
      ['a missing challenge when one is required', async () => { const vp = await present(holder, [], { challenge: 'c' }); const { challenge: _c, ...proof } = vp.proof as Obj; return { ...vp, proof }; }, { challenge: 'c' }, /proof failed: The proof has no challenge/],
      ['a VP altered after signing', async () => ({ ...(await present(holder, [], { challenge: 'c' })), id: 'urn:uuid:added-later' }), { challenge: 'c' }, /proof failed: The presentation's proof does not verify/],
      ['a VP without a proof', async () => vc.createPresentation({ holder: holder.did }), {}, /proof failed: The presentation has no proof/],
      ['a VP whose embedded VC was tampered with (before the holder signed)', async () => present(holder, [{ ...(await issueDi(issuer)), credentialSubject: { id: 'did:example:subject', memberOf: 'Forged' } }], { challenge: 'c' }), { challenge: 'c' }, /credentials failed: credential 1: proof failed: Signature does not match/],
      ['a VP with an expired VC', async () => present(holder, [await issueDi(issuer, { validFrom: new Date(Date.now() - 3 * DAY).toISOString(), validUntil: new Date(Date.now() - DAY).toISOString() })], { challenge: 'c' }), { challenge: 'c' }, /credentials failed: credential 1: validity failed: Expired/],
      ['a holder who did not sign', async () => present(holder, [], { challenge: 'c', holderId: issuer.did }), { challenge: 'c' }, /holder failed: The holder did:key:\S+ is not the controller/],
      ['a VP proof in an unsupported cryptosuite', async () => { const vp = await present(holder, [], { challenge: 'c' }); return { ...vp, proof: { ...(vp.proof as Obj), cryptosuite: 'bbs-2023' } }; }, { challenge: 'c' }, /proof failed: Unsupported cryptosuite bbs-2023 \(its implementation, @digitalbazaar\/bbs-2023-cryptosuite, is not installed here\)/],
      ['a VP proof by an Ed25519 key relabelled ecdsa-rdfc-2019', async () => { const vp = await present(holder, [], { challenge: 'c' }); return { ...vp, proof: { ...(vp.proof as Obj), cryptosuite: 'ecdsa-rdfc-2019' } }; }, { challenge: 'c' }, /proof failed: The presentation's proof was not checked: Key did:key:z6Mk\S+ is Ed25519; ecdsa-rdfc-2019 needs P-256 or P-384/],
    ];
    it.each(negative)('refuses %s (400 verification_failed)', async (_name, make, options, expected) => {
      const r = await verifyVp(await make(), options);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.code).toBe('verification_failed');
      expect(r.body.verified).toBe(false);
      expect(errorsOf(r.body)).toMatch(expected);
    });

    it('malformed input is problem+json: not a presentation (422), no body fields (422), a non-string challenge (422)', async () => {
      for (const payload of [
        { verifiablePresentation: { '@context': [V2], type: ['VerifiableCredential'] } },
        { verifiablePresentation: { hello: 'world' } },
        {},
        { verifiablePresentation: {}, options: { challenge: 42 } },
      ]) {
        const res = await t.app.inject({ method: 'POST', url: '/presentations/verify', payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(422);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().code).toBe('validation_failed');
      }
      const bad = await t.app.inject({ method: 'POST', url: '/presentations/verify', headers: { 'content-type': 'application/json' }, payload: '{not json' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('bad_request');
    });
  });
});
