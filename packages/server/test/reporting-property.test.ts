// A property of the reporting rollups (issue #16): after any sequence of writes through the repositories —
// awards issued (one or many), accepted, declined, revoked, suspended, reinstated, made public or private;
// inventory entries listed, revised and removed; request events on any path — some of them inside a
// transaction that rolls back, the rollups the writers kept equal the rollups counted again from the base
// rows by the migration's backfill (which reporting.test.ts checks against direct counts). Both dialects.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { hashToken, newId, newToken } from '../src/domain/ids.ts';
import type { Award } from '../src/storage/repositories/awards.ts';
import type { Organization } from '../src/storage/repositories/organizations.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { rebuildRollups } from '../src/storage/repositories/rollups-backfill.ts';
import type { Executor } from '../src/storage/repositories/types.ts';
import { makeBadgeClass, type FactoryBadgeClass } from './factories/awards.ts';
import { makeInstitution } from './factories/organizations.ts';
import { makeRequest } from './factories/requests.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { snapshot } from './support/reporting-direct.ts';

const STATES = ['draft', 'submitted', 'in_review', 'changes_requested', 'resubmitted', 'recommended_approve', 'recommended_deny', 'approved', 'denied', 'listed', 'rejected', 'withdrawn', 'active', 'suspended'];
const idx = fc.nat({ max: 40 });
const op = fc.oneof(
  fc.record({ k: fc.constant('issue' as const), bc: fc.nat({ max: 2 }), many: fc.nat({ max: 3 }), expiresInDays: fc.option(fc.integer({ min: -30, max: 200 })) }),
  fc.record({ k: fc.constant('claim' as const), i: idx, state: fc.constantFrom('accepted' as const, 'declined' as const, 'pending' as const) }),
  fc.record({ k: fc.constant('revoke' as const), i: idx }),
  fc.record({ k: fc.constant('suspend' as const), i: idx, on: fc.boolean() }),
  fc.record({ k: fc.constant('visibility' as const), i: idx, pub: fc.boolean() }),
  fc.record({
    k: fc.constant('list' as const),
    p: fc.nat({ max: 3 }),
    endorsed: fc.boolean(),
    type: fc.constantFrom(null, 'certificate', 'micro_credential'),
    level: fc.constantFrom(null, 'advanced'),
    focus: fc.subarray(['career_preparation', 'workforce_need', 'global_competency']),
    skills: fc.array(fc.constantFrom('Welding', 'Safety', 'Coding', 'welding'), { maxLength: 4 }),
    partners: fc.subarray(['Acme', 'Tulsa Tech']),
  }),
  fc.record({ k: fc.constant('unlist' as const), p: fc.nat({ max: 3 }) }),
  fc.record({ k: fc.constant('event' as const), r: fc.nat({ max: 1 }), from: fc.constantFrom(...STATES), to: fc.option(fc.constantFrom(...STATES)) }),
);
const step = fc.record({ op, hours: fc.integer({ min: 0, max: 400 }), rollback: fc.boolean() });
type Op = typeof op extends fc.Arbitrary<infer O> ? O : never;

describe.each(DIALECTS)('the reporting rollups under random writes on %s', (dialect) => {
  let t: TestApp;
  let orgs: Organization[];
  const bcs: FactoryBadgeClass[] = [];
  const programs: string[] = [];
  const requestIds: string[] = [];
  const awards: string[] = [];
  let clock = Date.parse('2026-01-05T08:00:00.000Z');
  let seq = 0;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
    await ensureRegents(t.deps);
    orgs = [await makeInstitution(t.deps), await makeInstitution(t.deps)];
    bcs.push(await makeBadgeClass(t.deps, orgs[0]!), await makeBadgeClass(t.deps, orgs[0]!, { name: 'Second' }), await makeBadgeClass(t.deps, orgs[1]!));
    for (let i = 0; i < 4; i++) programs.push(bcs[i % 3]!.programId);
    for (const endorsed of [true, false]) requestIds.push((await makeRequest(t.deps, orgs[Number(endorsed)]!, { endorsementRequested: endorsed, state: 'submitted' })).id);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  function award(bc: FactoryBadgeClass, at: string, expiresInDays: number | null): Award {
    const id = newId();
    const n = ++seq;
    return {
      id, organizationId: bc.organizationId, badgeClassId: bc.id, credentialId: `urn:uuid:${id}`, recipientEmail: `p${n}@prop.example.com`, recipientName: `P ${n}`, issuerEarnerId: null, earnerUserId: null,
      issuedAt: at, expiresAt: expiresInDays === null ? null : new Date(Date.parse(at) + expiresInDays * 86_400_000).toISOString(), evidenceUrl: null, evidenceNarrative: null, claimState: 'pending', claimedAt: null,
      visibility: 'private', revokedAt: null, revocationReason: null, suspendedAt: null, suspensionReason: null, statusListSeq: 1, statusIndex: 500_000 + n, credential: '{}', claimTokenHash: hashToken(newToken()),
      batchId: null, batchRow: null, reminderSentAt: null, notify: false, createdBy: null, createdAt: at, updatedAt: at,
    };
  }

  async function apply(db: Executor, s: Op, at: string): Promise<void> {
    const r = repos(db);
    const pick = (i: number) => awards[i % Math.max(1, awards.length)];
    switch (s.k) {
      case 'issue': {
        const list = Array.from({ length: s.many + 1 }, () => award(bcs[s.bc]!, at, s.expiresInDays));
        if (list.length === 1) await r.awards.insert(list[0]!);
        else await r.awards.insertMany(list);
        awards.push(...list.map((a) => a.id));
        return;
      }
      case 'claim':
        if (pick(s.i)) await r.awards.setClaim(pick(s.i)!, { state: s.state, userId: null, at });
        return;
      case 'revoke':
        if (pick(s.i)) await r.awards.setRevoked(pick(s.i)!, at, 'prop');
        return;
      case 'suspend':
        if (pick(s.i)) await r.awards.setSuspended(pick(s.i)!, s.on ? at : null, s.on ? 'prop' : null);
        return;
      case 'visibility':
        if (pick(s.i)) await r.awards.setVisibility(pick(s.i)!, s.pub ? 'public' : 'private', at);
        return;
      case 'list': {
        const org = orgs[s.p % 3 === 2 ? 1 : 0]!;
        await r.inventory.upsert({
          programId: programs[s.p]!, organizationId: org.id, institutionSlug: org.slug, institutionName: org.name, title: `Program ${s.p}`, summary: '', endorsement: s.endorsed ? 'endorsed' : 'not_endorsed',
          credentialType: s.type, level: s.level, deliveryMode: null, creditHours: 0, costFree: true, costAmount: null, hasBadge: false, badgeImageId: null, focusAreas: s.focus, skills: s.skills, partners: s.partners,
          publishedAt: at, updatedAt: at, narrativeText: '', otherText: '',
        });
        return;
      }
      case 'unlist':
        await r.inventory.remove(programs[s.p]!);
        return;
      case 'event':
        await r.requestEvents.insert({ id: newId(), requestId: requestIds[s.r]!, at, actorUserId: null, action: 'prop', fromState: s.from, toState: s.to, comment: null });
        return;
    }
  }

  it('the rollups kept equal the rollups counted again from the base rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        for (const s of steps) {
          clock += s.hours * 3_600_000 + 1000;
          const at = new Date(clock).toISOString();
          if (!s.rollback) {
            await apply(t.deps.db, s.op, at);
            continue;
          }
          const known = awards.length;
          await t.deps.db
            .transaction()
            .execute(async (trx) => {
              await apply(trx, s.op, at);
              throw new Error('roll back');
            })
            .catch((e: Error) => expect(e.message).toBe('roll back'));
          awards.length = known;
        }
        const kept = await snapshot(t.deps.db);
        let counted: Awaited<ReturnType<typeof snapshot>> | undefined;
        await t.deps.db
          .transaction()
          .execute(async (trx) => {
            await rebuildRollups(trx);
            counted = await snapshot(trx);
            throw new Error('done');
          })
          .catch((e: Error) => expect(e.message).toBe('done'));
        expect(kept).toEqual(counted);
      }),
      // The database carries over from run to run (the state grows), so a failure is reported as found, unshrunk.
      { numRuns: Number(process.env.REPORTING_RUNS ?? 20), seed: Number(process.env.REPORTING_SEED ?? 16), endOnFailure: true },
    );
    expect((await snapshot(t.deps.db))['report_award_months']!.length).toBeGreaterThan(0);
  }, 300_000);
});
