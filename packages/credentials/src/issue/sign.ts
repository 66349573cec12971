import { createHash } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { base58btcEncode } from './base58.ts';
import jsigs from 'jsonld-signatures';
import { CredentialIssuancePurpose } from '@digitalbazaar/vc';
import { createDocumentLoader, type DocumentLoader } from '../contexts/index.ts';
import { isClrCredential } from '../model/clr.ts';
import { validateClrSchema } from '../model/clr-schema.ts';
import { assertCanonicalSchema, schemaFor } from '../model/schema.ts';
import type { DataIntegrityProof as ProofObject } from '../model/types.ts';
import { CanonicalCache } from './canonical.ts';
import type { Signer } from './keys.ts';

// Interfaces (OpenBadgeCredential) have no index signature, so the public surface takes `object`.
type Credential = object;
type Obj = { [key: string]: unknown };

export class IssueError extends Error {
  constructor(readonly code: 'ISSUER_KEY_MISMATCH' | 'UNSUPPORTED_ALGORITHM' | 'INVALID_CREDENTIAL', message: string) {
    super(message);
    this.name = 'IssueError';
  }
}

export function issuerIdOf(credential: Credential): string | undefined {
  const issuer = (credential as Obj).issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') return (issuer as { id: string }).id;
  return undefined;
}

/**
 * Checks shared by both proof formats: the issuer must be the key's controller (verifiers reject
 * anything else), and an Open Badges credential must pass the canonical OB 3.0 schema (a ClrCredential, the CLR 2.0 one).
 */
export function preflight(credential: Credential, signer: Signer): void {
  if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
    throw new IssueError('INVALID_CREDENTIAL', 'Credential must be a JSON object');
  }
  const issuerId = issuerIdOf(credential);
  if (issuerId !== signer.controller) {
    throw new IssueError('ISSUER_KEY_MISMATCH', `Issuer "${String(issuerId)}" is not the controller "${signer.controller}" of key ${signer.id}`);
  }
  if (!signer.id.startsWith(`${signer.controller}#`) && !signer.id.startsWith('https:')) {
    throw new IssueError('ISSUER_KEY_MISMATCH', `Key id ${signer.id} is not an absolute id under ${signer.controller}`);
  }
  if (schemaFor(credential) && schemaFor(credential) !== 'Profile') assertCanonicalSchema(credential);
  if (isClrCredential(credential)) {
    const clr = validateClrSchema(credential, { tolerateCompacted: false });
    if (!clr.valid) throw new IssueError('INVALID_CREDENTIAL', `Credential does not match the CLR 2.0 ClrCredential schema: ${clr.errors.slice(0, 5).join('; ')}`);
  }
}

export interface SignDataIntegrityOptions<T extends Credential> {
  credential: T;
  signer: Signer;
  /** Reuse one loader across calls: jsonld.js caches resolved contexts per loader result. */
  documentLoader?: DocumentLoader;
  /**
   * Reuses the RDF of the issuer and achievement across a batch (see canonical.ts). Defaults to one
   * cache per document loader, so callers that reuse a loader get it without asking.
   */
  cache?: CanonicalCache;
  /** Proof `created`; defaults to now. Pass `null` to omit it. */
  created?: Date | string | null;
}

/**
 * Adds a `DataIntegrityProof` (eddsa-rdfc-2022) and returns the signed credential with `proof` as
 * an array, which the canonical OB 3.0 schema requires. The input is not mutated.
 */
export async function signDataIntegrity<T extends Credential>(options: SignDataIntegrityOptions<T>): Promise<T & { proof: ProofObject[] }> {
  const { credential, signer } = options;
  if (signer.algorithm !== 'Ed25519') {
    throw new IssueError('UNSUPPORTED_ALGORITHM', `Data Integrity eddsa-rdfc-2022 needs an Ed25519 key; ${signer.id} is ${signer.algorithm}`);
  }
  preflight(credential, signer);
  if ('proof' in credential) throw new IssueError('INVALID_CREDENTIAL', 'Credential already has a proof; sign the unsigned credential');
  const documentLoader = options.documentLoader ?? createDocumentLoader();
  const cache = options.cache ?? cacheFor(documentLoader);
  const fast = await signByTemplate(credential, signer, options.created, cache, documentLoader);
  if (fast) return fast as T & { proof: ProofObject[] };
  const suite = new DataIntegrityProof({
    cryptosuite: cache.cryptosuite(),
    date: options.created === undefined ? new Date() : options.created,
    signer: { id: signer.id, algorithm: 'Ed25519', sign: ({ data }: { data: Uint8Array }) => signer.sign(data) },
  });
  const signed = await jsigs.sign(structuredClone(credential), {
    suite,
    purpose: new CredentialIssuancePurpose(),
    documentLoader,
  });
  const proof = signed.proof;
  signed.proof = Array.isArray(proof) ? proof : [proof];
  return signed as T & { proof: ProofObject[] };
}

const VC_2_0_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** data-integrity's util.w3cDate: ISO 8601 without milliseconds. */
const w3cDate = (d: Date) => `${d.toISOString().slice(0, -5)}Z`;

/**
 * The same proof as the jsonld-signatures path below (DataIntegrityProof + CredentialIssuancePurpose), made
 * directly when the credential and the proof configuration both canonicalise through a template
 * (template.ts): the proof's fields in the library's order, SHA-256 of the canonical proof configuration
 * then of the document, Ed25519, multibase base58btc. Anything else — no VC 2.0 context (the library would
 * add its suite context), an invalid `created` (the library throws), a shape no template covers — returns
 * undefined and the caller takes the library path. Tests compare both byte for byte (sign-template.test.ts).
 */
async function signByTemplate(credential: Credential, signer: Signer, created: Date | string | null | undefined, cache: CanonicalCache, documentLoader: DocumentLoader): Promise<Obj | undefined> {
  const context = (credential as Obj)['@context'];
  if (!(Array.isArray(context) ? context.includes(VC_2_0_CONTEXT) : context === VC_2_0_CONTEXT)) return undefined;
  const proof: Obj = { type: 'DataIntegrityProof' };
  if (created !== null) {
    const date = created === undefined ? new Date() : new Date(created);
    if (created === '' || Number.isNaN(date.getTime())) return undefined;
    proof.created = w3cDate(date);
  }
  proof.verificationMethod = signer.id;
  proof.cryptosuite = 'eddsa-rdfc-2022';
  proof.proofPurpose = 'assertionMethod';
  const opts = { documentLoader, base: null, safe: true };
  const doc = await cache.canonizeByTemplate(credential, opts);
  if (doc === undefined) return undefined;
  const config = await cache.canonizeByTemplate({ '@context': context, ...proof }, opts);
  if (config === undefined) return undefined;
  const signature = await signer.sign(Buffer.concat([sha256(config), sha256(doc)]));
  proof.proofValue = `z${base58btcEncode(signature)}`;
  const signed = structuredClone(credential) as Obj;
  signed.proof = [proof];
  return signed;
}

const caches = new WeakMap<DocumentLoader, CanonicalCache>();
function cacheFor(loader: DocumentLoader): CanonicalCache {
  let c = caches.get(loader);
  if (!c) caches.set(loader, (c = new CanonicalCache()));
  return c;
}
