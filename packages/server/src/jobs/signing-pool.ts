// Signing spread over cores for bulk issuing: a piscina pool of worker threads, each signing slices of
// a chunk. The main thread keeps serving HTTP and writing to the database meanwhile.
import { Piscina } from 'piscina';
import type { SignedAward } from '../domain/issuance/award-signing.ts';
import type { SignMany } from '../domain/issuance/issue-awards.ts';

/** Credentials per task: small enough to balance threads, large enough to amortise the message hop. */
const SLICE = 25;

export interface SigningPool {
  readonly signMany: SignMany;
  close(): Promise<void>;
}

export function createSigningPool(threads: number): SigningPool {
  let pool: Piscina | undefined;
  const get = () => (pool ??= new Piscina({ filename: new URL('./sign-worker.mjs', import.meta.url).href, minThreads: threads, maxThreads: threads, idleTimeout: 60_000, atomics: 'disabled', resourceLimits: { maxYoungGenerationSizeMb: 16 } }));
  return {
    async signMany(key, credentials) {
      const p = get();
      const slices: Promise<SignedAward[]>[] = [];
      for (let i = 0; i < credentials.length; i += SLICE) slices.push(p.run({ key, credentials: credentials.slice(i, i + SLICE) }) as Promise<SignedAward[]>);
      return (await Promise.all(slices)).flat();
    },
    async close() {
      if (pool) await pool.destroy();
    },
  };
}
