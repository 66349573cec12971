// Award rules of an LTI placement (issue #14 items 3–4), against the real test platform: the course's
// roster (NRPS) and results (AGS) read with a client-credentials token Laurel signs with its tool key.
// The instructor sets the rule inside the course (bad input refused next to the field), Laurel reads the
// results, the instructor approves the qualified in one step (once: a second approval issues nothing),
// automatic issuing awards a student at their own launch, the duplicate rule links a student who already
// held the badge, the student adds the badge to a portfolio without signing up, and a student's or a
// stale session cannot act as the instructor's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { createLtiPlatform } from '../src/domain/lti/platforms.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeBadgeClass, type FactoryBadgeClass } from './factories/awards.ts';
import { makeAward } from './factories/badges.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { formOf, LAUREL, launch, TOOL } from './helpers/lti.ts';
import { startLtiPlatform, type LaunchSpec, type PlatformUser, type RunningLtiPlatform } from './support/lti-platform.ts';

const teacher: PlatformUser = { sub: 'teacher-1', name: 'Terry Teacher', email: 'terry@rrc.example.edu', role: 'instructor' };
const ana: PlatformUser = { sub: 'stu-ana', name: 'Ana Alvarez', email: 'ana@students.rrc.example.edu', role: 'student' };
const ben: PlatformUser = { sub: 'stu-ben', name: 'Ben Brown', email: 'ben@students.rrc.example.edu', role: 'student' };
const cy: PlatformUser = { sub: 'stu-cy', name: 'Cy Chen', email: 'cy@students.rrc.example.edu', role: 'student' };
const course = { id: 'course-weld-101', title: 'Welding 101', label: 'WELD101' };

const CASES = DIALECTS.flatMap((db) => (['canvas', 'moodle'] as const).map((lms) => [db, lms] as const));

describe.each(CASES)('LTI award rules on %s with %s', (dialect, lms) => {
  let t: TestApp;
  let platform: RunningLtiPlatform;
  let badge: FactoryBadgeClass;
  let custom: Record<string, string>;
  let finalExam: string;
  const link = { id: 'link-weld-badge', title: 'Welding Safety badge' };
  const audits = async (action: string) => (await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('at').orderBy('id').execute()).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
  const spec = (user: PlatformUser): LaunchSpec => ({ messageType: 'LtiResourceLinkRequest', user, context: course, resourceLink: link, custom });
  const awardsTo = async (email: string) => t.deps.db.selectFrom('awards').selectAll().where('badge_class_id', '=', badge.id).where('recipient_email', '=', email).execute();
  const learner = async (sub: string) => (await repos(t.deps.db).ltiLearners.find(custom.placement_id!, sub))!;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    platform = await startLtiPlatform({ dialect: lms, now: () => t.clock.now, fetchToolJwks: async () => JSON.parse((await t.app.inject({ url: '/lti/jwks.json' })).body) as unknown });
    const r = repos(t.deps.db);
    const rr = (await r.organizations.findBySlug('red-river'))!;
    badge = await makeBadgeClass(t.deps, rr, { name: 'Welding Safety' });
    await createLtiPlatform(t.deps, SYSTEM, { slug: 'red-river', fields: { name: 'Red River Canvas', issuer: platform.issuer, clientId: 'rr-canvas', authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, jwksUrl: platform.jwksUrl, deploymentIds: 'rr-deployment' } });
    platform.addClient({ clientId: 'rr-canvas', deploymentIds: ['rr-deployment'], ...TOOL(LAUREL) });
    const c = platform.course(course.id);
    for (const u of [teacher, ana, ben, cy]) c.addMember({ ...u, role: u.role === 'student' ? 'learner' : 'instructor' });
    // Moodle's run reads results without resultMaximum: the line item's scoreMaximum counts then.
    finalExam = c.addLineItem({ label: 'Final exam', scoreMaximum: 50, resourceLinkId: link.id, resultsWithoutMaximum: lms === 'moodle' });
    c.addLineItem({ label: 'Quiz 1', scoreMaximum: 10 });
    c.setResult(finalExam, ana.sub, 45);
    c.setResult(finalExam, ben.sub, 30);
    // The instructor places the badge (deep linking) and the platform makes the link.
    const picker = await launch(t, platform, { messageType: 'LtiDeepLinkingRequest', user: teacher, context: course });
    const placed = await picker.client.post('/lti/deep-link', { continue: formOf(picker.res.body).fields.continue!, badge_class_id: badge.id }, { csrf: false });
    expect(placed.statusCode, placed.body.slice(0, 600)).toBe(200);
    const back = formOf(placed.body);
    expect((await fetch(back.action, { method: 'POST', body: new URLSearchParams(back.fields) })).status).toBe(200);
    custom = platform.deepLinks.at(-1)!.contentItems[0]!.custom as Record<string, string>;
  });
  afterAll(async () => {
    await platform?.close();
    await t?.close();
  });

  it('lets the instructor set the rule in the course, refusing bad input next to the field', async () => {
    const first = await launch(t, platform, spec(teacher));
    expect(first.res.statusCode, first.res.body.slice(0, 800)).toBe(200);
    const page = first.res.body;
    expect(page).toContain('Award rule');
    expect(page).toContain('Final exam (50 points)');
    expect(page).toContain('Quiz 1 (10 points)');
    // The link's own grade column is chosen already.
    expect(page).toContain(`<option value="${finalExam.replace(/&/g, '&amp;')}" selected`);
    const keys = formOf(page, '/lti/placement/rule').fields;
    const bad = await first.client.post('/lti/placement/rule', { ...keys, kind: 'score', threshold: '150', lineItem: finalExam }, { csrf: false });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Enter a percentage from 1 to 100, such as 80.');
    expect(bad.body).toContain('value="150"');
    const noColumn = await first.client.post('/lti/placement/rule', { ...keys, kind: 'score', threshold: '80', lineItem: 'https://elsewhere.example/line_items/1' }, { csrf: false });
    expect(noColumn.statusCode).toBe(422);
    expect(noColumn.body).toContain('Choose the grade column the badge is earned in.');
    expect((await repos(t.deps.db).ltiPlacements.findById(custom.placement_id!))!.rule.kind).toBe('none');

    const saved = await first.client.post('/lti/placement/rule', { ...keys, kind: 'score', threshold: '80', lineItem: finalExam }, { csrf: false });
    expect(saved.statusCode, saved.body.slice(0, 800)).toBe(200);
    expect(saved.body).toContain('The rule is saved.');
    expect(saved.body).toContain('Reading the course');
    expect(saved.body).toContain('http-equiv="refresh"');
    expect((await audits('lti.award_rule_saved')).at(-1)?.data).toMatchObject({ kind: 'score', threshold: 80, lineItemLabel: 'Final exam', autoIssue: false, instructor: teacher.sub });
    await t.app.laurel.worker.drain();
    expect(await learner(ana.sub)).toMatchObject({ status: 'qualified', score: 45, maximum: 50, email: ana.email, name: ana.name });
    expect(await learner(ben.sub)).toMatchObject({ status: 'not_yet', score: 30 });
    expect(await learner(cy.sub)).toMatchObject({ status: 'not_yet', score: null });
    // The teacher is on the roster but is not a student.
    expect(await repos(t.deps.db).ltiLearners.find(custom.placement_id!, teacher.sub)).toBeUndefined();
    expect((await audits('lti.results_checked')).at(-1)?.data).toMatchObject({ learners: 3, qualified: 1 });
    expect(await awardsTo(ana.email!)).toHaveLength(0);
  });

  it('issues to the qualified when the instructor approves, once', async () => {
    const again = await launch(t, platform, spec(teacher));
    const page = again.res.body;
    expect(page).toContain('A result of at least 80% in “Final exam” earns the badge.');
    expect(page).toContain('Issue the badge to 1 student');
    expect(page).toContain('45 of 50 (90%)');
    const keys = formOf(page, '/lti/placement/award').fields;
    const done = await again.client.post('/lti/placement/award', keys, { csrf: false });
    expect(done.statusCode, done.body.slice(0, 800)).toBe(200);
    expect(done.body).toContain('Issued the badge to 1 student.');
    const [award] = await awardsTo(ana.email!);
    expect(award).toMatchObject({ recipient_name: ana.name, issuer_earner_id: ana.sub, claim_state: 'pending' });
    expect(JSON.parse(award!.credential).credentialSubject.achievement.name).toBe('Welding Safety');
    expect(await learner(ana.sub)).toMatchObject({ status: 'awarded', awardId: award!.id });
    const issued = (await audits('award.issued')).find((e) => e.subject_id === award!.id);
    expect(issued?.data).toMatchObject({ via: 'lti', rule: 'instructor', placementId: custom.placement_id, approvedBy: teacher.sub });
    expect((await audits('lti.awards_approved')).at(-1)?.data).toMatchObject({ issued: 1, instructor: teacher.sub });
    // Approving again issues nothing more: the student was awarded here once.
    const twice = await again.client.post('/lti/placement/award', keys, { csrf: false });
    expect(twice.statusCode).toBe(200);
    expect(await awardsTo(ana.email!)).toHaveLength(1);
    // The student's claim email was queued by the issuing path, as for every award.
    const mail = await t.deps.db.selectFrom('jobs').select('payload').where('queue', '=', 'email').execute();
    expect(mail.some((j) => String(j.payload).includes(ana.email!) && String(j.payload).includes('Welding Safety'))).toBe(true);
  });

  it('issues automatically at a student’s own launch, and links a student who already held the badge', async () => {
    const inst = await launch(t, platform, spec(teacher));
    const edit = await inst.client.get(`${formOf(inst.res.body, '/lti/placement/check').action.replace('/check', '')}?${new URLSearchParams({ session: formOf(inst.res.body, '/lti/placement/check').fields.session!, binding: formOf(inst.res.body, '/lti/placement/check').fields.binding!, edit: '1' }).toString()}`);
    expect(edit.statusCode, edit.body.slice(0, 600)).toBe(200);
    const keys = formOf(edit.body, '/lti/placement/rule').fields;
    expect((await inst.client.post('/lti/placement/rule', { ...keys, kind: 'score', threshold: '80', lineItem: finalExam, autoIssue: '1' }, { csrf: false })).statusCode).toBe(200);
    await t.app.laurel.worker.drain();

    // Ben's result rises to 42 of 50: his launch reads it and issues the badge at once.
    platform.course(course.id).setResult(finalExam, ben.sub, 42);
    const benView = await launch(t, platform, spec(ben));
    expect(benView.res.statusCode, benView.res.body.slice(0, 800)).toBe(200);
    expect(benView.res.body).toContain('You have earned this badge');
    expect(benView.res.body).toContain('Add it to my Laurel portfolio');
    expect(await awardsTo(ben.email!)).toHaveLength(1);
    expect(await learner(ben.sub)).toMatchObject({ status: 'awarded' });

    // Cy already holds the badge from a CSV: the duplicate rule links that award instead of a second.
    const { award: held } = await makeAward(t.deps, badge, { email: cy.email! });
    platform.course(course.id).setResult(finalExam, cy.sub, 50);
    const ask = await launch(t, platform, spec(teacher));
    expect((await ask.client.post('/lti/placement/check', formOf(ask.res.body, '/lti/placement/check').fields, { csrf: false })).statusCode).toBe(200);
    await t.app.laurel.worker.drain();
    expect(await learner(cy.sub)).toMatchObject({ status: 'held', awardId: held.id });
    expect(await awardsTo(cy.email!)).toHaveLength(1);
    const after = await launch(t, platform, spec(teacher));
    expect(after.res.body).toContain('3 awarded');
    expect(after.res.body).not.toContain('http-equiv="refresh"');
  });

  it('lets the student add the badge to a portfolio without signing up, and makes no Laurel session', async () => {
    const view = await launch(t, platform, spec(ben));
    const claim = await view.client.post('/lti/placement/claim', formOf(view.res.body, '/lti/placement/claim').fields, { csrf: false });
    expect(claim.statusCode, claim.body.slice(0, 800)).toBe(200);
    expect(claim.body).toContain(`The badge is in your new Laurel portfolio for ${ben.email}.`);
    const user = (await repos(t.deps.db).users.findByEmail(ben.email!))!;
    expect(user).toMatchObject({ name: ben.name });
    const [award] = await awardsTo(ben.email!);
    expect(award).toMatchObject({ claim_state: 'accepted', earner_user_id: user.id });
    expect(view.client.cookies.has('laurel_session')).toBe(false);
    expect((await audits('user.created')).at(-1)?.data).toMatchObject({ email: ben.email, via: 'lti' });
    expect((await audits('lti.badge_claimed')).at(-1)?.data).toMatchObject({ accountCreated: true, subject: ben.sub });
    // Launching again shows it held; claiming again changes nothing.
    const again = await launch(t, platform, spec(ben));
    expect(again.res.body).toContain('This badge is in your Laurel portfolio');
    expect(again.res.body).toContain(`/sign-in?next=%2Fbadges%2F${award!.id}`);

    // Ana has a Laurel account already: the badge goes into it.
    const existing = await t.deps.db.selectFrom('users').select('id').where('email', '=', 'ana@students.rrc.example.edu').executeTakeFirst();
    expect(existing).toBeUndefined();
    await repos(t.deps.db).users.insert({ id: 'user-ana', email: ana.email!, name: 'Ana A.', passwordHash: null, at: t.clock.now.toISOString() });
    const anaView = await launch(t, platform, spec(ana));
    const anaClaim = await anaView.client.post('/lti/placement/claim', formOf(anaView.res.body, '/lti/placement/claim').fields, { csrf: false });
    expect(anaClaim.body).toContain(`The badge is in your Laurel portfolio (${ana.email}).`);
    expect((await awardsTo(ana.email!))[0]).toMatchObject({ claim_state: 'accepted', earner_user_id: 'user-ana' });
  });

  it('refuses a student’s session on the instructor’s forms, an unknown token and an expired session', async () => {
    const view = await launch(t, platform, spec(cy));
    const keys = formOf(view.res.body).fields;
    const asStudent = await view.client.post('/lti/placement/award', keys, { csrf: false });
    expect(asStudent.statusCode).toBe(403);
    expect(asStudent.body).toContain('<code>not_instructor</code>');
    const rule = await view.client.post('/lti/placement/rule', { ...keys, kind: 'completion', lineItem: finalExam }, { csrf: false });
    expect(rule.statusCode).toBe(403);
    expect((await repos(t.deps.db).ltiPlacements.findById(custom.placement_id!))!.rule.kind).toBe('score');
    // A student who holds no badge is offered nothing to add, and a post is refused.
    const dee: PlatformUser = { sub: 'stu-dee', name: 'Dee Diaz', email: 'dee@students.rrc.example.edu', role: 'student' };
    const deeView = await launch(t, platform, spec(dee));
    expect(deeView.res.body).toContain('Not earned yet');
    expect(deeView.res.body).not.toContain('/lti/placement/claim');
    await repos(t.deps.db).awards.setRevoked((await learner(cy.sub)).awardId!, t.clock.now.toISOString(), 'test');
    const nothing = await view.client.post('/lti/placement/claim', keys, { csrf: false });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.body).toContain('You do not hold this badge yet');
    const unknown = await view.client.post('/lti/placement/award', { session: 'not-a-session', binding: keys.binding! }, { csrf: false });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toContain('<code>state_invalid</code>');
    const inst = await launch(t, platform, spec(teacher));
    const instKeys = formOf(inst.res.body, '/lti/placement/check').fields;
    t.clock.now = new Date(t.clock.now.getTime() + 3 * 3600_000);
    try {
      const stale = await inst.client.post('/lti/placement/check', instKeys, { csrf: false });
      expect(stale.statusCode).toBe(401);
      expect(stale.body).toContain('<code>state_invalid</code>');
    } finally {
      t.clock.now = new Date(t.clock.now.getTime() - 3 * 3600_000);
    }
    expect((await audits('lti.launch_refused')).filter((e) => e.data.step === 'frame').map((e) => e.data.reason)).toEqual(expect.arrayContaining(['not_instructor', 'state_invalid']));
  });

  it('tells the instructor when the platform refuses Laurel its services', async () => {
    const r = repos(t.deps.db);
    const p = (await r.ltiPlatforms.withIssuer(platform.issuer))[0]!;
    await r.ltiPlatforms.update(p.id, { ...p, tokenAudience: 'https://not-the-token-endpoint.example', at: t.clock.now.toISOString() });
    const { forgetServiceTokens } = await import('../src/domain/lti/services.ts');
    forgetServiceTokens(p.id);
    try {
      const inst = await launch(t, platform, spec(teacher));
      await inst.client.post('/lti/placement/check', formOf(inst.res.body, '/lti/placement/check').fields, { csrf: false });
      await t.app.laurel.worker.drain();
      const page = await launch(t, platform, spec(teacher));
      expect(page.res.body).toContain('The results could not be read');
      expect(page.res.body).toContain('Red River Canvas refused Laurel access to the course');
      expect((await audits('lti.results_check_failed')).at(-1)?.data.detail).toMatch(/^token_refused/);
    } finally {
      await r.ltiPlatforms.update(p.id, { ...p, tokenAudience: null, at: t.clock.now.toISOString() });
      forgetServiceTokens(p.id);
    }
  });

  it('shows the institution administrator the placements, their rules and students, in pages and the API', async () => {
    const p = (await repos(t.deps.db).ltiPlatforms.withIssuer(platform.issuer))[0]!;
    const admin = await signedIn(t.app, 'admin@regents.example.org');
    const page = await admin.get(`/admin/institutions/red-river/lti/${p.id}/placements`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Welding 101');
    expect(page.body).toContain('At least 80% in “Final exam”, issued automatically');
    expect(page.body).toContain('Placed');
    expect((await admin.get(`/admin/institutions/red-river/lti/${p.id}`)).body).toContain('See the placements and their award rules');
    const api = await admin.api('GET', `/api/v1/institutions/red-river/lti-platforms/${p.id}/placements`);
    expect(api.statusCode).toBe(200);
    const [one] = (api.json() as { placements: Array<Record<string, unknown>> }).placements;
    expect(one).toMatchObject({ context_title: 'Welding 101', badge_class_id: badge.id, rule: { kind: 'score', threshold_percent: 80, line_item_label: 'Final exam', automatic: true }, students: { awarded: 2, already_held: 1, waiting_for_approval: 0, not_yet: 1 } });
    const other = await signedIn(t.app, 'admin@prairiestate.example.edu');
    expect((await other.get(`/admin/institutions/red-river/lti/${p.id}/placements`)).statusCode).toBe(403);
    expect((await other.api('GET', `/api/v1/institutions/red-river/lti-platforms/${p.id}/placements`)).statusCode).toBe(403);
  });
});
