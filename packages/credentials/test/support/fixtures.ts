// What the verifier tests sign with, shared by the library's tests and the server's VC-API tests: the
// contexts, an example VC 2.0 and an OpenBadgeCredential to sign, and did:key holders/issuers made by the
// Digital Bazaar key libraries (never by Laurel), with their private key as jose needs it for JWTs.
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { importJWK } from 'jose';

export type Obj = Record<string, unknown>;
export type Alg = 'EdDSA' | 'ES256';

export const V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DAY = 86_400_000;
// The example credential's terms, defined inline: jsonld-signatures' safe mode refuses terms that only @vocab would expand.
export const EXAMPLE_TERMS = { ExampleMembershipCredential: 'https://example.org/vocab#ExampleMembershipCredential', memberOf: 'https://example.org/vocab#memberOf' };

/** An unsigned VC 2.0 that is not an Open Badge. */
export function plainCredential(issuer: string, extra: Obj = {}): Obj {
  return {
    '@context': [V2, EXAMPLE_TERMS],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'ExampleMembershipCredential'],
    issuer,
    validFrom: new Date(Date.now() - DAY).toISOString(),
    credentialSubject: { id: 'did:example:subject', memberOf: 'The Example Society' },
    ...extra,
  };
}

/** An unsigned OpenBadgeCredential by `issuer`. */
export function openBadge(issuer: string): Obj {
  return {
    '@context': [V2, OB3],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Safety training',
    issuer: { id: issuer, type: ['Profile'], name: 'An issuer on did:key' },
    validFrom: new Date(Date.now() - DAY).toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      id: 'did:example:learner',
      achievement: { id: 'https://example.org/achievements/1', type: ['Achievement'], name: 'Safety training', description: 'Completed it.', criteria: { narrative: 'Attend.' } },
    },
  };
}

/** JSON in, JSON out: what a verifier receives shares no objects with what the signer held. */
export const viaJson = (value: Obj): Obj => JSON.parse(JSON.stringify(value)) as Obj;

export interface JoseParty {
  did: string;
  kid: string;
  alg: Alg;
  kp: Awaited<ReturnType<typeof Ed25519Multikey.generate>>;
  key: CryptoKey | Uint8Array;
}

/** A did:key (Ed25519 or P-256) and its private key as jose needs it. */
export async function joseDidKey(alg: Alg): Promise<JoseParty> {
  const kp = alg === 'EdDSA' ? await Ed25519Multikey.generate() : await EcdsaMultikey.generate({ curve: 'P-256' });
  const did = `did:key:${kp.publicKeyMultibase}`;
  const kid = `${did}#${kp.publicKeyMultibase}`;
  Object.assign(kp, { id: kid, controller: did });
  let jwk: Obj;
  if (alg === 'EdDSA') {
    const secret = (await Ed25519Multikey.toJwk({ keyPair: kp as never, secretKey: true })) as { d: string };
    // ed25519-multikey's secret key is seed ‖ public key (64 bytes); a JWK's d is the 32-byte seed.
    jwk = { ...secret, d: Buffer.from(secret.d, 'base64url').subarray(0, 32).toString('base64url') };
  } else {
    jwk = (await EcdsaMultikey.toJwk({ keyPair: kp as never, secretKey: true })) as Obj;
  }
  return { did, kid, alg, kp: kp as JoseParty['kp'], key: await importJWK(jwk as never, alg) };
}

export interface Ed25519Party {
  did: string;
  kp: Awaited<ReturnType<typeof Ed25519Multikey.generate>>;
}

/** A fresh did:key (Ed25519) made by ed25519-multikey: its verification method id is did#fingerprint. */
export async function ed25519DidKey(): Promise<Ed25519Party> {
  const kp = await Ed25519Multikey.generate();
  const did = `did:key:${kp.publicKeyMultibase}`;
  Object.assign(kp, { id: `${did}#${kp.publicKeyMultibase}`, controller: did });
  return { did, kp };
}
