// Status lists, once verified, kept briefly: a badge page or a batch of verifications checks the same
// few lists over and over, and each check otherwise re-verifies the list credential's own signature.
import { createHash } from 'node:crypto';
import type { Check } from './report.ts';

type Obj = Record<string, unknown>;

export interface VerifiedStatusList {
  /** The list credential, or why it cannot be trusted (the first check that did not pass). */
  readonly list: Obj | undefined;
  readonly bad: Check | undefined;
  /** When (the verifier's clock, ms) it was checked, and until when the result may be reused. */
  readonly checkedAt: number;
  readonly until: number;
  /** Decoded bits, filled in on first use. */
  bits?: Uint8Array;
}

/**
 * A cache of verified status list credentials, keyed by URL and the exact content fetched, so a changed
 * list (a revocation) is a miss at once. An entry is reused for at most `ttlMs` (default 60 s, bounding
 * how long a change to the issuer's DID document can go unnoticed) and never past the list's own
 * `validUntil`. Share one only between verifications that use the same resolvers (`VerifyDeps`).
 */
export class StatusListCache {
  private readonly entries = new Map<string, VerifiedStatusList>();
  constructor(readonly opts: { ttlMs?: number; max?: number } = {}) {}

  static key(url: string, raw: unknown): string {
    const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : JSON.stringify(raw);
    return `${url}\n${createHash('sha256').update(text).digest('base64url')}`;
  }

  get(key: string, now: number): VerifiedStatusList | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now < e.checkedAt || now >= e.until) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  set(key: string, value: Omit<VerifiedStatusList, 'until'>, validUntil: number | undefined): void {
    const until = Math.min(value.checkedAt + (this.opts.ttlMs ?? 60_000), validUntil ?? Number.POSITIVE_INFINITY);
    if (this.entries.size >= (this.opts.max ?? 256)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...value, until });
  }
}
