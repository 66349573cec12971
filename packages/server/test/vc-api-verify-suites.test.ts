// POST /credentials/verify and /presentations/verify with the eddsa-jcs-2022 and ecdsa-rdfc-2019 cryptosuites,
// on every dialect. Every credential and presentation is made here directly by the Digital Bazaar libraries
// (@digitalbazaar/vc, the two suites, ed25519-multikey / ecdsa-multikey on did:key) — never by Laurel,
// whose bundled contexts only serve as the signing document loader (no network).
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { createSignCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createDocumentLoader } from '@laurel/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { openBadge, plainCredential, viaJson, type Obj } from '../../credentials/test/support/fixtures.ts';

type Detail = { type: string; title: string; detail: string };
type Result = { verified: boolean; checks: string[]; errors: Detail[]; warnings: Detail[]; code?: string; credentialResults?: Result[]; presentationReport?: { checks: { id: string; status: string; message: string }[] } };
interface Party { did: string; kp: { id?: string; publicKeyMultibase: string; signer(): unknown } }

const documentLoader = createDocumentLoader();

const SUITES = {
  'eddsa-jcs-2022': { prefix: 'did:key:z6Mk', key: () => Ed25519Multikey.generate(), sign: () => createSignCryptosuite() },
  'ecdsa-rdfc-2019': { prefix: 'did:key:zDn', key: () => EcdsaMultikey.generate({ curve: 'P-256' }), sign: () => ecdsaRdfc2019 },
};
type SuiteName = keyof typeof SUITES;

async function didKey(suite: SuiteName): Promise<Party> {
  const kp = await SUITES[suite].key();
  const did = `did:key:${kp.publicKeyMultibase}`;
  Object.assign(kp, { id: `${did}#${kp.publicKeyMultibase}`, controller: did });
  return { did, kp };
}

async function issue(suite: SuiteName, signer: Party, credential: Obj): Promise<Obj> {
  return viaJson(await vc.issue({ credential, suite: new DataIntegrityProof({ signer: signer.kp.signer(), cryptosuite: SUITES[suite].sign() }), documentLoader }));
}

async function present(suite: SuiteName, holder: Party, credentials: Obj[], challenge: string, domain?: string): Promise<Obj> {
  const presentation = vc.createPresentation({ holder: holder.did, ...(credentials.length ? { verifiableCredential: credentials } : {}) });
  return viaJson(await vc.signPresentation({
    presentation,
    suite: new DataIntegrityProof({ signer: holder.kp.signer(), cryptosuite: SUITES[suite].sign() }),
    challenge,
    ...(domain ? { domain } : {}),
    documentLoader,
  }));
}

describe.each(DIALECTS)('VC-API verifier, eddsa-jcs-2022 and ecdsa-rdfc-2019, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function verifyVc(verifiableCredential: unknown): Promise<{ status: number; body: Result }> {
    const res = await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential, options: {} } });
    return { status: res.statusCode, body: res.json() };
  }
  async function verifyVp(verifiablePresentation: unknown, options: Obj): Promise<{ status: number; body: Result }> {
    const res = await t.app.inject({ method: 'POST', url: '/presentations/verify', payload: { verifiablePresentation, options } });
    return { status: res.statusCode, body: res.json() };
  }
  const errorsOf = (r: Result) => r.errors.map((e) => `${e.title}: ${e.detail}`).join(' | ');

  describe.each(Object.keys(SUITES) as SuiteName[])('%s', (suite) => {
    let issuer: Party;
    let holder: Party;
    beforeAll(async () => {
      issuer = await didKey(suite);
      holder = await didKey(suite);
      expect(issuer.did.startsWith(SUITES[suite].prefix)).toBe(true);
    });

    it('a plain VC 2.0 signed by a did:key issuer verifies (200, no OB checks)', async () => {
      const signed = await issue(suite, issuer, plainCredential(issuer.did));
      expect((signed.proof as Obj).cryptosuite).toBe(suite);
      const r = await verifyVc(signed);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.verified).toBe(true);
      expect(r.body.checks).toEqual(['format', 'context', 'proof', 'issuer_key', 'validity', 'status']);
      expect(r.body.errors).toEqual([]);
      expect(r.body.warnings).toEqual([]);
    });

    it('an OpenBadgeCredential signed by a did:key issuer verifies with the OB 3.0 checks', async () => {
      const r = await verifyVc(await issue(suite, issuer, openBadge(issuer.did)));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.checks).toEqual(['format', 'context', 'schema', 'proof', 'issuer_key', 'validity', 'status', 'endorsements']);
    });

    it('a credential altered after signing is refused (400 verification_failed), naming the proof', async () => {
      const signed = await issue(suite, issuer, plainCredential(issuer.did));
      const r = await verifyVc({ ...signed, credentialSubject: { id: 'did:example:subject', memberOf: 'Another Society' } });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('verification_failed');
      expect(r.body.verified).toBe(false);
      expect(r.body.errors.map((e) => e.type)).toEqual(['urn:laurel:check:proof']);
      expect(errorsOf(r.body)).toMatch(new RegExp(`proof failed: Signature does not match: .*\\(${suite}: `));
    });

    it('a presentation signed by the holder verifies with challenge and domain; a wrong challenge is refused', async () => {
      const credential = await issue(suite, issuer, plainCredential(issuer.did));
      const vp = await present(suite, holder, [credential], 'nonce-7', 'verifier.example');
      const ok = await verifyVp(vp, { challenge: 'nonce-7', domain: 'verifier.example' });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.checks).toEqual(['format', 'context', 'proof', 'holder', 'credentials']);
      expect(ok.body.credentialResults?.map((c) => c.verified)).toEqual([true]);
      expect(ok.body.presentationReport?.checks.find((c) => c.id === 'proof')?.message).toBe(`Data Integrity ${suite} authentication proof by ${holder.kp.id} is valid`);
      const wrong = await verifyVp(vp, { challenge: 'another', domain: 'verifier.example' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('verification_failed');
      expect(errorsOf(wrong.body)).toMatch(/proof failed: The proof's challenge "nonce-7" is not the expected "another"/);
      const altered = await verifyVp({ ...vp, id: 'urn:uuid:added-later' }, { challenge: 'nonce-7', domain: 'verifier.example' });
      expect(altered.status).toBe(400);
      expect(errorsOf(altered.body)).toMatch(/proof failed: The presentation's proof does not verify/);
    });
  });
});
