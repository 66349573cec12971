import type { JsonWebKey } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from '../contexts/index.ts';
import { publicKeyRecord, type PublicKeyRecord, type StoredKey } from './keys.ts';

export interface VerificationMethod {
  id: string;
  type: 'Multikey' | 'JsonWebKey';
  controller: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: JsonWebKey;
  [key: string]: unknown;
}

export interface DidDocument {
  '@context': Array<string | Record<string, unknown>>;
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
  authentication?: string[];
  [key: string]: unknown;
}

/**
 * `publicKeyJwk` and `JsonWebKey` are not defined by DID v1 or Multikey v1; this inline context keeps
 * the document meaningful as JSON-LD. DID v1 stays first so jsonld-signatures skips framing.
 */
const JWK_TERMS = {
  JsonWebKey: 'https://w3id.org/security#JsonWebKey',
  publicKeyJwk: { '@id': 'https://w3id.org/security#publicKeyJwk', '@type': '@json' },
};

export const DID_DOCUMENT_CONTEXT: DidDocument['@context'] = [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, JWK_TERMS];

/**
 * DID document for an institution. Every key is listed with its absolute id and `controller`, in one
 * form per verification method (DID Core §5.2.1): Ed25519 as a Multikey (`publicKeyMultibase`, for Data
 * Integrity), RSA and P-256 as JsonWebKey (`publicKeyJwk`, for RS256 / ES256 VC-JWTs). Keep rotated
 * keys in `keys` so older credentials still resolve; `assertionKeyIds` narrows which ids may assert
 * (default: all). Accepts stored keys too — secrets are dropped.
 */
export async function buildDidDocument(options: {
  did: string;
  keys: Array<StoredKey | PublicKeyRecord>;
  assertionKeyIds?: string[];
}): Promise<DidDocument> {
  const { did } = options;
  const verificationMethod: VerificationMethod[] = [];
  for (const key of options.keys) {
    const rec = await publicKeyRecord(key);
    if (rec.controller !== did) throw new TypeError(`Key ${rec.id} is controlled by ${rec.controller}, not ${did}`);
    if (!rec.id.startsWith(`${did}#`)) throw new TypeError(`Key id ${rec.id} must be an absolute id under ${did}`);
    verificationMethod.push(rec.kind === 'Ed25519'
      ? { id: rec.id, type: 'Multikey', controller: did, publicKeyMultibase: rec.publicKeyMultibase }
      : { id: rec.id, type: 'JsonWebKey', controller: did, publicKeyJwk: rec.publicKeyJwk });
  }
  const ids = verificationMethod.map((vm) => vm.id);
  const assertion = options.assertionKeyIds ?? ids;
  for (const id of assertion) if (!ids.includes(id)) throw new TypeError(`assertionKeyIds names unknown key ${id}`);
  return { '@context': DID_DOCUMENT_CONTEXT, id: did, verificationMethod, assertionMethod: assertion, authentication: assertion };
}

/** `https://host:port/a/b` → `did:web:host%3Aport:a:b` (did:web §3.1, port colon percent-encoded). */
export function didWebFromUrl(url: string): string {
  const u = new URL(url);
  const host = encodeURIComponent(u.host);
  const path = u.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
}

/**
 * Where a did:web document lives: `did:web:host:a:b` → `https://host/a/b/did.json`, and a bare host
 * → `https://host/.well-known/did.json`. `scheme` lets local development resolve over http.
 */
export function didWebDocumentUrl(did: string, options: { scheme?: 'https' | 'http' } = {}): string {
  if (!did.startsWith('did:web:')) throw new TypeError(`Not a did:web: ${did}`);
  const [hostPart, ...path] = did.slice('did:web:'.length).split('#')[0]!.split(':');
  const base = `${options.scheme ?? 'https'}://${decodeURIComponent(hostPart!)}`;
  return path.length === 0 ? `${base}/.well-known/did.json` : `${base}/${path.map(decodeURIComponent).join('/')}/did.json`;
}

/** The DID document of a did:key whose fingerprint (a Multikey publicKeyMultibase) was already checked: one Multikey method, for assertion and authentication. */
export function didKeyDocument(fingerprint: string): DidDocument {
  const base = `did:key:${fingerprint}`;
  const id = `${base}#${fingerprint}`;
  return {
    '@context': DID_DOCUMENT_CONTEXT,
    id: base,
    verificationMethod: [{ id, type: 'Multikey', controller: base, publicKeyMultibase: fingerprint }],
    assertionMethod: [id],
    authentication: [id],
  };
}

/** Resolves a did:key (Ed25519 only) locally: no network, no injected resolver needed. */
export async function resolveDidKey(did: string): Promise<DidDocument> {
  const fingerprint = did.slice('did:key:'.length).split('#')[0]!;
  if (!fingerprint.startsWith('z6Mk')) throw new TypeError(`Unsupported did:key (only Ed25519 z6Mk… keys): ${did}`);
  // Parsing validates the multibase/multicodec header before we publish it as a key.
  await Ed25519Multikey.from({ '@context': MULTIKEY_V1_CONTEXT, type: 'Multikey', publicKeyMultibase: fingerprint });
  return didKeyDocument(fingerprint);
}
