// The reports bench's data, written through the real repositories so every rollup is kept as in
// production: synthetic programs (bench/inventory/load.ts insertSynthetic), awards (awards.insertMany,
// transactions of 5,000), requests moved through their workflow (requests.transition +
// requestEvents.insert, which counts each event), badge events (recordBadgeEvent).
import type { Award } from '../../packages/server/src/domain/issuance/types.ts';
import type { Deps } from '../../packages/server/src/domain/deps.ts';
import { newId } from '../../packages/server/src/domain/ids.ts';
import { recordBadgeEvent } from '../../packages/server/src/domain/reporting/badge-events.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { insertSynthetic } from '../inventory/load.ts';
import { benchAwardId, insertBenchAwards, syntheticAward, type BenchBadgeClass } from '../support/awards.ts';

type Org = Parameters<typeof insertSynthetic>[1]['orgs'][number];
type BadgeClass = BenchBadgeClass;
const DAY = 86_400_000;
const DAYS = 730; // ~24 months back from `end`

export function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

export const awardIdOf = (i: number) => benchAwardId('0191', i);

/**
 * Award i of n: issued evenly over the 730 days before `end`; ~55 % accepted (claimed 0–59 days after
 * issue, never after `end`), 5 % declined, the rest pending; a third with an expiry (up to ~3 years on),
 * 1/50 revoked, 1/200 suspended, a quarter of the accepted ones public.
 */
export function benchAward(i: number, n: number, classes: readonly BadgeClass[], end: number): Award {
  const bc = classes[i % classes.length]!;
  const issued = end - Math.floor(((n - i) / n) * DAYS * DAY);
  const at = new Date(issued).toISOString();
  const id = awardIdOf(i);
  const r = (i * 2654435761) % 100;
  const state = r < 55 ? 'accepted' : r < 60 ? 'declined' : 'pending';
  const claimedAt = state === 'pending' ? null : new Date(Math.min(end, issued + (i % 60) * DAY + (i % 86_400) * 1000)).toISOString();
  const revoked = i % 50 === 0;
  const suspended = !revoked && i % 200 === 7;
  return syntheticAward(i, bc, {
    id, issuedAt: at, expiresAt: i % 3 === 0 ? new Date(issued + (180 + (i % 900)) * DAY).toISOString() : null,
    claimState: state, claimedAt, visibility: state === 'accepted' && i % 4 === 0 ? 'public' : 'private',
    revokedAt: revoked ? at : null, revocationReason: revoked ? 'bench' : null, suspendedAt: suspended ? at : null, suspensionReason: suspended ? 'bench' : null,
  });
}

export async function loadPrograms(deps: Deps, orgs: readonly Org[], count: number, now: number): Promise<string[]> {
  const rand = lcg(7);
  const ids: string[] = [];
  for (let done = 0; done < count; done += 1000) {
    ids.push(...(await deps.db.transaction().execute((trx) => insertSynthetic(trx, { orgs, count: Math.min(1000, count - done), first: done + 1, rand, now }))));
  }
  return ids;
}

export async function loadAwards(deps: Deps, classes: readonly BadgeClass[], count: number, end: number, log: (s: string) => void): Promise<void> {
  await insertBenchAwards(deps, { count, award: (i) => benchAward(i, count, classes, end), log });
}

// The paths a request takes (the endorsed path through a recommendation, the listing path straight to a
// decision); some stop part-way (still open on the dashboards), some go round changes_requested.
const ENDORSED: readonly (readonly string[])[] = [
  ['submitted', 'in_review', 'recommended_approve', 'approved'],
  ['submitted', 'in_review', 'recommended_deny', 'denied'],
  ['submitted', 'in_review', 'changes_requested', 'resubmitted', 'in_review', 'recommended_approve', 'approved'],
  ['submitted', 'in_review', 'recommended_approve'],
  ['submitted', 'in_review'],
  ['submitted', 'withdrawn'],
];
const LISTING: readonly (readonly string[])[] = [
  ['submitted', 'in_review', 'listed'],
  ['submitted', 'in_review', 'rejected'],
  ['submitted', 'in_review', 'changes_requested', 'resubmitted', 'in_review', 'listed'],
  ['submitted'],
  ['submitted', 'in_review'],
];

/** `count` requests on programs from `programIds` (one each), moved through their states over ~24 months. */
export async function loadRequests(deps: Deps, programIds: readonly string[], count: number, end: number): Promise<number> {
  const rand = lcg(11);
  const r0 = repos(deps.db);
  let events = 0;
  for (let done = 0; done < count; done += 500) {
    const slice = programIds.slice(done, Math.min(count, done + 500));
    const programs = await Promise.all(slice.map((id) => r0.programs.findById(id)));
    await deps.db.transaction().execute(async (tx) => {
      const r = repos(tx);
      for (const p of programs) {
        if (!p) continue;
        const endorsed = p.endorsement === 'endorsed';
        const paths = endorsed ? ENDORSED : LISTING;
        const states = paths[Math.floor(rand() * paths.length)]!;
        let at = end - Math.floor(rand() * DAYS * DAY);
        const created = new Date(at).toISOString();
        const revisionId = newId();
        await r.revisions.insert({ id: revisionId, programId: p.id, number: 2, title: `Bench revision of ${p.id}`, form: {}, createdBy: null, at: created });
        const id = newId();
        await r.requests.insert({ id, programId: p.id, revisionId, organizationId: p.organizationId, kind: 'revision', endorsementRequested: endorsed, title: `Bench request ${done}`, credentialType: null, state: 'draft', version: 1, createdBy: null, createdAt: created, updatedAt: created, submittedAt: null, decidedAt: null });
        let from = 'draft';
        let version = 1;
        for (const to of states) {
          at = Math.min(end, at + Math.floor((0.1 + rand() * 20) * DAY));
          const iso = new Date(at).toISOString();
          const decided = ['approved', 'denied', 'listed', 'rejected'].includes(to);
          const ok = await r.requests.transition({ id, expectedVersion: version, fromState: from, toState: to, at: iso, ...(from === 'draft' ? { submittedAt: iso } : {}), ...(decided ? { decidedAt: iso } : {}) });
          if (!ok) throw new Error(`request ${id}: ${from} → ${to} did not apply`);
          await r.requestEvents.insert({ id: newId(), requestId: id, at: iso, actorUserId: null, action: 'transition', fromState: from, toState: to, comment: null });
          version++;
          from = to;
          events++;
        }
      }
    });
  }
  return events;
}

/** `count` badge events (views, verifications, LinkedIn clicks, 6:3:1) on awards spread over the load. */
export async function loadBadgeEvents(deps: Deps, awards: number, count: number): Promise<void> {
  const kinds = ['view', 'view', 'view', 'view', 'view', 'view', 'verify', 'verify', 'verify', 'linkedin'] as const;
  for (let i = 0; i < count; i++) {
    const ok = await recordBadgeEvent(deps, { awardId: awardIdOf((i * 7919) % awards), kind: kinds[i % kinds.length]! }, (err) => {
      throw err;
    });
    if (!ok) throw new Error('badge event not counted');
  }
}
