import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import ob300 from './ob3/context.json' with { type: 'json' };
import ob301 from './ob3/context-3.0.1.json' with { type: 'json' };
import ob302 from './ob3/context-3.0.2.json' with { type: 'json' };
import ob303 from './ob3/context-3.0.3.json' with { type: 'json' };
import obExtensions from './ob3/extensions.json' with { type: 'json' };
import ob2 from './ob2-context.json' with { type: 'json' };
import ed25519Signature2020 from './ed25519-signature-2020-v1.json' with { type: 'json' };
import clr200 from './clr/context.json' with { type: 'json' };
import clr201 from './clr/context-2.0.1.json' with { type: 'json' };

export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB3_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';
/** CLR 2.0's context; a ClrCredential's @context is VC 2.0, this, then OB 3.0.3 (model/clr.ts). */
export const CLR_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const STATUS_LIST_V1_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';
/** The Ed25519Signature2020 suite's context: what the DCC Learner Credential Wallet's DIDAuth presentations use (verify/ed25519-signature-2020.ts). */
export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

/** A JSON-LD remote document as jsonld.js expects from a document loader. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/**
 * Resolves a non-context document (a DID document, a verification method, an https key or
 * status list). Return `undefined` when the document does not exist; throw when it could not be
 * fetched — the verifier reports the former as `failed` and the latter as `unknown`.
 */
export type DocumentResolver = (url: string) => Promise<unknown>;

function buildContextMap(): ReadonlyMap<string, unknown> {
  const map = new Map<string, unknown>();
  const add = (entries: Iterable<[string, unknown]>) => {
    for (const [url, doc] of entries) map.set(url, doc);
  };
  add(credentialsContexts);
  add(dataIntegrityContext.contexts);
  add(multikeyContext.contexts);
  add(didContext.contexts);
  add(statusListContexts);
  add([
    ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', ob300],
    ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.0.json', ob300],
    ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', ob301],
    ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', ob302],
    [OB3_CONTEXT, ob303],
    [OB3_EXTENSIONS_CONTEXT, obExtensions],
    [OB2_CONTEXT, ob2],
    [ED25519_2020_CONTEXT, ed25519Signature2020],
    ['https://purl.imsglobal.org/spec/clr/v2p0/context.json', clr200],
    [CLR_CONTEXT, clr201],
    // The OB 2.0 context's document URL behind the w3id redirect.
    ['https://openbadgespec.org/v2/context.json', ob2],
  ]);
  return map;
}

/**
 * The bundled contexts are immutable data shared by every loader; building them once is what makes
 * jsonld.js's own resolved-context cache effective across calls.
 */
const BUNDLED: ReadonlyMap<string, unknown> = buildContextMap();

export function bundledContextUrls(): string[] {
  return [...BUNDLED.keys()];
}

export function isBundledContext(url: string): boolean {
  return BUNDLED.has(url);
}

export class UnknownDocumentError extends Error {
  readonly code = 'UNKNOWN_DOCUMENT';
  constructor(readonly url: string) {
    super(`Document "${url}" is not bundled and no resolver handles it; contexts are never fetched.`);
    this.name = 'UnknownDocumentError';
  }
}

export interface DocumentLoaderOptions {
  /** Called for URLs that are not bundled contexts (did:, https: documents). */
  resolve?: DocumentResolver;
}

/**
 * Offline JSON-LD document loader. Bundled contexts resolve from memory; any other URL goes to
 * `resolve` when given (for DID documents and keys), otherwise it is an error — never a fetch.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const { resolve } = options;
  return async (url: string) => {
    const ctx = BUNDLED.get(url);
    if (ctx !== undefined) return { contextUrl: null, documentUrl: url, document: ctx };
    if (resolve) {
      const doc = await resolve(url);
      if (doc !== undefined && doc !== null) return { contextUrl: null, documentUrl: url, document: doc };
    }
    throw new UnknownDocumentError(url);
  };
}
