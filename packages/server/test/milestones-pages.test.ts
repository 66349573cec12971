// The pages of milestone badges, through app.inject on every dialect: the portfolio's "Your pathways"
// (empty, in progress with what's next, milestone awaiting approval, milestone earned with its link),
// and the issuer's "Milestones awaiting approval" (empty, listed, approve, dismiss behind a confirmation;
// another institution's issuer is refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../src/domain/actor.ts';
import { newId } from '../src/domain/ids.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeAward, makeBadgeClass } from './factories/awards.ts';
import { makeInstitution, makeMember, makeUser } from './factories/organizations.ts';
import { makePathway } from './factories/pathways.ts';
import { Client, makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

describe.each(DIALECTS)('milestone pages on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
  });
  afterAll(async () => t?.close());

  async function withPassword(u: UserActor): Promise<UserActor> {
    await repos(t.deps.db).users.setPassword(u.userId, await t.deps.passwords.hash(DEMO_PASSWORD), t.deps.clock().toISOString());
    return u;
  }
  async function client(u: UserActor): Promise<Client> {
    const c = new Client(t.app);
    await c.get('/sign-in');
    await c.signIn(u.email);
    return c;
  }

  async function world(mode: 'automatic' | 'approval') {
    const inst1 = await makeInstitution(t.deps);
    const inst2 = await makeInstitution(t.deps);
    const issuer1 = await withPassword(await makeMember(t.deps, inst1, 'issuer'));
    const issuer2 = await withPassword(await makeMember(t.deps, inst2, 'issuer'));
    const compA = await makeBadgeClass(t.deps, inst1, { name: `Intro to Welding ${newId().slice(-5)}` });
    const compB = await makeBadgeClass(t.deps, inst2, { name: `Shop Safety ${newId().slice(-5)}` });
    const milestone = await makeBadgeClass(t.deps, inst1, { name: `Welding Milestone ${newId().slice(-5)}` });
    const earner = await withPassword(await makeUser(t.deps));
    const pathway = await makePathway(t.deps, { organizationId: inst1.id, components: [compA, compB], milestone, mode, name: `Welding Pathway ${newId().slice(-5)}` });
    return { inst1, inst2, issuer1, issuer2, compA, compB, milestone, earner, pathway };
  }

  it('shows the earner their pathway: empty, then "1 of 2 earned" with what is next, then the milestone earned', async () => {
    const w = await world('automatic');
    const earner = await client(w.earner);
    const empty = await earner.get('/portfolio');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('You have not started a pathway yet.');

    await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await t.app.laurel.worker!.drain();
    const started = await earner.get('/portfolio');
    expect(started.body).toContain(w.pathway.name);
    expect(started.body).toContain('Progress: 1 of 2 earned');
    expect(started.body).toContain(`href="/programs/${w.compB.programId}"`);
    expect(started.body).toContain(`Complete the pathway to earn the milestone badge “${w.milestone.name}”.`);

    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.earner.email });
    await t.app.laurel.worker!.drain();
    const m = (await repos(t.deps.db).pathwayMilestones.get(w.pathway.id, w.earner.userId))!;
    const done = await earner.get('/portfolio');
    expect(done.body).toContain('Progress: 2 of 2 earned — complete');
    expect(done.body).toContain(`href="/badges/${m.awardId}"`);
    expect(done.body).toContain('Milestone earned');
  });

  it('lists a milestone for its issuer to approve or dismiss; another institution sees none and cannot act', async () => {
    const w = await world('approval');
    const issuer = await client(w.issuer1);
    const none = await issuer.get('/issuing/milestones');
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No milestone is waiting for approval.');

    await makeAward(t.deps, w.issuer1, w.compA, { recipient_email: w.earner.email });
    await makeAward(t.deps, w.issuer2, w.compB, { recipient_email: w.earner.email });
    await t.app.laurel.worker!.drain();
    const earner = await client(w.earner);
    expect((await earner.get('/portfolio')).body).toContain('Awaiting approval');

    const list = await issuer.get('/issuing/milestones');
    expect(list.body).toContain(w.earner.email);
    expect(list.body).toContain(`href="/programs/${w.compA.programId}"`);
    const other = await client(w.issuer2);
    expect((await other.get('/issuing/milestones')).body).not.toContain(w.earner.email);
    const approveUrl = `/issuing/milestones/${w.pathway.id}/${w.earner.userId}/approve`;
    expect((await other.post(approveUrl, {})).statusCode).toBe(403);
    // Without the CSRF token the form is refused.
    expect((await issuer.post(approveUrl, {}, { csrf: false })).statusCode).toBe(403);

    const approved = await issuer.post(approveUrl, {});
    expect(approved.statusCode).toBe(303);
    expect(await repos(t.deps.db).pathwayMilestones.get(w.pathway.id, w.earner.userId)).toMatchObject({ state: 'issued' });
    expect((await issuer.get('/issuing/milestones')).body).not.toContain(w.earner.email);
    // Approving twice answers with a message, not an error page.
    const again = await issuer.post(approveUrl, {});
    expect(again.statusCode).toBe(303);

    // Dismiss: a confirmation page first, then the POST.
    const w2 = await world('approval');
    await makeAward(t.deps, w2.issuer1, w2.compA, { recipient_email: w2.earner.email });
    await makeAward(t.deps, w2.issuer2, w2.compB, { recipient_email: w2.earner.email });
    await t.app.laurel.worker!.drain();
    const issuer2 = await client(w2.issuer1);
    const dismissUrl = `/issuing/milestones/${w2.pathway.id}/${w2.earner.userId}/dismiss`;
    const confirm = await issuer2.get(dismissUrl);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Dismiss this milestone');
    expect(await repos(t.deps.db).pathwayMilestones.get(w2.pathway.id, w2.earner.userId)).toMatchObject({ state: 'pending_approval' });
    expect((await issuer2.post(dismissUrl, {})).statusCode).toBe(303);
    expect(await repos(t.deps.db).pathwayMilestones.get(w2.pathway.id, w2.earner.userId)).toMatchObject({ state: 'dismissed' });
  });
});
