// The Regents' endorsement as a credential: issued on approval, revoked on suspension (through the
// Regents' status list), re-issued on reinstatement — and the verifier reports each state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { achievementIdFor, endorsementCredentialFor, ensureEndorsements } from '../src/domain/credentials/endorsement.ts';
import { organizationDid } from '../src/domain/credentials/did.ts';
import { createRequest } from '../src/domain/programs/requests.ts';
import { transitionRequest } from '../src/domain/review/transition.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { createBadgeVerificationCache, verifyAnything, verifyIssuedBadge } from '../src/domain/verification/verify-any.ts';
import { etagOf } from '../src/kit/public-document.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { goodForm } from './helpers/forms.ts';

describe.each(DIALECTS)('Regents endorsement on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('endorses on approval, revokes on suspension, re-endorses on reinstatement', async () => {
    const r = repos(t.deps.db);
    const as = async (email: string) => (await actorForUser(t.deps, (await r.users.findByEmail(email))!.id))!;
    const author = await as('author@redriver.example.edu');
    const reviewer = await as('reviewer@regents.example.org');
    const chancellor = await as('chancellor@regents.example.org');
    const q = await createRequest(t.deps, author, { form: { ...goodForm(), title: 'Endorsement Test Program' } });
    for (const [who, action] of [
      [author, 'submit'],
      [reviewer, 'start_review'],
      [reviewer, 'recommend_approve'],
      [chancellor, 'approve'],
    ] as const) {
      await transitionRequest(t.deps, who, { requestId: q.id, action });
    }
    const first = (await endorsementCredentialFor(t.deps, q.programId))!;
    expect(first).toMatchObject({ type: ['VerifiableCredential', 'EndorsementCredential'], credentialSubject: { id: achievementIdFor(t.deps, q.programId), type: ['EndorsementSubject'] } });
    const ok = await verifyAnything(t.deps, { credential: first });
    expect(ok.verified, JSON.stringify(ok.checks)).toBe(true);
    expect(ok.issuer).toMatchObject({ known: true, slug: 'regents' });
    const served = await t.app.inject({ method: 'GET', url: `/endorsements/${q.programId}` });
    expect(served.headers['content-type']).toContain('application/vc+ld+json');
    expect(served.json()).toEqual(first);

    // Every badge of the program carries the endorsement in its achievement, and a verifier anywhere
    // checks it from the badge alone.
    const issuer = await as('issuer@redriver.example.edu');
    const org = (await r.organizations.findBySlug('red-river'))!;
    const badgeClass = (await r.badgeClasses.listForOrganization(org.id)).find((b) => b.programId === q.programId)!;
    const award = await issueAward(t.deps, issuer, { badgeClassId: badgeClass.id, raw: { recipient_email: 'endorsed.earner@example.com', recipient_name: 'E. Earner' } });
    const badge = JSON.parse(award.credential) as { credentialSubject: { achievement: { id: string; endorsement?: unknown[] } } };
    expect(badge.credentialSubject.achievement.endorsement).toEqual([first]);
    expect(badge.credentialSubject.achievement.id).toBe(first.credentialSubject && (first.credentialSubject as { id: string }).id);
    const badgeOk = await verifyAnything(t.deps, { credential: badge });
    expect(badgeOk.verified, JSON.stringify(badgeOk.checks)).toBe(true);
    expect(badgeOk.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'passed', message: expect.stringContaining(String(first.id)) });
    const page = () => verifyIssuedBadge(t.deps, { credential: award.credential, programId: q.programId, endorsedProgram: true });
    expect((await page()).checks.find((c) => c.id === 'regents_endorsement')).toMatchObject({ status: 'passed' });

    await transitionRequest(t.deps, reviewer, { requestId: q.id, action: 'suspend', comment: 'Partner withdrew.' });
    expect(await endorsementCredentialFor(t.deps, q.programId)).toBeUndefined();
    // The badge's own signature still holds; the endorsement inside it is revoked.
    const badgeSuspended = await verifyAnything(t.deps, { credential: badge });
    expect(badgeSuspended.verified).toBe(false);
    expect(badgeSuspended.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'passed' });
    expect(badgeSuspended.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'failed', message: expect.stringMatching(/status failed/) });
    const pageSuspended = await page();
    expect(pageSuspended.verified).toBe(false);
    expect(pageSuspended.checks.find((c) => c.id === 'regents_endorsement')).toMatchObject({ status: 'failed' });
    expect(pageSuspended.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'failed' });
    const revoked = await verifyAnything(t.deps, { credential: first });
    expect(revoked.verified).toBe(false);
    expect(revoked.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed' });
    expect(revoked.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'passed' });

    await transitionRequest(t.deps, reviewer, { requestId: q.id, action: 'reinstate' });
    const second = (await endorsementCredentialFor(t.deps, q.programId))!;
    expect(second.id).not.toBe(first.id);
    expect((await verifyAnything(t.deps, { credential: second })).verified).toBe(true);
    // The served document changed, and so did its ETag: the old one no longer answers 304.
    const reissued = await t.app.inject({ method: 'GET', url: `/endorsements/${q.programId}`, headers: { 'if-none-match': String(served.headers.etag) } });
    expect(reissued.statusCode).toBe(200);
    expect(reissued.headers.etag).not.toBe(served.headers.etag);
    expect(reissued.json()).toEqual(second);
    expect((await verifyAnything(t.deps, { credential: first })).verified).toBe(false);
    // The earlier badge's embedded copy is superseded on its page, where the current endorsement is checked.
    const pageAgain = await verifyIssuedBadge(t.deps, { credential: award.credential, programId: q.programId, endorsedProgram: true }, createBadgeVerificationCache());
    expect(pageAgain.verified, JSON.stringify(pageAgain.checks)).toBe(true);
    expect(pageAgain.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'passed', message: expect.stringMatching(/^Superseded: .*revoked on \d{4}-\d{2}-\d{2}.*endorsed the program again on/) });
    expect(pageAgain.checks.find((c) => c.id === 'regents_endorsement')).toMatchObject({ status: 'passed' });
    // A badge issued now carries the new endorsement.
    const later = await issueAward(t.deps, issuer, { badgeClassId: badgeClass.id, raw: { recipient_email: 'later.earner@example.com', recipient_name: 'L. Earner' } });
    expect((JSON.parse(later.credential) as typeof badge).credentialSubject.achievement.endorsement).toEqual([second]);
    expect((await verifyAnything(t.deps, { credential: later.credential })).verified).toBe(true);
  });

  it('serves endorsements with a strong ETag from the stored bytes (If-None-Match → 304) and open CORS', async () => {
    const [p] = await t.deps.db.selectFrom('programs').select('id').where('status', '=', 'active').where('endorsement', '=', 'endorsed').execute();
    const url = `/endorsements/${p!.id}`;
    const res = await t.app.inject({ method: 'GET', url, headers: { origin: 'https://wallet.example' } });
    expect(res.statusCode).toBe(200);
    const stored = (await t.deps.db.selectFrom('endorsements').select('credential').where('program_id', '=', p!.id).where('revoked_at', 'is', null).executeTakeFirstOrThrow()).credential;
    expect(res.body).toBe(stored);
    expect(res.headers.etag).toBe(etagOf(stored));
    expect(String(res.headers.etag)).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['set-cookie']).toBeUndefined();
    const etag = String(res.headers.etag);
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': inm } });
      expect(again.statusCode, inm).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['access-control-allow-origin']).toBe('*');
    }
    expect((await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/endorsements/no-such-program', headers: { accept: 'application/json' } })).statusCode).toBe(404);
  });

  it('gives the endorsed demo programs their endorsement, and none to listed ones', async () => {
    const rows = await t.deps.db.selectFrom('programs').select(['id', 'endorsement']).where('status', '=', 'active').execute();
    const endorsed = rows.filter((p) => p.endorsement === 'endorsed');
    expect(endorsed.length).toBeGreaterThan(0);
    for (const p of rows) expect(Boolean(await endorsementCredentialFor(t.deps, p.id)), p.id).toBe(p.endorsement === 'endorsed');
  });

  it('re-signs endorsements made under another public URL when the server starts, so new badges carry one that resolves', async () => {
    const moved = await makeTestApp(dialect, { fresh: t.fresh, seed: false, env: { LAUREL_PUBLIC_URL: 'http://laurel-moved.test' } });
    try {
      const did = organizationDid(moved.config, 'regents');
      const endorsed = await moved.deps.db.selectFrom('programs').select('id').where('status', '=', 'active').where('endorsement', '=', 'endorsed').execute();
      expect(await ensureEndorsements(moved.deps)).toBe(endorsed.length);
      for (const p of endorsed) expect(((await endorsementCredentialFor(moved.deps, p.id))!.issuer as { id: string }).id).toBe(did);
      const retired = await moved.deps.db.selectFrom('endorsements').select('revocation_reason').where('revocation_reason', 'like', 'Signed under another public URL%').execute();
      expect(retired).toHaveLength(endorsed.length);
      expect(await ensureEndorsements(moved.deps)).toBe(0);
    } finally {
      await moved.close();
    }
  });
});
