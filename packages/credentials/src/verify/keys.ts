// Verification keys: dereferences a verification method (did:key, did:web, https) and checks that its
// controller authorises it for the relationship asked (assertionMethod, or authentication for presentations).
import type { JsonWebKey } from 'node:crypto';
import type { VerifyDeps } from './deps.ts';
import { resolveAnyDidKey } from './key-material.ts';

export interface ResolvedKey {
  /** Absolute verification method id. */
  id: string;
  controller: string | undefined;
  type: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: JsonWebKey;
  /** A bare JWK fetched from an https `kid`: no controller statement to check. */
  bare: boolean;
}

export type KeyResolution =
  | { status: 'ok'; key: ResolvedKey }
  | { status: 'failed' | 'unknown'; message: string };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function ids(value: unknown, base: string): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((v) => {
    const id = typeof v === 'string' ? v : asObject(v)?.id;
    if (typeof id !== 'string') return [];
    return [id.startsWith('#') ? base + id : id];
  });
}

function toKey(vm: Record<string, unknown>, id: string, bare = false): ResolvedKey {
  return {
    id,
    controller: typeof vm.controller === 'string' ? vm.controller : undefined,
    type: typeof vm.type === 'string' ? vm.type : 'unknown',
    publicKeyMultibase: typeof vm.publicKeyMultibase === 'string' ? vm.publicKeyMultibase : undefined,
    publicKeyJwk: asObject(vm.publicKeyJwk) as JsonWebKey | undefined,
    bare,
  };
}

/** The verification relationship a key must have: assertionMethod for credentials, authentication for presentations. */
export type Relationship = 'assertionMethod' | 'authentication';

async function resolveFromDid(vmId: string, deps: VerifyDeps, rel: Relationship): Promise<KeyResolution> {
  const did = vmId.split('#')[0]!;
  let doc: Record<string, unknown> | undefined;
  if (did.startsWith('did:key:')) {
    try {
      doc = (await resolveAnyDidKey(did)) as unknown as Record<string, unknown>;
    } catch (error) {
      return { status: 'failed', message: `Unsupported or invalid did:key ${did}: ${errorText(error)}` };
    }
  } else {
    if (!deps.resolveDid) return { status: 'unknown', message: `No DID resolver was provided to resolve ${did}` };
    let raw: unknown;
    try {
      raw = await deps.resolveDid(did);
    } catch (error) {
      return { status: 'unknown', message: `DID document for ${did} could not be retrieved: ${errorText(error)}` };
    }
    if (raw === null || raw === undefined) return { status: 'failed', message: `DID ${did} does not exist (resolver found no document)` };
    doc = asObject(raw);
    if (!doc) return { status: 'failed', message: `DID document for ${did} is not a JSON object` };
  }
  if (doc.id !== did) return { status: 'failed', message: `DID document id "${String(doc.id)}" does not match ${did}` };
  const methods = [...(Array.isArray(doc.verificationMethod) ? doc.verificationMethod : []), ...(Array.isArray(doc[rel]) ? doc[rel] : [])]
    .map(asObject)
    .filter((x): x is Record<string, unknown> => !!x);
  const vm = methods.find((m) => typeof m.id === 'string' && (m.id === vmId || did + m.id === vmId));
  if (!vm) return { status: 'failed', message: `Key ${vmId} is not listed in the DID document of ${did}` };
  if (!ids(doc[rel], did).includes(vmId)) {
    return { status: 'failed', message: `Key ${vmId} is not authorised for ${rel} in the DID document of ${did}` };
  }
  return { status: 'ok', key: toKey(vm, vmId) };
}

async function resolveFromHttps(vmId: string, deps: VerifyDeps, rel: Relationship): Promise<KeyResolution> {
  if (!deps.fetchDocument) return { status: 'unknown', message: `No document fetcher was provided to retrieve key ${vmId}` };
  let raw: unknown;
  try {
    raw = await deps.fetchDocument(vmId);
  } catch (error) {
    return { status: 'unknown', message: `Key document ${vmId} could not be retrieved: ${errorText(error)}` };
  }
  const doc = asObject(raw);
  if (!doc) return { status: 'failed', message: `Key document ${vmId} was not found` };
  if (typeof doc.kty === 'string') return { status: 'ok', key: toKey({ publicKeyJwk: doc, type: 'JsonWebKey' }, vmId, true) };
  const key = toKey(doc, vmId);
  if (!key.controller) return { status: 'failed', message: `Key document ${vmId} names no controller` };
  let controllerDoc: Record<string, unknown> | undefined;
  try {
    const res = key.controller.startsWith('did:') ? await deps.resolveDid?.(key.controller) : await deps.fetchDocument(key.controller);
    controllerDoc = asObject(res);
  } catch (error) {
    return { status: 'unknown', message: `Controller document ${key.controller} could not be retrieved: ${errorText(error)}` };
  }
  if (!controllerDoc) return { status: 'failed', message: `Controller document ${key.controller} was not found` };
  if (!ids(controllerDoc[rel], key.controller).includes(vmId)) {
    return { status: 'failed', message: `Controller ${key.controller} does not list ${vmId} under ${rel}` };
  }
  return { status: 'ok', key };
}

/**
 * Dereferences a verification method and checks that its controller authorises it for
 * `assertionMethod` (or `authentication`, for a presentation's proof). Returns `unknown` only when a document could not be fetched.
 */
export async function resolveKey(vmId: string, deps: VerifyDeps, rel: Relationship = 'assertionMethod'): Promise<KeyResolution> {
  if (typeof vmId !== 'string' || vmId.length === 0) return { status: 'failed', message: 'No verification method / kid given' };
  if (vmId.startsWith('did:')) return resolveFromDid(vmId, deps, rel);
  if (vmId.startsWith('https:') || vmId.startsWith('http:')) return resolveFromHttps(vmId, deps, rel);
  return { status: 'failed', message: `Unsupported key identifier ${vmId} (expected a DID URL or https URL)` };
}
