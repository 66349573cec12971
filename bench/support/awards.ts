// Synthetic awards for the benches that load hundreds of thousands of them (exports, register, reports):
// one row shape with the same defaults, each bench choosing only its spread (dates, states, expiry,
// revocation, the stored credential), and one loader writing them through awards.insertMany in
// transactions of 5,000 so every rollup and search term is kept as in production.
import type { Deps } from '../../packages/server/src/domain/deps.ts';
import type { Award } from '../../packages/server/src/domain/issuance/types.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';

export interface BenchBadgeClass {
  readonly id: string;
  readonly organizationId: string;
}

const hex = (i: number, w: number) => i.toString(16).padStart(w, '0');
/** A UUID-shaped id for award i; `prefix` keeps benches' ids apart ('0190' exports/register, '0191' reports). */
export const benchAwardId = (prefix: string, i: number): string => `${prefix}${hex(i, 4).slice(-4)}-0000-7000-8000-${hex(i, 12)}`;

/** What a bench's spread decides for award i; everything else takes the defaults below. */
export type AwardSpread = Pick<Award, 'id' | 'issuedAt'> & Partial<Omit<Award, 'organizationId' | 'badgeClassId'>>;

/** Award i of badge class `bc`: learner i's, pending and private unless the spread says otherwise. */
export function syntheticAward(i: number, bc: BenchBadgeClass, s: AwardSpread): Award {
  return {
    organizationId: bc.organizationId,
    badgeClassId: bc.id,
    credentialId: `urn:uuid:${s.id}`,
    recipientEmail: `learner${i}@bench.example.edu`,
    recipientName: `Learner Number${i}`,
    issuerEarnerId: `S${i}`,
    earnerUserId: null,
    expiresAt: null,
    evidenceUrl: null,
    evidenceNarrative: null,
    claimState: 'pending',
    claimedAt: null,
    visibility: 'private',
    revokedAt: null,
    revocationReason: null,
    suspendedAt: null,
    suspensionReason: null,
    statusListSeq: 1,
    statusIndex: i,
    credential: `{"id":"urn:uuid:${s.id}"}`,
    claimTokenHash: `h${i}`,
    batchId: null,
    batchRow: null,
    reminderSentAt: null,
    notify: false,
    createdBy: null,
    createdAt: s.issuedAt,
    updatedAt: s.issuedAt,
    ...s,
  };
}

/** Writes awards 0..count-1 made by `award`, 5,000 per transaction, logging every `every` awards. */
export async function insertBenchAwards(deps: Deps, opts: { count: number; award: (i: number) => Award; every?: number; log?: (s: string) => void }): Promise<number> {
  const t0 = performance.now();
  const every = opts.every ?? 200_000;
  for (let i = 0; i < opts.count; i += 5_000) {
    const chunk = Array.from({ length: Math.min(5_000, opts.count - i) }, (_, k) => opts.award(i + k));
    await deps.db.transaction().execute(async (tx) => repos(tx).awards.insertMany(chunk));
    if (i % every === 0 && i) opts.log?.(`  awards ${i.toLocaleString('en-US')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  return (performance.now() - t0) / 1000;
}
