// verifyPresentation with presentations secured by JOSE (W3C VC-JOSE-COSE): a compact VP-JWT, its
// data:application/vp+jwt URL, an EnvelopedVerifiablePresentation. Every JWT is signed here by jose with
// a did:key's private key (ed25519-multikey / ecdsa-multikey), every Data Integrity credential by
// @digitalbazaar/vc — never by Laurel, whose bundled contexts only serve as the signing document loader.
import { generateKeyPairSync } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { exportJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader, verifyPresentation, type PresentationReport, type VerifyDeps } from '../src/index.ts';
import { joseDidKey as didKey, plainCredential as credential, V2, type JoseParty as Party, type Obj } from './support/fixtures.ts';

const documentLoader = createDocumentLoader();
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function diCredential(issuer: Party): Promise<Obj> {
  const signed = await vc.issue({ credential: credential(issuer.did), suite: new DataIntegrityProof({ signer: issuer.kp.signer(), cryptosuite: eddsaRdfc2022 }), documentLoader });
  return JSON.parse(JSON.stringify(signed)) as Obj;
}

async function vcJwt(issuer: Party): Promise<string> {
  return new SignJWT(credential(issuer.did) as never).setProtectedHeader({ alg: issuer.alg, kid: issuer.kid, typ: 'vc+jwt' }).setIssuer(issuer.did).sign(issuer.key);
}

interface VpOptions { nonce?: string; aud?: string | string[]; exp?: number; nbf?: number; iss?: string | null; holder?: string | null; typ?: string; kid?: string; alg?: string; signer?: Party; legacy?: boolean }

/** A VP-JWT (VC-JOSE-COSE: the claims set is the presentation), signed by jose with the holder's key. */
async function vpJwt(holder: Party, credentials: unknown[], o: VpOptions = {}): Promise<string> {
  const vp: Obj = { '@context': [V2], type: ['VerifiablePresentation'], ...(o.holder === null ? {} : { holder: o.holder ?? holder.did }), verifiableCredential: credentials };
  const claims: Obj = { ...(o.legacy ? { vp } : vp), ...(o.nonce !== undefined ? { nonce: o.nonce } : {}) };
  const jwt = new SignJWT(claims as never)
    .setProtectedHeader({ alg: o.alg ?? holder.alg, kid: o.kid ?? holder.kid, typ: o.typ ?? 'vp+jwt' })
    .setIssuedAt();
  if (o.iss !== null) jwt.setIssuer(o.iss ?? holder.did);
  if (o.aud !== undefined) jwt.setAudience(o.aud);
  if (o.exp !== undefined) jwt.setExpirationTime(o.exp);
  if (o.nbf !== undefined) jwt.setNotBefore(o.nbf);
  return jwt.sign((o.signer ?? holder).key);
}

const enveloped = (jws: string): Obj => ({ '@context': [V2], id: `data:application/vp+jwt,${jws}`, type: 'EnvelopedVerifiablePresentation' });
const check = (r: PresentationReport, id: string) => r.checks.find((x) => x.id === id);
const messageOf = (r: PresentationReport, id: string) => check(r, id)?.message;
const now = () => Math.floor(Date.now() / 1000);

describe.each(['EdDSA', 'ES256'] as const)('VP-JWT by a %s did:key holder', (alg) => {
  let issuer: Party;
  let holder: Party;
  let other: Party;
  let creds: unknown[];
  beforeAll(async () => {
    issuer = await didKey('EdDSA');
    holder = await didKey(alg);
    other = await didKey(alg);
    const jwt = await vcJwt(issuer);
    creds = [await diCredential(issuer), jwt, { '@context': [V2], id: `data:application/vc+jwt,${jwt}`, type: 'EnvelopedVerifiableCredential' }];
  });

  it('verifies as a compact JWS, a data: URL and an EnvelopedVerifiablePresentation, with every credential (DI, VC-JWT, enveloped)', async () => {
    const jws = await vpJwt(holder, creds, { nonce: 'n-1', aud: 'https://verifier.example', exp: now() + 600 });
    for (const input of [jws, `data:application/vp+jwt,${jws}`, enveloped(jws)]) {
      const r = await verifyPresentation(input, { challenge: 'n-1', domain: 'https://verifier.example' });
      expect(r.verified, JSON.stringify(r.checks)).toBe(true);
      expect(r.format).toBe('vp-jwt');
      expect(r.checks.map((x) => `${x.id}:${x.status}`)).toEqual(['format:passed', 'context:passed', 'proof:passed', 'holder:passed', 'credentials:passed']);
      expect(messageOf(r, 'proof')).toBe(`VP-JWT ${alg} authentication signature by ${holder.kid} is valid`);
      expect(messageOf(r, 'holder')).toBe(`The holder ${holder.did} signed the presentation`);
      expect(r.credentialResults.map((x) => [x.format, x.verified])).toEqual([['vc-di', true], ['vc-jwt', true], ['vc-jwt', true]]);
    }
  });

  it('aud may be an array containing the domain; without options any nonce and aud are accepted', async () => {
    const jws = await vpJwt(holder, creds.slice(0, 1), { nonce: 'n-2', aud: ['https://a.example', 'https://verifier.example'] });
    expect((await verifyPresentation(jws, { challenge: 'n-2', domain: 'https://verifier.example' })).verified).toBe(true);
    expect((await verifyPresentation(jws)).verified).toBe(true);
  });

  it('a legacy VC 1.1 vp claim, no typ, and a kid relative to the holder are accepted', async () => {
    const relative = `#${holder.kp.publicKeyMultibase}`;
    const jws = await vpJwt(holder, [], { legacy: true, nonce: 'n-3', kid: relative });
    const r = await verifyPresentation(jws, { challenge: 'n-3' });
    expect(r.verified, JSON.stringify(r.checks)).toBe(true);
    expect(messageOf(r, 'credentials')).toBe('The presentation carries no credentials');
  });

  it('a valid VP-JWT carrying a VC-JWT altered after signing fails the credentials check, naming the credential', async () => {
    const [h, , sig] = (await vcJwt(issuer)).split('.');
    const altered = `${h}.${b64({ ...credential(issuer.did), iss: issuer.did })}.${sig}`;
    const r = await verifyPresentation(await vpJwt(holder, [creds[0], altered], { nonce: 'n' }), { challenge: 'n' });
    expect(r.outcome).toBe('failed');
    expect(check(r, 'proof')?.status).toBe('passed');
    expect(check(r, 'holder')?.status).toBe('passed');
    expect(r.credentialResults.map((x) => x.verified)).toEqual([true, false]);
    expect(messageOf(r, 'credentials')).toMatch(/^credential 2: proof failed: Signature does not match/);
  });

  it('a wrong nonce, a missing nonce, a wrong aud and a missing aud fail the proof check, naming the claim', async () => {
    const jws = await vpJwt(holder, creds, { nonce: 'n-4', aud: 'https://verifier.example' });
    let r = await verifyPresentation(jws, { challenge: 'another' });
    expect(r.outcome).toBe('failed');
    expect(messageOf(r, 'proof')).toBe('The VP-JWT\'s nonce "n-4" is not the expected challenge "another"');
    expect(check(r, 'holder')?.status).toBe('unknown');
    r = await verifyPresentation(jws, { challenge: 'n-4', domain: 'https://elsewhere.example' });
    expect(messageOf(r, 'proof')).toBe('The VP-JWT\'s aud "https://verifier.example" is not the expected domain "https://elsewhere.example"');
    const bare = await vpJwt(holder, creds);
    expect(messageOf(await verifyPresentation(bare, { challenge: 'n-4' }), 'proof')).toBe('The VP-JWT has no nonce claim; the verifier expects the challenge "n-4"');
    expect(messageOf(await verifyPresentation(bare, { domain: 'https://verifier.example' }), 'proof')).toBe('The VP-JWT has no aud claim; the verifier expects the domain "https://verifier.example"');
  });

  it('an expired VP-JWT (exp) and one not yet valid (nbf) fail; the clock and skew of the deps are used', async () => {
    const expired = await vpJwt(holder, creds, { nonce: 'n', exp: now() - 60 });
    let r = await verifyPresentation(expired, { challenge: 'n' });
    expect(r.verified).toBe(false);
    expect(messageOf(r, 'proof')).toMatch(/^The VP-JWT expired: exp \S+Z \(now \S+Z\)$/);
    expect((await verifyPresentation(expired, { challenge: 'n' }, { clockSkewSeconds: 120 })).verified).toBe(true);
    const early = await vpJwt(holder, creds, { nonce: 'n', nbf: now() + 3600 });
    r = await verifyPresentation(early, { challenge: 'n' });
    expect(messageOf(r, 'proof')).toMatch(/^The VP-JWT is not yet valid: nbf \S+Z \(now \S+Z\)$/);
    const later: VerifyDeps = { now: () => new Date(Date.now() + 2 * 3600_000) };
    expect((await verifyPresentation(early, { challenge: 'n' }, later)).verified).toBe(true);
  });

  it('a VP-JWT signed by another key than its kid names fails: the signature does not match', async () => {
    const forged = await vpJwt(holder, creds, { nonce: 'n', signer: other });
    const r = await verifyPresentation(forged, { challenge: 'n' });
    expect(r.outcome).toBe('failed');
    expect(messageOf(r, 'proof')).toBe("The VP-JWT's signature does not match: it was altered after signing or signed by another key");
    const [h, , s] = (await vpJwt(holder, creds, { nonce: 'n' })).split('.');
    const altered = `${h}.${b64({ '@context': [V2], type: ['VerifiablePresentation'], holder: holder.did, iss: holder.did, nonce: 'n' })}.${s}`;
    expect(messageOf(await verifyPresentation(altered, { challenge: 'n' }), 'proof')).toBe("The VP-JWT's signature does not match: it was altered after signing or signed by another key");
  });

  it('a holder who did not sign is refused: the holder check fails (holder or iss another DID)', async () => {
    const r = await verifyPresentation(await vpJwt(other, creds, { nonce: 'n', holder: holder.did, iss: null }), { challenge: 'n' });
    expect(check(r, 'proof')?.status).toBe('passed');
    expect(check(r, 'holder')).toEqual({ id: 'holder', status: 'failed', message: `The holder ${holder.did} is not the controller ${other.did} of the key that signed the presentation` });
    const r2 = await verifyPresentation(await vpJwt(other, creds, { nonce: 'n', holder: null, iss: holder.did }), { challenge: 'n' });
    expect(check(r2, 'holder')).toEqual({ id: 'holder', status: 'failed', message: `The JWT iss "${holder.did}" is not the controller ${other.did} of the key that signed the presentation` });
    expect(r2.verified).toBe(false);
  });
});

describe('VP-JWT refusals', () => {
  let holder: Party;
  beforeAll(async () => {
    holder = await didKey('EdDSA');
  });

  it('alg none (an unsecured JWT) is refused by name', async () => {
    const unsecured = `${b64({ alg: 'none', typ: 'vp+jwt', kid: holder.kid })}.${b64({ '@context': [V2], type: ['VerifiablePresentation'], holder: holder.did, nonce: 'n' })}.`;
    const r = await verifyPresentation(unsecured, { challenge: 'n' });
    expect(r.outcome).toBe('failed');
    expect(messageOf(r, 'proof')).toBe('Unsupported JWT alg "none": an unsigned JWT is refused');
  });

  it('HMAC (HS256) is refused, even when the MAC is right', async () => {
    const secret = new TextEncoder().encode('a shared secret of thirty-two bytes!');
    const jws = await new SignJWT({ '@context': [V2], type: ['VerifiablePresentation'], holder: holder.did, nonce: 'n' }).setProtectedHeader({ alg: 'HS256', kid: holder.kid, typ: 'vp+jwt' }).sign(secret);
    expect(messageOf(await verifyPresentation(jws, { challenge: 'n' }), 'proof')).toBe('Unsupported JWT alg "HS256": a shared-secret MAC cannot authenticate a holder');
  });

  it('a credential typ (vc+jwt), a payload that is no presentation, a missing kid and a bad envelope are refused', async () => {
    const asVc = await vpJwt(holder, [], { typ: 'vc+jwt' });
    expect(messageOf(await verifyPresentation(asVc), 'proof')).toBe('JWT typ "vc+jwt" is not a presentation\'s (expected vp+jwt)');
    const notVp = await new SignJWT({ '@context': [V2], type: ['VerifiableCredential'] }).setProtectedHeader({ alg: 'EdDSA', kid: holder.kid }).sign(holder.key);
    const r = await verifyPresentation(notVp);
    expect(r.checks).toEqual([{ id: 'format', status: 'failed', message: "The VP-JWT's payload is not a verifiable presentation: type does not include VerifiablePresentation" }]);
    const noKid = await new SignJWT({ '@context': [V2], type: ['VerifiablePresentation'] }).setProtectedHeader({ alg: 'EdDSA' }).sign(holder.key);
    expect(messageOf(await verifyPresentation(noKid), 'proof')).toBe('JWT header has no kid; the key cannot be bound to the holder');
    const bad = await verifyPresentation({ type: 'EnvelopedVerifiablePresentation', id: 'data:application/vc+jwt,abc.def.ghi' });
    expect(bad.checks).toEqual([{ id: 'format', status: 'failed', message: 'EnvelopedVerifiablePresentation id is not a data:application/vp+jwt URL' }]);
  });

  it('a key listed under assertionMethod but not authentication is refused (did:web)', async () => {
    const web = 'did:web:holder.example';
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const doc = { id: web, verificationMethod: [{ id: `${web}#k`, type: 'JsonWebKey', controller: web, publicKeyJwk: await exportJWK(publicKey) }], assertionMethod: [`${web}#k`] };
    const jws = await new SignJWT({ '@context': [V2], type: ['VerifiablePresentation'], holder: web }).setProtectedHeader({ alg: 'EdDSA', kid: `${web}#k`, typ: 'vp+jwt' }).sign(privateKey);
    const deps: VerifyDeps = { resolveDid: async () => doc };
    const r = await verifyPresentation(jws, {}, deps);
    expect(messageOf(r, 'proof')).toBe(`Signature not checked: Key ${web}#k is not authorised for authentication in the DID document of ${web}`);
    const ok = await verifyPresentation(jws, {}, { resolveDid: async () => ({ ...doc, authentication: [`${web}#k`] }) });
    expect(ok.verified, JSON.stringify(ok.checks)).toBe(true);
  });

  it('an RS256 VP-JWT by a did:web RSA JsonWebKey under authentication verifies', async () => {
    const web = 'did:web:rsa.example';
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const doc = { id: web, verificationMethod: [{ id: `${web}#rsa`, type: 'JsonWebKey', controller: web, publicKeyJwk: await exportJWK(publicKey) }], authentication: [`${web}#rsa`] };
    const jws = await new SignJWT({ '@context': [V2], type: ['VerifiablePresentation'], holder: web, nonce: 'r' }).setProtectedHeader({ alg: 'RS256', kid: `${web}#rsa`, typ: 'vp+jwt' }).setIssuer(web).setAudience('v.example').sign(privateKey);
    const r = await verifyPresentation(jws, { challenge: 'r', domain: 'v.example' }, { resolveDid: async () => doc });
    expect(r.verified, JSON.stringify(r.checks)).toBe(true);
    expect(messageOf(r, 'proof')).toBe(`VP-JWT RS256 authentication signature by ${web}#rsa is valid`);
  });
});
