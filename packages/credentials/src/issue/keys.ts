import { createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject, type JsonWebKey } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { generateKeyPair, exportJWK } from 'jose';
import { MULTIKEY_V1_CONTEXT } from '../contexts/index.ts';

/**
 * Key material in a JSON-serialisable shape, so the server can encrypt and store it as-is.
 * `id` is the absolute verification method id (`<did>#key-1`); `controller` is the issuer DID.
 */
export interface StoredEd25519Key {
  kind: 'Ed25519';
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export interface StoredRsaKey {
  kind: 'RSA';
  id: string;
  controller: string;
  publicKeyJwk: JsonWebKey;
  privateKeyJwk: JsonWebKey;
}

/** A P-256 key for ES256 VC-JWTs (the 1EdTech validator accepts RS256 and ES256 only). */
export interface StoredEcKey {
  kind: 'EC';
  id: string;
  controller: string;
  publicKeyJwk: JsonWebKey;
  privateKeyJwk: JsonWebKey;
}

export type StoredKey = StoredEd25519Key | StoredRsaKey | StoredEcKey;

/** The public half of a stored key: what goes into a DID document. */
export interface PublicKeyRecord {
  kind: 'Ed25519' | 'RSA' | 'EC';
  id: string;
  controller: string;
  publicKeyMultibase?: string;
  publicKeyJwk: JsonWebKey;
}

export type SignatureAlgorithm = 'Ed25519' | 'RS256' | 'ES256';

/**
 * Signs bytes with one key. Implementations hold their own key material (in memory, a KMS, an
 * HSM); the library never keeps keys in module state.
 */
export interface Signer {
  /** Absolute verification method id, e.g. `did:web:example.edu#key-1`. */
  readonly id: string;
  /** The DID that controls the key; must equal the credential's issuer id. */
  readonly controller: string;
  readonly algorithm: SignatureAlgorithm;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function defaultKeyId(controller: string, id: string | undefined): string {
  if (id === undefined) return `${controller}#key-1`;
  return id.startsWith('#') ? `${controller}${id}` : id;
}

export async function generateEd25519Key(options: { controller: string; id?: string; seed?: Uint8Array }): Promise<StoredEd25519Key> {
  const id = defaultKeyId(options.controller, options.id);
  const kp = await Ed25519Multikey.generate({ id, controller: options.controller, seed: options.seed });
  return {
    kind: 'Ed25519',
    id,
    controller: options.controller,
    publicKeyMultibase: kp.publicKeyMultibase,
    secretKeyMultibase: kp.secretKeyMultibase!,
  };
}

export async function generateRsaKey(options: { controller: string; id?: string; modulusLength?: number }): Promise<StoredRsaKey> {
  const id = defaultKeyId(options.controller, options.id);
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: options.modulusLength ?? 2048, extractable: true });
  const publicKeyJwk = (await exportJWK(publicKey)) as JsonWebKey;
  const privateKeyJwk = (await exportJWK(privateKey)) as JsonWebKey;
  return { kind: 'RSA', id, controller: options.controller, publicKeyJwk, privateKeyJwk };
}

export async function generateP256Key(options: { controller: string; id?: string }): Promise<StoredEcKey> {
  const id = defaultKeyId(options.controller, options.id);
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicKeyJwk = (await exportJWK(publicKey)) as JsonWebKey;
  const privateKeyJwk = (await exportJWK(privateKey)) as JsonWebKey;
  return { kind: 'EC', id, controller: options.controller, publicKeyJwk, privateKeyJwk };
}

async function ed25519Bytes(key: { publicKeyMultibase: string; secretKeyMultibase?: string }): Promise<{ publicKey: Uint8Array; seed?: Uint8Array }> {
  const kp = await Ed25519Multikey.from({
    '@context': MULTIKEY_V1_CONTEXT,
    type: 'Multikey',
    publicKeyMultibase: key.publicKeyMultibase,
    ...(key.secretKeyMultibase ? { secretKeyMultibase: key.secretKeyMultibase } : {}),
  });
  // The multikey secret is seed ‖ public key (64 bytes); JWK `d` and PKCS#8 want only the 32-byte seed.
  return { publicKey: kp.publicKey, seed: kp.secretKey ? kp.secretKey.subarray(0, 32) : undefined };
}

/** Public Ed25519 JWK for a multibase key (needed so VC-JWT verifiers can use the DID document). */
export async function ed25519PublicJwk(publicKeyMultibase: string): Promise<JsonWebKey> {
  const { publicKey } = await ed25519Bytes({ publicKeyMultibase });
  return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') };
}

/** Private Ed25519 JWK with a 32-byte `d` (not the 64 bytes `Ed25519Multikey.toJwk` emits). */
export async function ed25519PrivateJwk(key: StoredEd25519Key): Promise<JsonWebKey> {
  const { publicKey, seed } = await ed25519Bytes(key);
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    x: Buffer.from(publicKey).toString('base64url'),
    d: Buffer.from(seed!).toString('base64url'),
  };
}

export async function publicKeyRecord(key: StoredKey | PublicKeyRecord): Promise<PublicKeyRecord> {
  if (key.kind === 'RSA') {
    const { kty, n, e } = key.publicKeyJwk;
    return { kind: 'RSA', id: key.id, controller: key.controller, publicKeyJwk: { kty, n, e } };
  }
  if (key.kind === 'EC') {
    const { kty, crv, x, y } = key.publicKeyJwk;
    return { kind: 'EC', id: key.id, controller: key.controller, publicKeyJwk: { kty, crv, x, y } };
  }
  return {
    kind: 'Ed25519',
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase!,
    publicKeyJwk: await ed25519PublicJwk(key.publicKeyMultibase!),
  };
}

/** Node KeyObject for a stored key; created once per Signer so signing does no key parsing. */
export async function privateKeyObject(key: StoredKey): Promise<KeyObject> {
  if (key.kind === 'RSA' || key.kind === 'EC') return createPrivateKey({ key: key.privateKeyJwk, format: 'jwk' });
  const { seed } = await ed25519Bytes(key);
  if (!seed) throw new TypeError(`Key ${key.id} has no secret key`);
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

const ALGORITHM: Record<StoredKey['kind'], SignatureAlgorithm> = { Ed25519: 'Ed25519', RSA: 'RS256', EC: 'ES256' };

/** A Signer over stored key material (Ed25519 → DI and EdDSA JWT; RSA → RS256 JWT; P-256 → ES256 JWT). */
export async function createSigner(key: StoredKey): Promise<Signer> {
  const keyObject = await privateKeyObject(key);
  // Fail at construction rather than on first signature if the halves do not belong together.
  const derivedPublic = createPublicKey(keyObject).export({ format: 'jwk' });
  const expected = await publicKeyRecord(key);
  const matches = key.kind === 'RSA' ? derivedPublic.n === expected.publicKeyJwk.n
    : key.kind === 'EC' ? derivedPublic.crv === 'P-256' && derivedPublic.x === expected.publicKeyJwk.x && derivedPublic.y === expected.publicKeyJwk.y
    : derivedPublic.x === expected.publicKeyJwk.x;
  if (!matches) throw new TypeError(`Key ${key.id}: secret key does not match its public key`);
  const algorithm = ALGORITHM[key.kind];
  const digest = key.kind === 'Ed25519' ? null : 'sha256';
  // JWS ES256 wants the raw 64-byte r‖s signature (RFC 7518 §3.4), not DER.
  const signKey = key.kind === 'EC' ? { key: keyObject, dsaEncoding: 'ieee-p1363' as const } : keyObject;
  return {
    id: key.id,
    controller: key.controller,
    algorithm,
    async sign(data: Uint8Array) {
      return nodeSign(digest, data, signKey);
    },
  };
}
