import type { DocumentLoader } from '@laurel/credentials';
import type { Config } from '../config.ts';
import type { SecretBox } from '../keys.ts';
import type { DatabaseHandle, DatabaseTransaction, Dialect } from '../storage/db.ts';
import type { RemoteFetcher } from '../net/safe-fetch.ts';
import { repos, type Repos } from '../storage/repositories/index.ts';
import type { SearchIndex } from '../storage/search/index.ts';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Counters the domain bumps for /metrics (app/metrics.ts); a no-op where nothing scrapes. */
export interface DomainMetrics {
  /** `n` signatures made with `suite` (eddsa-rdfc-2022, or the VC-JWT algorithms RS256 / ES256). */
  signed(suite: string, n: number): void;
}

/** What every use case receives. Wired once, in the composition root (app/compose.ts). */
export interface Deps {
  readonly db: DatabaseHandle;
  readonly dialect: Dialect;
  readonly config: Config;
  readonly clock: () => Date;
  readonly passwords: PasswordHasher;
  /** Wakes the outbox worker after a commit that queued work; a no-op where no worker runs. */
  readonly wake: () => void;
  /** Seals and opens organizations' private keys (AES-256-GCM under a key derived from the master key). */
  readonly secrets: SecretBox;
  /** Bundled JSON-LD contexts for signing; one per process so jsonld's context cache is reused. */
  readonly documentLoader: DocumentLoader;
  /** Fetches other sites' DID documents, status lists and hosted badges, guarded against SSRF (net/safe-fetch.ts). */
  readonly remote: RemoteFetcher;
  /** fetch() for protocols that POST (OpenID Connect token endpoints), with the same SSRF guard (net/guarded-fetch.ts). */
  readonly fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** The inventory search (caches per inventory version; one per process). */
  readonly search: SearchIndex;
  /** Optional: where there is none (a bare test Deps), nothing is counted. */
  readonly metrics?: DomainMetrics;
}

export function nowIso(deps: Pick<Deps, 'clock'>): string {
  return deps.clock().toISOString();
}

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** Runs `fn` in one transaction with repositories bound to it: a state change and its audit event commit together. */
export async function inTransaction<T>(deps: Pick<Deps, 'db'>, fn: (r: Repos, trx: DatabaseTransaction) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute((trx) => fn(repos(trx), trx));
}
