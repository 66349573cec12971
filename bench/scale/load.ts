// Laurel at a million awards: 100,000 programs, 1,000,000 awards and 500,000 earners (× SCALE), written
// in big batches rather than through the per-award use case, in the shapes the real writers make:
// programs through bench/inventory/load.ts (inventory rows and search terms), earners as users with a
// confirmed primary address in multi-row inserts of 2,000, awards through awards.insertMany (award rows,
// search terms, rollups; bench/support/awards.ts) with one block of status indexes per chunk
// (allocateStatusIndexes, so the status lists hold the allocations: 1M awards fill several lists), and
// a sample of SAMPLE awards (default 2,000 × SCALE, at least 200) issued through the real use case
// (issueAward: signed credential, claim token, audit, outbox) and then accepted and made public, so the
// badge pages timed in bench/scale/run.ts show and verify real signed credentials.
// Award i goes to earner ⌊i/2⌋ (two badges each, of two different badge classes); ~55 % accepted
// (earner_user_id set), the rest pending with a claim token `scale-claim-<i>` (hashed as issued).
import { hashToken } from '../../packages/server/src/domain/ids.ts';
import { actorForUser } from '../../packages/server/src/domain/accounts/sessions.ts';
import { allocateStatusIndexes } from '../../packages/server/src/domain/credentials/status-lists.ts';
import type { Deps } from '../../packages/server/src/domain/deps.ts';
import { issueAward } from '../../packages/server/src/domain/issuance/issue-awards.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { loadPrograms } from '../reports/load.ts';
import { benchAwardId, syntheticAward } from '../support/awards.ts';

export interface ScaleSize {
  readonly programs: number;
  readonly awards: number;
  readonly earners: number;
  readonly sample: number;
}

export function scaleSize(scale: number): ScaleSize {
  return {
    programs: Math.round(100_000 * scale),
    awards: Math.round(1_000_000 * scale),
    earners: Math.round(500_000 * scale),
    sample: Number(process.env.SAMPLE ?? Math.max(200, Math.round(2_000 * scale))),
  };
}

export const END = Date.parse('2026-11-30T00:00:00.000Z');
export const scaleAwardId = (i: number) => benchAwardId('0192', i);
export const earnerEmail = (u: number) => `earner${u}@scale.example.edu`;
export const earnerIdOf = (u: number) => `01920000-0000-7000-8000-${u.toString(16).padStart(12, '0')}`;
export const claimToken = (i: number) => `scale-claim-${i}`;
export const isAccepted = (i: number) => (i * 2654435761) % 100 < 55;

export interface ScaleLoad {
  readonly size: ScaleSize;
  /** Ids of the awards issued through the real use case (signed, accepted, public). */
  readonly signed: string[];
}

async function loadEarners(deps: Deps, n: number): Promise<void> {
  const at = new Date(END - 800 * 86_400_000).toISOString();
  for (let u0 = 0; u0 < n; u0 += 2_000) {
    const users = Array.from({ length: Math.min(2_000, n - u0) }, (_, k) => ({
      id: earnerIdOf(u0 + k), email: earnerEmail(u0 + k), name: `Earner Number${u0 + k}`, password_hash: null, status: 'active' as const, created_at: at, updated_at: at,
    }));
    await deps.db.insertInto('users').values(users).execute();
  }
}

async function loadAwards(deps: Deps, size: ScaleSize, log: (s: string) => void): Promise<void> {
  const r = repos(deps.db);
  const orgs = (await r.organizations.list()).filter((o) => ['red-river', 'prairie-state', 'northern-plains'].includes(o.slug));
  const classes = (await Promise.all(orgs.map((o) => r.badgeClasses.listForOrganization(o.id)))).flat();
  const t0 = performance.now();
  for (let i0 = 0; i0 < size.awards; i0 += 5_000) {
    const n = Math.min(5_000, size.awards - i0);
    // One block of status indexes per organization per chunk, as bulk issuing takes them.
    const byOrg = new Map<string, number[]>();
    for (let k = 0; k < n; k++) {
      const org = classes[(i0 + k) % classes.length]!.organizationId;
      byOrg.set(org, [...(byOrg.get(org) ?? []), i0 + k]);
    }
    const status = new Map<number, { seq: number; index: number }>();
    for (const [orgId, is] of byOrg) {
      const org = orgs.find((o) => o.id === orgId)!;
      const got = await allocateStatusIndexes(deps, { organization: org, purpose: 'revocation', count: is.length });
      is.forEach((i, k) => status.set(i, { seq: got[k]!.listSeq, index: got[k]!.index }));
    }
    const chunk = Array.from({ length: n }, (_, k) => {
      const i = i0 + k;
      const u = Math.floor(i / 2);
      const at = new Date(END - Math.floor(((size.awards - i) / size.awards) * 730 * 86_400_000)).toISOString();
      const accepted = isAccepted(i);
      const s = status.get(i)!;
      return syntheticAward(i, classes[i % classes.length]!, {
        id: scaleAwardId(i), issuedAt: at, recipientEmail: earnerEmail(u), recipientName: `Earner Number${u}`,
        earnerUserId: accepted ? earnerIdOf(u) : null, claimState: accepted ? 'accepted' : 'pending', claimedAt: accepted ? at : null,
        visibility: accepted && i % 4 === 0 ? 'public' : 'private', claimTokenHash: hashToken(claimToken(i)),
        expiresAt: i % 3 === 0 ? new Date(Date.parse(at) + (180 + (i % 900)) * 86_400_000).toISOString() : null,
        statusListSeq: s.seq, statusIndex: s.index,
      });
    });
    await deps.db.transaction().execute(async (tx) => repos(tx).awards.insertMany(chunk));
    if ((i0 / 5_000) % 20 === 19) log(`  awards ${(i0 + n).toLocaleString('en-US')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
}

/** Issues `n` awards of Red River's badge classes through the real use case, then accepts them and makes them public. */
async function loadSigned(deps: Deps, n: number): Promise<string[]> {
  const r = repos(deps.db);
  const issuer = (await actorForUser(deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
  const org = (await r.organizations.findBySlug('red-river'))!;
  const classes = await r.badgeClasses.listForOrganization(org.id);
  const ids: string[] = [];
  for (let k = 0; k < n; k++) {
    if (!classes.length) throw new Error('no Red River badge class accepts awards');
    const bc = classes[k % classes.length]!;
    const a = await issueAward(deps, issuer, {
      badgeClassId: bc.id,
      raw: { recipient_email: `signed${k}@scale.example.edu`, recipient_name: k % 5 === 0 ? `Zoë Ñandú ${k}` : `Signed Earner ${k}`, issuer_earner_id: `SX${k}`, suppress_notification: true, ...(k % 3 === 0 ? { evidence_url: `https://evidence.example.edu/${k}`, evidence_narrative: 'Capstone project' } : {}) },
    }).catch((err: unknown) => {
      // A badge class that takes no awards (e.g. an archived one) leaves the rotation.
      classes.splice(classes.indexOf(bc), 1);
      if (!classes.length) throw err;
      return undefined;
    });
    if (a) ids.push(a.id);
    else k--;
  }
  for (let k = 0; k < ids.length; k += 500) {
    await deps.db.updateTable('awards').set((eb) => ({ claim_state: 'accepted', visibility: 'public', claimed_at: eb.ref('issued_at') })).where('id', 'in', ids.slice(k, k + 500)).execute();
  }
  return ids;
}

export async function loadScale(deps: Deps, size: ScaleSize, log: (s: string) => void = console.log): Promise<void> {
  let t0 = performance.now();
  const r = repos(deps.db);
  const orgs = (await r.organizations.list()).filter((o) => ['red-river', 'prairie-state', 'northern-plains'].includes(o.slug));
  await loadPrograms(deps, orgs, size.programs, END);
  log(`programs ${size.programs.toLocaleString('en-US')} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  t0 = performance.now();
  await loadEarners(deps, size.earners);
  log(`earners ${size.earners.toLocaleString('en-US')} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  t0 = performance.now();
  await loadAwards(deps, size, log);
  log(`awards ${size.awards.toLocaleString('en-US')} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  t0 = performance.now();
  await loadSigned(deps, size.sample);
  log(`signed sample ${size.sample.toLocaleString('en-US')} (issueAward) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

/** The signed sample's ids (issued by loadScale): the awards whose badge pages are timed. */
export async function signedSample(deps: Deps): Promise<string[]> {
  const rows = await deps.db.selectFrom('awards').select('id').where('recipient_email', 'like', 'signed%@scale.example.edu').execute();
  return rows.map((x) => x.id);
}
