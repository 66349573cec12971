// Key material for the verifier: which algorithm a resolved key is for (Ed25519, P-256, P-384, RSA),
// the key as a Multikey document for the Digital Bazaar cryptosuites, as a public JWK for VC-JWTs,
// and did:key documents for Ed25519 (z6Mk…) and P-256 / P-384 (zDn… / z82…) keys. Parsing is left to
// ed25519-multikey and ecdsa-multikey, which validate the multicodec header and the point.
import type { JsonWebKey } from 'node:crypto';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { MULTIKEY_V1_CONTEXT } from '../contexts/index.ts';
import { didKeyDocument, resolveDidKey, type DidDocument } from '../issue/did.ts';
import { ed25519PublicJwk } from '../issue/keys.ts';
import { errorText } from './util.ts';

/** The parts of a resolved verification key (keys.ts ResolvedKey) that the key material is read from. */
export interface KeyMaterial {
  id: string;
  controller?: string | undefined;
  publicKeyMultibase?: string;
  publicKeyJwk?: JsonWebKey;
}

/** What a verification key signs with. */
export type KeyAlgorithm = 'Ed25519' | 'P-256' | 'P-384' | 'RSA';

/** Multibase prefixes of the public-key multicodecs (base58btc): ed25519-pub, p256-pub, p384-pub. */
const MULTIBASE_PREFIX: ReadonlyArray<[string, KeyAlgorithm]> = [['z6Mk', 'Ed25519'], ['zDn', 'P-256'], ['z82', 'P-384']];

function algorithmOfMultibase(multibase: string): KeyAlgorithm | undefined {
  return MULTIBASE_PREFIX.find(([prefix]) => multibase.startsWith(prefix))?.[1];
}

function algorithmOfJwk(jwk: JsonWebKey): KeyAlgorithm | undefined {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'Ed25519';
  if (jwk.kty === 'EC' && (jwk.crv === 'P-256' || jwk.crv === 'P-384')) return jwk.crv;
  if (jwk.kty === 'RSA') return 'RSA';
  return undefined;
}

/** The key's algorithm, from its multibase header or its JWK (kty/crv); undefined when neither is known. */
export function keyAlgorithm(key: KeyMaterial): KeyAlgorithm | undefined {
  if (key.publicKeyMultibase) return algorithmOfMultibase(key.publicKeyMultibase);
  return key.publicKeyJwk ? algorithmOfJwk(key.publicKeyJwk) : undefined;
}

/** How a key is described in messages: "Ed25519", "P-256", "an RSA key", or what it claims to be. */
export function describeKey(key: KeyMaterial): string {
  const alg = keyAlgorithm(key);
  if (alg) return alg;
  if (key.publicKeyMultibase) return `an unrecognised Multikey (${key.publicKeyMultibase.slice(0, 6)}…)`;
  if (key.publicKeyJwk) return `an unrecognised JWK (kty ${String(key.publicKeyJwk.kty)}${key.publicKeyJwk.crv ? `, crv ${String(key.publicKeyJwk.crv)}` : ''})`;
  return 'a key without publicKeyMultibase or publicKeyJwk';
}

function publicOnly(jwk: JsonWebKey): JsonWebKey {
  const { d: _secret, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk as JsonWebKey & Record<string, unknown>;
  return pub;
}

/**
 * The key as a Multikey verification method document (what the cryptosuites' `createVerifier` parses),
 * converting a JsonWebKey (OKP Ed25519, EC P-256/P-384) to its multibase form. Fails with a message
 * when the key is not one of `allowed` or cannot be parsed.
 */
export async function multikeyFor(key: KeyMaterial, allowed: readonly KeyAlgorithm[], suite: string): Promise<{ doc: Record<string, unknown> } | { message: string }> {
  const alg = keyAlgorithm(key);
  if (!alg || !allowed.includes(alg)) {
    return { message: `Key ${key.id} is ${describeKey(key)}; ${suite} needs ${allowed.join(' or ')} (wrong key type for the cryptosuite)` };
  }
  let publicKeyMultibase = key.publicKeyMultibase;
  try {
    if (!publicKeyMultibase && key.publicKeyJwk) {
      const jwk = publicOnly(key.publicKeyJwk) as Record<string, unknown>;
      const pair = alg === 'Ed25519' ? await Ed25519Multikey.fromJwk({ jwk }) : await EcdsaMultikey.fromJwk({ jwk });
      publicKeyMultibase = pair.publicKeyMultibase;
    }
    const doc = { '@context': MULTIKEY_V1_CONTEXT, id: key.id, type: 'Multikey', controller: key.controller, publicKeyMultibase };
    // Parse once here so that a malformed key is reported as such, not as a bad signature.
    await (alg === 'Ed25519' ? Ed25519Multikey.from(doc) : EcdsaMultikey.from(doc));
    return { doc };
  } catch (error) {
    return { message: `Key ${key.id} is not a valid ${alg} public key: ${errorText(error)}` };
  }
}

/** The key as a public JWK (for a VC-JWT): its own publicKeyJwk, or converted from a Multikey. */
export async function publicJwkOf(key: KeyMaterial): Promise<JsonWebKey | undefined> {
  if (key.publicKeyJwk) return publicOnly(key.publicKeyJwk);
  const multibase = key.publicKeyMultibase;
  const alg = multibase ? algorithmOfMultibase(multibase) : undefined;
  if (!multibase || !alg) return undefined;
  if (alg === 'Ed25519') return ed25519PublicJwk(multibase);
  const pair = await EcdsaMultikey.from({ '@context': MULTIKEY_V1_CONTEXT, type: 'Multikey', id: key.id, controller: key.controller, publicKeyMultibase: multibase });
  return publicOnly((await EcdsaMultikey.toJwk({ keyPair: pair })) as JsonWebKey);
}

/**
 * Resolves a did:key locally: Ed25519 (z6Mk…) through resolveDidKey, P-256 (zDn…) and P-384 (z82…) here,
 * each with one Multikey listed under assertionMethod and authentication. Throws for anything else.
 */
export async function resolveAnyDidKey(did: string): Promise<DidDocument> {
  const fingerprint = did.slice('did:key:'.length).split('#')[0]!;
  const alg = algorithmOfMultibase(fingerprint);
  if (alg === 'Ed25519') return resolveDidKey(did);
  if (alg !== 'P-256' && alg !== 'P-384') {
    throw new TypeError('only Ed25519 (z6Mk…), P-256 (zDn…) and P-384 (z82…) did:key identifiers are supported');
  }
  // Parsing validates the multicodec header and that the point is on the curve.
  await EcdsaMultikey.from({ '@context': MULTIKEY_V1_CONTEXT, type: 'Multikey', id: `did:key:${fingerprint}#${fingerprint}`, controller: `did:key:${fingerprint}`, publicKeyMultibase: fingerprint });
  return didKeyDocument(fingerprint);
}
