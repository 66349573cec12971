// Milestone badges on every dialect: each trigger (an award accepted, an award issued to a verified
// address, an address verified, a pathway published) queues the earner's evaluation; the milestone is
// issued once — also when several evaluations run at once, and after a crash half-way; approval mode;
// what "holds" excludes (revoked before completion, expired); and the milestone credential's `related`
// and evidence validate against the OB 3.0 schema and verify.
import { validateOb3Schema } from '@laurel/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { verifyCredentialHere } from '../src/domain/credentials/verify-credential.ts';
import { hashToken, newId, newToken } from '../src/domain/ids.ts';
import { revokeAward } from '../src/domain/issuance/manage-awards.ts';
import { approveMilestone } from '../src/domain/pathways/approve-milestone.ts';
import { dismissMilestone } from '../src/domain/pathways/dismiss-milestone.ts';
import { listPathwayProgress } from '../src/domain/pathways/list-pathway-progress.ts';
import { listPendingMilestones } from '../src/domain/pathways/list-pending-milestones.ts';
import { evaluateMilestones, milestoneKey } from '../src/domain/pathways/milestones.ts';
import { PATHWAY_PROGRESS_QUEUE, queuePathwayBackfill } from '../src/domain/pathways/progress-jobs.ts';
import { publishPathway } from '../src/domain/pathways/publish-pathway.ts';
import { reviewPathway } from '../src/domain/pathways/review-pathway.ts';
import { acceptAward, verifyEarnerEmail } from '../src/domain/portfolio/portfolio.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeAward, makeBadgeClass } from './factories/awards.ts';
import { makeInstitution, makeMember, makeUser } from './factories/organizations.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { makePathway, pathwayRecord } from './factories/pathways.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

type Obj = Record<string, any>;

describe.each(DIALECTS)('milestone badges on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
  });
  afterAll(async () => t?.close());

  const drain = () => t.app.laurel.worker!.drain();
  const r = () => repos(t.deps.db);

  /** Two institutions, a component badge at each, a milestone badge at the first, an earner with a second verified address. */
  async function world(o: { mode?: 'automatic' | 'approval'; publish?: boolean } = {}) {
    const inst1 = await makeInstitution(t.deps);
    const inst2 = await makeInstitution(t.deps);
    const issuer1 = await makeMember(t.deps, inst1, 'issuer');
    const issuer2 = await makeMember(t.deps, inst2, 'issuer');
    const compA = await makeBadgeClass(t.deps, inst1, { name: `Welding I ${newId().slice(-5)}` });
    const compB = await makeBadgeClass(t.deps, inst2, { name: `Blueprint Reading ${newId().slice(-5)}` });
    const milestone = await makeBadgeClass(t.deps, inst1, { name: `Welding Pathway Milestone ${newId().slice(-5)}` });
    const earner = await makeUser(t.deps);
    const second = `second-${newId().slice(-8)}@example.org`;
    const at = t.deps.clock().toISOString();
    await r().earnerEmails.insert({ id: newId(), userId: earner.userId, email: second, tokenHash: null, verifiedAt: at, at });
    const opts = { organizationId: inst1.id, components: [compA, compB], milestone, mode: o.mode ?? 'automatic' } as const;
    const pathway = o.publish === false ? pathwayRecord(opts, at) : await makePathway(t.deps, opts);
    return { inst1, inst2, issuer1, issuer2, compA, compB, milestone, earner, second, pathway };
  }

  async function allAwardsOf(badgeClassId: string) {
    const rows = await t.deps.db.selectFrom('awards').select(['id', 'recipient_email', 'revoked_at']).where('badge_class_id', '=', badgeClassId).execute();
    return rows;
  }

  it('issues the milestone once the second component is issued to a verified address (award accepted, then award issued)', async () => {
    const w = await world();
    const a = await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await acceptAward(t.deps, w.earner, a.id);
    await drain();
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toBeUndefined();
    const before = await listPathwayProgress(t.deps, w.earner);
    expect(before).toHaveLength(1);
    expect(before[0]!.progress).toMatchObject({ earnedCount: 1, requiredCount: 2, complete: false });
    expect(before[0]!.progress.next.map((c) => c.component.programId)).toEqual([w.compB.programId]);

    // Issued to the second (verified) address and not yet accepted: it counts.
    const b = await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.second });
    const queued = await t.deps.db.selectFrom('jobs').select('id').where('queue', '=', PATHWAY_PROGRESS_QUEUE).where('status', '=', 'pending').execute();
    expect(queued.length).toBeGreaterThanOrEqual(1);
    await drain();
    const m = (await r().pathwayMilestones.get(w.pathway.id, w.earner.userId))!;
    expect(m).toMatchObject({ state: 'issued', organizationId: w.inst1.id });
    expect([...m.componentAwardIds].sort()).toEqual([a.id, b.id].sort());
    const issued = await allAwardsOf(w.milestone.id);
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ id: m.awardId, recipient_email: w.earner.email });

    // The award's credential relates the components and points at their credentials; it validates and verifies.
    const award = (await r().awards.findById(m.awardId!))!;
    const c = JSON.parse(award.credential) as Obj;
    const related = (c.credentialSubject.achievement.related as Obj[]).map((x) => x.id);
    expect(related).toEqual([`${t.config.publicUrl}/programs/${w.compA.programId}`, `${t.config.publicUrl}/programs/${w.compB.programId}`]);
    expect((c.credentialSubject.achievement.related as Obj[]).every((x) => x.type[0] === 'Related')).toBe(true);
    expect((c.evidence as Obj[]).map((e) => e.id).sort()).toEqual([a.credentialId, b.credentialId].sort());
    const schema = validateOb3Schema(c);
    expect(schema.errors ?? []).toEqual([]);
    expect(schema.valid).toBe(true);
    const report = await verifyCredentialHere(t.deps, c, { recipient: { email: w.earner.email } });
    expect(report.outcome).toBe('verified');

    // The audit trail names the key, and issuing went through the usual path (award.issued, claim email).
    const events = await t.deps.db.selectFrom('audit_events').select(['action', 'data']).where('subject_id', 'in', [award.id, w.pathway.id]).execute();
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['award.issued', 'milestone.completed', 'milestone.issued']));
    expect(JSON.stringify(events.find((e) => e.action === 'award.issued')?.data)).toContain(milestoneKey(w.pathway.id, w.earner.userId));

    const after = await listPathwayProgress(t.deps, w.earner);
    expect(after[0]).toMatchObject({ progress: { complete: true, earnedCount: 2 }, milestone: { state: 'issued', awardId: award.id } });
    // Revoking a component afterwards does not take the milestone back.
    await revokeAward(t.deps, w.issuer1, { awardId: a.id, reason: 'Issued in error' });
    await evaluateMilestones(t.deps, { userId: w.earner.userId });
    expect((await r().awards.findById(award.id))!.revokedAt).toBeNull();
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(1);
  });

  it('issues when the earner verifies the address a component was sent to', async () => {
    const w = await world();
    const a = await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    const later = `later-${newId().slice(-8)}@example.org`;
    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: later });
    await drain();
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toBeUndefined();
    expect(a.claimState).toBe('pending');
    const token = newToken();
    const at = t.deps.clock().toISOString();
    await r().earnerEmails.insert({ id: newId(), userId: w.earner.userId, email: later, tokenHash: hashToken(token), verifiedAt: null, at });
    await verifyEarnerEmail(t.deps, token);
    await drain();
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toMatchObject({ state: 'issued' });
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(1);
  });

  it('back-fills earners who already hold the components when the pathway is published', async () => {
    const w = await world({ publish: false });
    await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.second });
    await drain();
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(0);
    const at = t.deps.clock().toISOString();
    await t.deps.db.transaction().execute(async (tx) => {
      await repos(tx).pathways.insert(w.pathway);
      await queuePathwayBackfill(repos(tx), { pathwayId: w.pathway.id, version: w.pathway.version, at });
    });
    await drain();
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toMatchObject({ state: 'issued' });
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(1);
  });

  it('back-fills through the use cases: a cross-institution pathway accepted by the Regents queues the evaluation and its CTDL document', async () => {
    const w = await world({ publish: false });
    await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.second });
    await drain();
    await t.deps.db.transaction().execute(async (tx) => repos(tx).pathways.insert({ ...w.pathway, status: 'draft', publishedAt: null }));
    const author = await makeMember(t.deps, w.inst1, 'program_author');
    const sent = await publishPathway(t.deps, author, { pathwayId: w.pathway.id });
    expect(sent).toMatchObject({ status: 'draft', reviewState: 'pending' });
    await drain();
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(0);
    const reviewer = await makeMember(t.deps, await ensureRegents(t.deps), 'regents_reviewer');
    await reviewPathway(t.deps, reviewer, { pathwayId: w.pathway.id, decision: 'accept' });
    const publication = await t.deps.db.selectFrom('ctdl_publications').selectAll().where('entity_id', '=', w.pathway.id).executeTakeFirst();
    expect(publication).toMatchObject({ kind: 'pathway', wanted: 'publish' });
    await drain();
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toMatchObject({ state: 'issued' });
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(1);
  });

  it('issues exactly once when several evaluations of the same completion run at once', async () => {
    const w = await world();
    await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.second });
    // Not drained: the queued jobs are dropped so that only the concurrent evaluations below act.
    await t.deps.db.deleteFrom('jobs').where('queue', '=', PATHWAY_PROGRESS_QUEUE).execute();
    const runs = await Promise.all([1, 2, 3, 4].map(() => evaluateMilestones(t.deps, { userId: w.earner.userId })));
    expect(runs.flat().filter((o) => o.claimed)).toHaveLength(1);
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(1);
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toMatchObject({ state: 'issued' });
  });

  it('finishes a milestone left "issuing" by a crash, adopting an award already issued instead of issuing again', async () => {
    const w = await world();
    await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.second });
    await t.deps.db.deleteFrom('jobs').where('queue', '=', PATHWAY_PROGRESS_QUEUE).execute();
    const at = t.deps.clock().toISOString();
    const row = { pathwayId: w.pathway.id, userId: w.earner.userId, organizationId: w.inst1.id, state: 'issuing' as const, awardId: null, componentAwardIds: [], createdAt: at, decidedAt: null, decidedBy: null, updatedAt: at };
    // A crash after the claim, before issuing: the next evaluation issues.
    await r().pathwayMilestones.claim(row);
    const [o] = await evaluateMilestones(t.deps, { userId: w.earner.userId });
    expect(o).toMatchObject({ state: 'issued', claimed: false });
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(1);

    // A crash after the award committed but before the row moved (an older build, or a hand-issued
    // milestone badge): the evaluation adopts the live award.
    const w2 = await world();
    await makeAward(t.deps, w2.issuer1, w2.compA, { recipient_email: w2.earner.email });
    await makeAward(t.deps, w2.issuer2, w2.compB, { recipient_email: w2.second });
    await t.deps.db.deleteFrom('jobs').where('queue', '=', PATHWAY_PROGRESS_QUEUE).execute();
    const already = await makeAward(t.deps, w2.issuer1, w2.milestone, { recipient_email: w2.earner.email });
    await r().pathwayMilestones.claim({ ...row, pathwayId: w2.pathway.id, userId: w2.earner.userId });
    const [o2] = await evaluateMilestones(t.deps, { userId: w2.earner.userId });
    expect(o2).toMatchObject({ state: 'issued', awardId: already.id });
    expect(await allAwardsOf(w2.milestone.id)).toHaveLength(1);
  });

  it('queues an approval-mode milestone for the issuer, who approves or dismisses it', async () => {
    const w = await world({ mode: 'approval' });
    const a = await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.second });
    await drain();
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toMatchObject({ state: 'pending_approval', awardId: null });
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(0);
    const sections = await listPendingMilestones(t.deps, w.issuer1);
    const mine = sections.find((s) => s.organization.id === w.inst1.id)!;
    expect(mine.pending).toHaveLength(1);
    expect(mine.pending[0]).toMatchObject({ earner: { email: w.earner.email }, pathway: { id: w.pathway.id } });
    expect(mine.pending[0]!.components.map((c) => c.awardId)).toContain(a.id);
    // The other institution's issuer is not the milestone's issuer; an earner issues for nobody.
    expect((await listPendingMilestones(t.deps, w.issuer2)).flatMap((s) => s.pending)).toEqual([]);
    await expect(approveMilestone(t.deps, w.issuer2, { pathwayId: w.pathway.id, userId: w.earner.userId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listPendingMilestones(t.deps, w.earner)).rejects.toMatchObject({ code: 'forbidden' });

    const progress = await listPathwayProgress(t.deps, w.earner);
    expect(progress[0]).toMatchObject({ milestone: { state: 'pending_approval' } });

    const done = await approveMilestone(t.deps, w.issuer1, { pathwayId: w.pathway.id, userId: w.earner.userId });
    expect(done.state).toBe('issued');
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(1);
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toMatchObject({ state: 'issued', decidedBy: w.issuer1.userId });
    await expect(approveMilestone(t.deps, w.issuer1, { pathwayId: w.pathway.id, userId: w.earner.userId })).rejects.toMatchObject({ code: 'invalid_transition' });

    // Dismissing is final: later evaluations leave it dismissed and issue nothing.
    const w2 = await world({ mode: 'approval' });
    await makeAward(t.deps, w2.issuer1, w2.compA, { recipient_email: w2.earner.email });
    await makeAward(t.deps, w2.issuer2, w2.compB, { recipient_email: w2.second });
    await drain();
    await dismissMilestone(t.deps, w2.issuer1, { pathwayId: w2.pathway.id, userId: w2.earner.userId });
    await evaluateMilestones(t.deps, { userId: w2.earner.userId });
    expect(await r().pathwayMilestones.get(w2.pathway.id, w2.earner.userId)).toMatchObject({ state: 'dismissed' });
    expect(await allAwardsOf(w2.milestone.id)).toHaveLength(0);
    await expect(approveMilestone(t.deps, w2.issuer1, { pathwayId: w2.pathway.id, userId: w2.earner.userId })).rejects.toMatchObject({ code: 'invalid_transition' });
  });

  it('does not count a component revoked before completion, nor an expired one', async () => {
    const w = await world();
    const a = await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await revokeAward(t.deps, w.issuer1, { awardId: a.id, reason: 'Issued in error' });
    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.second });
    await drain();
    expect(await r().pathwayMilestones.get(w.pathway.id, w.earner.userId)).toBeUndefined();
    expect(await allAwardsOf(w.milestone.id)).toHaveLength(0);
    expect((await listPathwayProgress(t.deps, w.earner))[0]!.progress).toMatchObject({ earnedCount: 1, complete: false });

    const w2 = await world();
    const now = t.clock.now;
    const soon = new Date(now.getTime() + 24 * 3600_000).toISOString().slice(0, 10);
    await makeAward(t.deps, w2.issuer1, w2.compA, { recipient_email: w2.earner.email, expires_at: soon });
    await drain();
    try {
      t.clock.now = new Date(now.getTime() + 3 * 24 * 3600_000);
      await makeAward(t.deps, w2.issuer2, w2.compB, { recipient_email: w2.second });
      await drain();
      expect(await r().pathwayMilestones.get(w2.pathway.id, w2.earner.userId)).toBeUndefined();
      expect(await allAwardsOf(w2.milestone.id)).toHaveLength(0);
    } finally {
      t.clock.now = now;
    }
  });

  it('shows no pathways to an earner who holds no component, and only the earner sees theirs', async () => {
    const w = await world();
    expect(await listPathwayProgress(t.deps, w.earner)).toEqual([]);
    const stranger = await makeUser(t.deps);
    await expect(listPathwayProgress(t.deps, stranger, { userId: w.earner.userId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listPathwayProgress(t.deps, SYSTEM, { userId: w.earner.userId })).resolves.toEqual([]);
  });
});
