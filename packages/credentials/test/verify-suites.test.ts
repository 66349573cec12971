// verifyAnyCredential and verifyPresentation with the eddsa-jcs-2022 and ecdsa-rdfc-2019 cryptosuites.
// Every credential and presentation is made here directly by the Digital Bazaar libraries
// (@digitalbazaar/vc, the two suites, ed25519-multikey, ecdsa-multikey) or by jose — never by Laurel,
// whose bundled contexts only serve as the signing document loader (no network).
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { createSignCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader, verifyAnyCredential, verifyPresentation, type VerificationReport, type VerifyDeps } from '../src/index.ts';
import { EXAMPLE_TERMS, openBadge, plainCredential, V2, viaJson, type Obj } from './support/fixtures.ts';

type KeyPair = Awaited<ReturnType<typeof Ed25519Multikey.generate>> | Awaited<ReturnType<typeof EcdsaMultikey.generate>>;
interface Party { did: string; kp: KeyPair }

const documentLoader = createDocumentLoader();

/** A did:key whose verification method is did#fingerprint, as did:key specifies. */
async function didKey(kind: 'Ed25519' | 'P-256' | 'P-384'): Promise<Party> {
  const kp = kind === 'Ed25519' ? await Ed25519Multikey.generate() : await EcdsaMultikey.generate({ curve: kind });
  const did = `did:key:${kp.publicKeyMultibase}`;
  Object.assign(kp, { id: `${did}#${kp.publicKeyMultibase}`, controller: did });
  return { did, kp };
}

/** A key pair that signs under an arbitrary id (for did:web documents written in the test). */
function renamed(kp: KeyPair, did: string, fragment: string): Party {
  Object.assign(kp, { id: `${did}#${fragment}`, controller: did });
  return { did, kp };
}

const SUITES = {
  'eddsa-jcs-2022': { curve: 'Ed25519' as const, sign: () => createSignCryptosuite() },
  'ecdsa-rdfc-2019': { curve: 'P-256' as const, sign: () => ecdsaRdfc2019 },
};
type SuiteName = keyof typeof SUITES;

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

const statusOf = (r: VerificationReport | { checks: Array<{ id: string; status: string }> }, id: string) => r.checks.find((c) => c.id === id)?.status;
const messageOf = (r: { checks: Array<{ id: string; message: string }> }, id: string) => r.checks.find((c) => c.id === id)?.message ?? '';

describe.each(Object.keys(SUITES) as SuiteName[])('%s (made by the Digital Bazaar libraries)', (suite) => {
  let issuer: Party;
  let holder: Party;
  beforeAll(async () => {
    issuer = await didKey(SUITES[suite].curve);
    holder = await didKey(SUITES[suite].curve);
  });

  it('a plain VC 2.0 signed by a did:key issuer verifies (no OB checks)', async () => {
    const signed = await issue(suite, issuer, plainCredential(issuer.did));
    expect((signed.proof as Obj).cryptosuite).toBe(suite);
    const r = await verifyAnyCredential(signed);
    expect(r.verified, JSON.stringify(r.checks)).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual(['format', 'context', 'proof', 'issuer_key', 'validity', 'status']);
    expect(messageOf(r, 'proof')).toBe(`Data Integrity ${suite} signature by ${issuer.kp.id} is valid`);
    expect(messageOf(r, 'issuer_key')).toMatch(/controlled by the issuer/);
  });

  it('an OpenBadgeCredential signed by a did:key issuer verifies with the OB 3.0 checks', async () => {
    const r = await verifyAnyCredential(await issue(suite, issuer, openBadge(issuer.did)));
    expect(r.verified, JSON.stringify(r.checks)).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual(['format', 'context', 'schema', 'proof', 'issuer_key', 'validity', 'status', 'endorsements']);
    expect(statusOf(r, 'schema')).toBe('passed');
  });

  it('a credential altered after signing fails the proof check, naming the suite', async () => {
    const signed = await issue(suite, issuer, plainCredential(issuer.did));
    const r = await verifyAnyCredential({ ...signed, credentialSubject: { id: 'did:example:subject', memberOf: 'Another Society' } });
    expect(r.verified).toBe(false);
    expect(r.outcome).toBe('failed');
    expect(statusOf(r, 'proof')).toBe('failed');
    expect(messageOf(r, 'proof')).toMatch(new RegExp(`^Signature does not match: .*\\(${suite}: `));
    expect(statusOf(r, 'issuer_key')).toBe('passed');
  });

  it('a credential signed by another key of the same type fails the proof check', async () => {
    const other = await didKey(SUITES[suite].curve);
    const forged = renamed(other.kp, issuer.did, String(issuer.kp.id).split('#')[1]!);
    const r = await verifyAnyCredential(await issue(suite, forged, plainCredential(issuer.did)));
    expect(statusOf(r, 'proof')).toBe('failed');
    expect(messageOf(r, 'proof')).toMatch(/^Signature does not match/);
  });

  it('a presentation signed by the holder verifies with challenge and domain; its credential is verified too', async () => {
    const credential = await issue(suite, issuer, plainCredential(issuer.did));
    const vp = await present(suite, holder, [credential], 'nonce-1', 'verifier.example');
    expect((vp.proof as Obj).cryptosuite).toBe(suite);
    const r = await verifyPresentation(vp, { challenge: 'nonce-1', domain: 'verifier.example' });
    expect(r.verified, JSON.stringify(r.checks)).toBe(true);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([['format', 'passed'], ['context', 'passed'], ['proof', 'passed'], ['holder', 'passed'], ['credentials', 'passed']]);
    expect(messageOf(r, 'proof')).toBe(`Data Integrity ${suite} authentication proof by ${holder.kp.id} is valid`);
    expect(r.credentialResults.map((c) => c.verified)).toEqual([true]);
  });

  it('a presentation with the wrong challenge, or altered after signing, fails', async () => {
    const vp = await present(suite, holder, [], 'old');
    const wrong = await verifyPresentation(vp, { challenge: 'fresh' });
    expect(wrong.verified).toBe(false);
    expect(messageOf(wrong, 'proof')).toBe('The proof\'s challenge "old" is not the expected "fresh"');
    const altered = await verifyPresentation({ ...vp, id: 'urn:uuid:added-later' }, { challenge: 'old' });
    expect(statusOf(altered, 'proof')).toBe('failed');
    expect(messageOf(altered, 'proof')).toMatch(new RegExp(`^The presentation's proof does not verify: .*\\(${suite}: `));
  });
});

describe('P-256 / P-384 keys and wrong key types', () => {
  const WEB = 'did:web:issuer.example';

  function depsWith(doc: Obj): VerifyDeps {
    return { resolveDid: async (did) => (did === doc.id ? doc : null) };
  }

  function didWebDoc(vm: Obj): Obj {
    return { '@context': ['https://www.w3.org/ns/did/v1'], id: WEB, verificationMethod: [vm], assertionMethod: [vm.id], authentication: [vm.id] };
  }

  it('ecdsa-rdfc-2019 with a P-384 did:key (z82…) verifies', async () => {
    const issuer = await didKey('P-384');
    expect(issuer.did).toMatch(/^did:key:z82/);
    const r = await verifyAnyCredential(await issue('ecdsa-rdfc-2019', issuer, plainCredential(issuer.did)));
    expect(r.verified, JSON.stringify(r.checks)).toBe(true);
  });

  it('ecdsa-rdfc-2019 by a did:web whose document lists the P-256 key as a Multikey, or as an EC JsonWebKey', async () => {
    const signer = renamed((await didKey('P-256')).kp, WEB, 'key-p256');
    const signed = await issue('ecdsa-rdfc-2019', signer, plainCredential(WEB));
    const multikey = { id: `${WEB}#key-p256`, type: 'Multikey', controller: WEB, publicKeyMultibase: signer.kp.publicKeyMultibase };
    const jwk = await EcdsaMultikey.toJwk({ keyPair: signer.kp as Awaited<ReturnType<typeof EcdsaMultikey.generate>> });
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const jsonWebKey = { id: `${WEB}#key-p256`, type: 'JsonWebKey', controller: WEB, publicKeyJwk: jwk };
    for (const vm of [multikey, jsonWebKey]) {
      const r = await verifyAnyCredential(signed, depsWith(didWebDoc(vm)));
      expect(r.verified, `${vm.type}: ${JSON.stringify(r.checks)}`).toBe(true);
      expect(messageOf(r, 'issuer_key')).toBe(`Key ${WEB}#key-p256 is controlled by the issuer and authorised for assertionMethod`);
    }
  });

  it('eddsa-jcs-2022 by a did:web whose document lists the Ed25519 key as an OKP JsonWebKey', async () => {
    const signer = renamed((await didKey('Ed25519')).kp, WEB, 'key-ed');
    const jwk = await Ed25519Multikey.toJwk({ keyPair: signer.kp as Awaited<ReturnType<typeof Ed25519Multikey.generate>> });
    const doc = didWebDoc({ id: `${WEB}#key-ed`, type: 'JsonWebKey', controller: WEB, publicKeyJwk: jwk });
    const r = await verifyAnyCredential(await issue('eddsa-jcs-2022', signer, plainCredential(WEB)), depsWith(doc));
    expect(r.verified, JSON.stringify(r.checks)).toBe(true);
  });

  it('a proof whose key is of the wrong type for its suite fails, saying so', async () => {
    const ed = renamed((await didKey('Ed25519')).kp, WEB, 'key-1');
    const p256 = await didKey('P-256');
    // The DID document says key-1 is a P-256 key; the proof is eddsa-jcs-2022 (Ed25519 only).
    const doc = didWebDoc({ id: `${WEB}#key-1`, type: 'Multikey', controller: WEB, publicKeyMultibase: p256.kp.publicKeyMultibase });
    const r = await verifyAnyCredential(await issue('eddsa-jcs-2022', ed, plainCredential(WEB)), depsWith(doc));
    expect(statusOf(r, 'proof')).toBe('failed');
    expect(messageOf(r, 'proof')).toBe(`Signature not checked: Key ${WEB}#key-1 is P-256; eddsa-jcs-2022 needs Ed25519 (wrong key type for the cryptosuite)`);
    // And the other way round: a P-256 signature whose DID document gives an Ed25519 key.
    const signer = renamed(p256.kp, WEB, 'key-1');
    const edDoc = didWebDoc({ id: `${WEB}#key-1`, type: 'Multikey', controller: WEB, publicKeyMultibase: ed.kp.publicKeyMultibase });
    const r2 = await verifyAnyCredential(await issue('ecdsa-rdfc-2019', signer, plainCredential(WEB)), depsWith(edDoc));
    expect(messageOf(r2, 'proof')).toBe(`Signature not checked: Key ${WEB}#key-1 is Ed25519; ecdsa-rdfc-2019 needs P-256 or P-384 (wrong key type for the cryptosuite)`);
  });

  it('a key missing from the DID document, or an unsupported did:key, is reported as such', async () => {
    const signer = renamed((await didKey('P-256')).kp, WEB, 'key-gone');
    const doc = didWebDoc({ id: `${WEB}#key-other`, type: 'Multikey', controller: WEB, publicKeyMultibase: (await didKey('P-256')).kp.publicKeyMultibase });
    const r = await verifyAnyCredential(await issue('ecdsa-rdfc-2019', signer, plainCredential(WEB)), depsWith(doc));
    expect(statusOf(r, 'proof')).toBe('unknown');
    expect(statusOf(r, 'issuer_key')).toBe('failed');
    expect(messageOf(r, 'issuer_key')).toBe(`Key ${WEB}#key-gone is not listed in the DID document of ${WEB}`);
    const odd = renamed((await didKey('P-256')).kp, 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme', 'zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme');
    const r2 = await verifyAnyCredential(await issue('ecdsa-rdfc-2019', odd, plainCredential(odd.did)));
    expect(messageOf(r2, 'issuer_key')).toMatch(/^Unsupported or invalid did:key did:key:zQ3s\S+: only Ed25519 \(z6Mk…\), P-256 \(zDn…\) and P-384 \(z82…\) did:key identifiers are supported$/);
  });

  it('a malformed zDn… did:key is refused as invalid', async () => {
    const issuer = await didKey('P-256');
    const broken = `did:key:zDn${'a'.repeat(40)}`;
    const signed = await issue('ecdsa-rdfc-2019', renamed(issuer.kp, broken, broken.slice(8)), plainCredential(broken));
    const r = await verifyAnyCredential(signed);
    expect(statusOf(r, 'issuer_key')).toBe('failed');
    expect(messageOf(r, 'issuer_key')).toMatch(/^Unsupported or invalid did:key did:key:zDna+: /);
  });

  it('eddsa-jcs-2022 signs the JSON itself: an unknown context fails `context`, yet the signature is still checked', async () => {
    const issuer = await didKey('Ed25519');
    const credential = { ...plainCredential(issuer.did), '@context': [V2, 'https://example.org/unbundled/v1'] };
    // Signing needs no context either (JCS), so the unknown one is never loaded.
    const r = await verifyAnyCredential(await issue('eddsa-jcs-2022', issuer, credential));
    expect(statusOf(r, 'context')).toBe('failed');
    expect(statusOf(r, 'proof')).toBe('passed');
    expect(r.verified).toBe(false);
  });

  it('eddsa-jcs-2022: an inline context parsed from JSON verifies; a context changed after signing is refused', async () => {
    const issuer = await didKey('Ed25519');
    const signed = await issue('eddsa-jcs-2022', issuer, plainCredential(issuer.did));
    expect((signed['@context'] as unknown[])[1]).toEqual(EXAMPLE_TERMS);
    expect(((signed.proof as Obj)['@context'] as unknown[])[1]).not.toBe((signed['@context'] as unknown[])[1]);
    expect((await verifyAnyCredential(signed)).verified).toBe(true);
    const redefined = { ...signed, '@context': [V2, { ...EXAMPLE_TERMS, memberOf: 'https://example.org/vocab#ownerOf' }] };
    const r = await verifyAnyCredential(redefined);
    expect(statusOf(r, 'proof')).toBe('failed');
    expect(messageOf(r, 'proof')).toBe('Proof could not be verified (eddsa-jcs-2022): document.@context does not start with proof.@context');
  });

  it('an ES256 VC-JWT whose kid is a P-256 did:key verifies (the key converted to a JWK)', async () => {
    const issuer = await didKey('P-256');
    const secret = await EcdsaMultikey.toJwk({ keyPair: issuer.kp as Awaited<ReturnType<typeof EcdsaMultikey.generate>>, secretKey: true });
    const jwt = await new SignJWT(plainCredential(issuer.did) as never)
      .setProtectedHeader({ alg: 'ES256', kid: String(issuer.kp.id), typ: 'vc+jwt' })
      .setIssuer(issuer.did)
      .sign(await importJWK(secret as never, 'ES256'));
    const r = await verifyAnyCredential(jwt);
    expect(r.verified, JSON.stringify(r.checks)).toBe(true);
    expect(messageOf(r, 'proof')).toBe(`VC-JWT ES256 signature by ${issuer.kp.id} is valid`);
  });
});
