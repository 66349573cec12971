/**
 * What the verifier needs from the outside world. Every member is optional; a missing resolver
 * turns the checks that need it into `unknown`, never into a pass.
 *
 * Resolver contract: return the document; return `null`/`undefined` when it definitively does not
 * exist (→ `failed`); throw when it could not be fetched (→ `unknown`).
 */
export interface VerifyDeps {
  /** DID → DID document (did:web via the server's own store or HTTP). did:key never needs this. */
  resolveDid?: (did: string) => Promise<unknown>;
  /** https documents: bare keys / key documents, OB 2.0 hosted assertions, badge classes, issuers. */
  fetchDocument?: (url: string) => Promise<unknown>;
  /** Status list credential URL → the credential (object, JSON text or VC-JWT). Falls back to fetchDocument. */
  fetchStatusList?: (url: string) => Promise<unknown>;
  /** Clock; defaults to the system clock. */
  now?: () => Date;
  /** Tolerance for validFrom/validUntil comparisons (default 0). */
  clockSkewSeconds?: number;
  /** Verified status lists kept briefly between verifications that share these resolvers. */
  statusListCache?: import('./status-cache.ts').StatusListCache;
  /** When set, a `recipient` check confirms the credential was awarded to this email or id. */
  recipient?: { email?: string; id?: string };
}
