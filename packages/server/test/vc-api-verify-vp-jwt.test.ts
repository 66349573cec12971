// POST /presentations/verify with presentations secured by JOSE (W3C VC-JOSE-COSE) on every dialect: a
// compact VP-JWT string, its data:application/vp+jwt URL, an EnvelopedVerifiablePresentation. The holder is
// a did:key (Ed25519 or P-256); options.challenge is the JWT's nonce, options.domain its aud. Every JWT is
// signed here by jose, every Data Integrity credential by @digitalbazaar/vc — never by Laurel, whose
// bundled contexts only serve as the signing document loader (no network).
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createDocumentLoader } from '@laurel/credentials';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { joseDidKey as didKey, plainCredential as credential, V2, type JoseParty as Party, type Obj } from '../../credentials/test/support/fixtures.ts';

type Detail = { type: string; title: string; detail: string };
type Result = { verified: boolean; checks: string[]; errors: Detail[]; warnings: Detail[]; code?: string; credentialResults?: { verified: boolean }[]; presentationReport?: { format: string; checks: { id: string; status: string; message: string }[] } };

const DOMAIN = 'https://verifier.example';
const documentLoader = createDocumentLoader();
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

interface VpOptions { nonce?: string; aud?: string; exp?: number; nbf?: number; holder?: string; signer?: Party }

async function vpJwt(holder: Party, credentials: unknown[], o: VpOptions = {}): Promise<string> {
  const claims = { '@context': [V2], type: ['VerifiablePresentation'], holder: o.holder ?? holder.did, verifiableCredential: credentials, ...(o.nonce !== undefined ? { nonce: o.nonce } : {}) };
  const jwt = new SignJWT(claims as never).setProtectedHeader({ alg: holder.alg, kid: holder.kid, typ: 'vp+jwt' }).setIssuedAt();
  if (o.aud !== undefined) jwt.setAudience(o.aud);
  if (o.exp !== undefined) jwt.setExpirationTime(o.exp);
  if (o.nbf !== undefined) jwt.setNotBefore(o.nbf);
  return jwt.sign((o.signer ?? holder).key);
}

describe.each(DIALECTS)('POST /presentations/verify with VP-JWTs, on %s', (dialect) => {
  let t: TestApp;
  let issuer: Party;
  let creds: unknown[];
  beforeAll(async () => {
    t = await makeTestApp(dialect);
    issuer = await didKey('EdDSA');
    const di = JSON.parse(JSON.stringify(await vc.issue({ credential: credential(issuer.did), suite: new DataIntegrityProof({ signer: issuer.kp.signer(), cryptosuite: eddsaRdfc2022 }), documentLoader }))) as Obj;
    const jwt = await new SignJWT(credential(issuer.did) as never).setProtectedHeader({ alg: 'EdDSA', kid: issuer.kid, typ: 'vc+jwt' }).setIssuer(issuer.did).sign(issuer.key);
    creds = [di, jwt, { '@context': [V2], id: `data:application/vc+jwt,${jwt}`, type: 'EnvelopedVerifiableCredential' }];
  });
  afterAll(async () => t?.close());

  async function verifyVp(verifiablePresentation: unknown, options: Obj = {}): Promise<{ status: number; body: Result }> {
    const res = await t.app.inject({ method: 'POST', url: '/presentations/verify', payload: { verifiablePresentation, options } });
    return { status: res.statusCode, body: res.json() };
  }
  const proofMessage = (r: Result) => r.presentationReport?.checks.find((c) => c.id === 'proof')?.message;
  async function refused(input: unknown, options: Obj, type: string, detail: string | RegExp): Promise<void> {
    const r = await verifyVp(input, options);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.code).toBe('verification_failed');
    expect(r.body.verified).toBe(false);
    expect(r.body.errors.map((e) => e.type)).toEqual([`urn:laurel:check:${type}`]);
    expect(r.body.errors[0]!.detail).toMatch(detail);
  }

  describe.each(['EdDSA', 'ES256'] as const)('a %s did:key holder', (alg) => {
    let holder: Party;
    let other: Party;
    beforeAll(async () => {
      holder = await didKey(alg);
      other = await didKey(alg);
    });

    it('a VP-JWT with a DI credential and a VC-JWT (compact and enveloped) verifies: 200, as a string, a data: URL and an EnvelopedVerifiablePresentation', async () => {
      const jws = await vpJwt(holder, creds, { nonce: 'c-1', aud: DOMAIN, exp: now() + 600 });
      for (const input of [jws, `data:application/vp+jwt,${jws}`, { '@context': [V2], id: `data:application/vp+jwt,${jws}`, type: 'EnvelopedVerifiablePresentation' }]) {
        const r = await verifyVp(input, { challenge: 'c-1', domain: DOMAIN });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.verified).toBe(true);
        expect(r.body.checks).toEqual(['format', 'context', 'proof', 'holder', 'credentials']);
        expect(r.body.errors).toEqual([]);
        expect(r.body.warnings).toEqual([]);
        expect(r.body.credentialResults?.map((c) => c.verified)).toEqual([true, true, true]);
        expect(r.body.presentationReport?.format).toBe('vp-jwt');
        expect(proofMessage(r.body)).toBe(`VP-JWT ${alg} authentication signature by ${holder.kid} is valid`);
      }
    });

    it('a wrong nonce or a wrong aud is refused (400, proof)', async () => {
      const jws = await vpJwt(holder, creds, { nonce: 'c-2', aud: DOMAIN });
      await refused(jws, { challenge: 'another', domain: DOMAIN }, 'proof', 'The VP-JWT\'s nonce "c-2" is not the expected challenge "another"');
      await refused(jws, { challenge: 'c-2', domain: 'https://elsewhere.example' }, 'proof', `The VP-JWT's aud "${DOMAIN}" is not the expected domain "https://elsewhere.example"`);
      await refused(await vpJwt(holder, creds), { challenge: 'c-2' }, 'proof', 'The VP-JWT has no nonce claim; the verifier expects the challenge "c-2"');
    });

    it('an expired VP-JWT and one not yet valid are refused (400, proof)', async () => {
      await refused(await vpJwt(holder, creds, { nonce: 'c', exp: now() - 60 }), { challenge: 'c' }, 'proof', /^The VP-JWT expired: exp /);
      await refused(await vpJwt(holder, creds, { nonce: 'c', nbf: now() + 3600 }), { challenge: 'c' }, 'proof', /^The VP-JWT is not yet valid: nbf /);
    });

    it('a signature by another key is refused (400, proof); a holder who did not sign fails the holder check', async () => {
      await refused(await vpJwt(holder, creds, { nonce: 'c', signer: other }), { challenge: 'c' }, 'proof', "The VP-JWT's signature does not match: it was altered after signing or signed by another key");
      await refused(await vpJwt(other, creds, { nonce: 'c', holder: holder.did }), { challenge: 'c' }, 'holder', `The holder ${holder.did} is not the controller ${other.did} of the key that signed the presentation`);
    });

    it('alg none and HS256 are refused (400, proof)', async () => {
      const vp = { '@context': [V2], type: ['VerifiablePresentation'], holder: holder.did, nonce: 'c' };
      await refused(`${b64({ alg: 'none', typ: 'vp+jwt', kid: holder.kid })}.${b64(vp)}.`, { challenge: 'c' }, 'proof', 'Unsupported JWT alg "none": an unsigned JWT is refused');
      const hs = await new SignJWT(vp).setProtectedHeader({ alg: 'HS256', kid: holder.kid, typ: 'vp+jwt' }).sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
      await refused(hs, { challenge: 'c' }, 'proof', 'Unsupported JWT alg "HS256": a shared-secret MAC cannot authenticate a holder');
    });
  });

  it('a string that is neither JSON nor a VP-JWT, and an envelope with another media type, are 422 validation_failed', async () => {
    for (const input of ['not a presentation', { type: 'EnvelopedVerifiablePresentation', id: 'data:application/vc+jwt,a.b.c' }]) {
      const r = await verifyVp(input);
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.code).toBe('validation_failed');
    }
  });
});
