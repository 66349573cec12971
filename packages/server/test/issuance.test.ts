// Issuing: single awards, the duplicate and re-issue rules, bulk CSV (preview, confirm, idempotent per
// row), revoke/suspend/reinstate with the status list, the claim flow and the portfolio, on every dialect.
import { extractPng, validateOb3Schema } from '@laurel/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import type { UserActor } from '../src/domain/actor.ts';
import { getStatusBitFor } from '../src/domain/credentials/status-lists.ts';
import { verifyCredentialHere } from '../src/domain/credentials/verify-credential.ts';
import { batchErrorReport, batchProgress, confirmBatch, createBatch, processBatchChunk } from '../src/domain/issuance/batches.ts';
import { issueAward, issueAwards } from '../src/domain/issuance/issue-awards.ts';
import { reinstateAward, revokeAward, suspendAward } from '../src/domain/issuance/manage-awards.ts';
import { sendExpiryReminders } from '../src/domain/issuance/reminders.ts';
import { acceptClaim, createAccountFromClaim, listPortfolio, setAwardVisibility } from '../src/domain/portfolio/portfolio.ts';
import { certificateLayout } from '../src/domain/portfolio/certificate.ts';
import { linkedInUrl } from '../src/domain/portfolio/share.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';

export async function badgeClassOf(t: TestApp, slug: string, index = 0) {
  const r = repos(t.deps.db);
  const org = (await r.organizations.findBySlug(slug))!;
  const classes = await r.badgeClasses.listForOrganization(org.id);
  return classes[index]!;
}

export async function userActor(t: TestApp, email: string): Promise<UserActor> {
  const u = (await repos(t.deps.db).users.findByEmail(email))!;
  return (await actorForUser(t.deps, u.id))!;
}

function csv(rows: string[]): string {
  return `recipient_email,first_name,last_name,issued_at\n${rows.join('\n')}\n`;
}

describe.each(DIALECTS)('issuing on %s', (dialect) => {
  let t: TestApp;
  let issuer: UserActor;
  let bcId: string;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_SIGNING_THREADS: '0' } });
    issuer = await userActor(t, 'issuer@redriver.example.edu');
    bcId = (await badgeClassOf(t, 'red-river')).id;
  });
  afterAll(async () => t?.close());

  it('issues a signed OB 3.0 credential built from the badge class, stored as signed, that verifies', async () => {
    const a = await issueAward(t.deps, issuer, { badgeClassId: bcId, raw: { recipient_email: 'Pat.Doe@Example.com', first_name: 'Pat', last_name: 'Doe', evidence: 'https://example.edu/e/1' } });
    expect(a.recipientEmail).toBe('pat.doe@example.com');
    const stored = (await repos(t.deps.db).awards.findById(a.id))!;
    expect(stored.credential).toBe(a.credential);
    const c = JSON.parse(a.credential) as Record<string, any>;
    expect(c.type).toContain('OpenBadgeCredential');
    expect(c.credentialSubject.achievement.achievementType).toBeTruthy();
    expect(c.credentialSubject.achievement.tag.length).toBeGreaterThan(0);
    expect(c.credentialStatus.statusPurpose).toBe('revocation');
    expect(c.evidence[0].id).toBe('https://example.edu/e/1');
    expect(validateOb3Schema(c).valid).toBe(true);
    const report = await verifyCredentialHere(t.deps, c, { recipient: { email: 'pat.doe@example.com' } });
    expect(report.checks.filter((x) => x.status !== 'passed')).toEqual([]);
    expect(report.verified).toBe(true);
  });

  it('refuses a duplicate unless re-issue is asked, which revokes the old award as superseded', async () => {
    const raw = { recipient_email: 'dup@example.com', recipient_name: 'Dup Licate' };
    const first = await issueAward(t.deps, issuer, { badgeClassId: bcId, raw });
    await expect(issueAward(t.deps, issuer, { badgeClassId: bcId, raw })).rejects.toMatchObject({ code: 'duplicate_award' });
    const second = await issueAward(t.deps, issuer, { badgeClassId: bcId, raw, reissue: true });
    const old = (await repos(t.deps.db).awards.findById(first.id))!;
    expect(old.revocationReason).toBe('superseded');
    expect(await getStatusBitFor(t.deps, { organizationId: old.organizationId, purpose: 'revocation', listSeq: old.statusListSeq, index: old.statusIndex })).toBe(true);
    expect((await verifyCredentialHere(t.deps, JSON.parse(old.credential))).outcome).toBe('failed');
    expect(second.revokedAt).toBeNull();
    // Same issuer earner id, other email: still a duplicate.
    await issueAward(t.deps, issuer, { badgeClassId: bcId, raw: { recipient_email: 'sid1@example.com', recipient_name: 'S', issuer_earner_id: 'S-1' } });
    await expect(issueAward(t.deps, issuer, { badgeClassId: bcId, raw: { recipient_email: 'sid2@example.com', recipient_name: 'S', issuer_earner_id: 'S-1' } })).rejects.toMatchObject({ code: 'duplicate_award' });
  });

  it('gives per-field errors for bad input and stores nothing', async () => {
    const before = await repos(t.deps.db).awards.countForOrganization(issuer.memberships[0]!.organizationId);
    await expect(issueAward(t.deps, issuer, { badgeClassId: bcId, raw: { recipient_email: 'nope', issued_at: '2026-13-45', expires_at: 'soon' } })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { recipient_email: expect.any(String), recipient_name: expect.any(String), issued_at: expect.any(String), expires_at: expect.any(String) },
    });
    expect(await repos(t.deps.db).awards.countForOrganization(issuer.memberships[0]!.organizationId)).toBe(before);
  });

  it('lets no one else issue: another institution’s issuer, an earner', async () => {
    const prairieAdmin = await userActor(t, 'admin@prairiestate.example.edu');
    await expect(issueAward(t.deps, prairieAdmin, { badgeClassId: bcId, raw: { recipient_email: 'x@example.com', recipient_name: 'X' } })).rejects.toMatchObject({ code: 'forbidden' });
    const student = await userActor(t, 'student@example.com');
    await expect(issueAward(t.deps, student, { badgeClassId: bcId, raw: { recipient_email: 'x@example.com', recipient_name: 'X' } })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('bulk: previews every row with its errors, issues the valid rows once, reports the rest', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `bulk${i}@example.com,First${i},Last${i},2026-01-15`);
    rows[3] = 'not-an-email,Bad,Row,2026-01-15';
    rows[10] = 'bulk0@example.com,Again,Dup,2026-01-15';
    const b = await createBatch(t.deps, issuer, { badgeClassId: bcId, filename: 'class.csv', csv: csv(rows) });
    expect(b.totalRows).toBe(25);
    expect(b.invalidRows).toBe(2);
    const report = await batchErrorReport(t.deps, issuer, b.id);
    expect(report).toContain('not-an-email');
    expect(report).toContain('already on row 2');
    await confirmBatch(t.deps, issuer, b.id);
    await confirmBatch(t.deps, issuer, b.id); // a second click queues nothing more
    await t.app.laurel.worker.drain();
    const p = await batchProgress(t.deps, issuer, b.id);
    expect(p).toMatchObject({ issued: 23, invalid: 2, failed: 0, pending: 0, finished: true, percent: 100 });
    // Running a chunk again (a crashed job retried) issues nothing twice.
    await processBatchChunk(t.deps, { batchId: b.id, from: 2, to: 26 });
    const count = await t.deps.db.selectFrom('awards').select((eb) => eb.fn.countAll<number>().as('n')).where('batch_id', '=', b.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(23);
    // Re-uploading the same file: every row is now a duplicate.
    const again = await createBatch(t.deps, issuer, { badgeClassId: bcId, filename: 'class.csv', csv: csv(rows) });
    expect(again.invalidRows).toBe(25);
    // Claim emails were queued for the issued rows.
    const emails = await t.deps.db.selectFrom('jobs').select('payload').where('queue', '=', 'email').execute();
    expect(emails.filter((e) => e.payload.includes('bulk5@example.com')).length).toBe(1);
  });

  it('refuses files that are not usable, with a message for the file field', async () => {
    await expect(createBatch(t.deps, issuer, { badgeClassId: bcId, filename: 'x.csv', csv: 'email,name\na@b.co,A\n' })).rejects.toMatchObject({ code: 'validation_failed', fields: { file: expect.stringContaining('recipient_email') } });
    await expect(createBatch(t.deps, issuer, { badgeClassId: bcId, filename: 'x.csv', csv: '' })).rejects.toMatchObject({ fields: { file: expect.any(String) } });
  });

  it('revokes, suspends and reinstates with a reason; the revocation bit changes at once', async () => {
    const a = await issueAward(t.deps, issuer, { badgeClassId: bcId, raw: { recipient_email: 'rev@example.com', recipient_name: 'Rev' } });
    await expect(revokeAward(t.deps, issuer, { awardId: a.id, reason: '' })).rejects.toMatchObject({ code: 'validation_failed' });
    const s = await suspendAward(t.deps, issuer, { awardId: a.id, reason: 'Under review' });
    expect(s.suspensionReason).toBe('Under review');
    const back = await reinstateAward(t.deps, issuer, { awardId: a.id, reason: 'Cleared' });
    expect(back.suspendedAt).toBeNull();
    const prairieAdmin = await userActor(t, 'admin@prairiestate.example.edu');
    await expect(revokeAward(t.deps, prairieAdmin, { awardId: a.id, reason: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await revokeAward(t.deps, issuer, { awardId: a.id, reason: 'Issued in error' });
    const report = await verifyCredentialHere(t.deps, JSON.parse(a.credential));
    expect(report.checks.find((c) => c.id === 'status')?.status).toBe('failed');
  });

  it('claim: a new earner creates an account from the link, accepts, publishes; the badge lands in the portfolio', async () => {
    const [res] = await issueAwards(t.deps, issuer, { badgeClassId: bcId, items: [{ raw: { recipient_email: 'newbie@example.com', recipient_name: 'New Bie', expires_at: '2030-06-30T12:00:00Z' } }] });
    expect(res?.ok).toBe(true);
    const job = await t.deps.db.selectFrom('jobs').select('payload').where('queue', '=', 'email').where('payload', 'like', '%newbie@example.com%').executeTakeFirstOrThrow();
    const token = /\/claim\/([A-Za-z0-9_-]+)/.exec(job.payload)![1]!;
    const { userId } = await createAccountFromClaim(t.deps, { token, name: 'New Bie', password: 'a-long-password-1' });
    const me = (await actorForUser(t.deps, userId))!;
    const mine = await listPortfolio(t.deps, me);
    expect(mine.map((b) => b.award.recipientEmail)).toEqual(['newbie@example.com']);
    expect(mine[0]!.status).toBe('accepted');
    await setAwardVisibility(t.deps, me, { awardId: mine[0]!.award.id, visibility: 'public' });
    const url = new URL(linkedInUrl({ publicUrl: 'http://laurel.test', timeZone: 'America/Chicago' }, mine[0]!));
    expect(url.searchParams.get('startTask')).toBe('CERTIFICATION_NAME');
    expect(url.searchParams.get('expirationYear')).toBe('2030');
    expect(url.searchParams.get('expirationMonth')).toBe('6');
    expect(url.searchParams.get('certId')).toBe(mine[0]!.award.id);
    // The student (another account) cannot accept someone else's claim link.
    const student = await userActor(t, 'student@example.com');
    await expect(acceptClaim(t.deps, student, token)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('serves the baked PNG of a public badge, whose credential verifies', async () => {
    const a = await issueAward(t.deps, issuer, { badgeClassId: bcId, raw: { recipient_email: 'student@example.com', recipient_name: 'Alex Rivera' } });
    const anon = await t.app.inject({ method: 'GET', url: `/badges/${a.id}.png` });
    expect(anon.statusCode).toBe(404);
    const c = await signedIn(t.app, 'student@example.com');
    const png = await c.get(`/badges/${a.id}.png`);
    expect(png.statusCode).toBe(200);
    const extracted = extractPng(png.rawPayload)!;
    expect(extracted.payload).toBe(a.credential);
    expect((await verifyCredentialHere(t.deps, png.rawPayload)).verified).toBe(true);
    for (const ext of ['svg', 'json', 'jwt']) expect((await c.get(`/badges/${a.id}.${ext}`)).statusCode).toBe(200);
    const pdf = await c.get(`/badges/${a.id}/certificate.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Downloaded (not opened in the tab), under a name that says what it is.
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="[a-z0-9-]+-certificate\.pdf"$/);
    expect(pdf.headers['content-disposition']).not.toContain(a.id);
  });

  it('lays the certificate out with no line running into the QR code or off the page', async () => {
    const layout = await certificateLayout({
      badgeName: 'Advanced Manufacturing Technician Level II: Computer Numerical Control Programming',
      earnerName: 'Maria Guadalupe Hernández-Villanueva de la Cruz',
      institutionName: 'Northern Plains Regional University',
      issuedOn: 'December 3, 2026',
      expiresOn: 'December 3, 2028',
      endorsed: true,
      status: 'Active',
      badgeUrl: `http://laurel.test/badges/${'0'.repeat(8)}-0000-7000-8000-000000000000`,
      badgePng: Buffer.alloc(0),
      credentialId: 'urn:uuid:019ae4c2-7b3f-7c1e-9a53-2f4e8d6b1c0a',
    });
    const { qr } = layout;
    for (const t of layout.texts) {
      expect(t.x, t.text).toBeGreaterThanOrEqual(36);
      expect(t.x + t.width, t.text).toBeLessThanOrEqual(792 - 36);
      const overlapsQr = t.x < qr.x + qr.size && t.x + t.width > qr.x && t.y < qr.y + qr.size && t.y + t.size > qr.y;
      expect(overlapsQr, t.text).toBe(false);
    }
    expect(layout.texts.some((t) => t.text.includes('urn:uuid:019ae4c2-7b3f-7c1e-9a53-2f4e8d6b1c0a'))).toBe(true);
  });

  it('job claims take at most `limit` jobs, and two workers never take the same one', async () => {
    const r = repos(t.deps.db);
    const at = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 5; i++) await r.jobs.enqueue({ id: `claim-test-${i}`, queue: 'claim_test', payload: { i }, at });
    const now = new Date().toISOString();
    const lease = new Date(Date.now() + 60_000).toISOString();
    const a = await r.jobs.claim({ queue: 'claim_test', worker: 'A', now, leaseUntil: lease, limit: 2 });
    const b = await r.jobs.claim({ queue: 'claim_test', worker: 'B', now, leaseUntil: lease, limit: 2 });
    expect([a.length, b.length]).toEqual([2, 2]);
    expect(new Set([...a, ...b].map((j) => j.id)).size).toBe(4);
    // At the same moment: a loser may get fewer, but no job is ever taken twice.
    for (let i = 5; i < 15; i++) await r.jobs.enqueue({ id: `claim-test-${i}`, queue: 'claim_test', payload: { i }, at });
    const both = await Promise.all(['C', 'D'].map((w) => r.jobs.claim({ queue: 'claim_test', worker: w, now, leaseUntil: lease, limit: 3 })));
    const ids = both.flat().map((j) => j.id);
    expect(both.every((x) => x.length <= 3)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('queues one reminder 30 days before expiry', async () => {
    await issueAward(t.deps, issuer, { badgeClassId: bcId, raw: { recipient_email: 'soon@example.com', recipient_name: 'Soon', expires_at: new Date(Date.now() + 10 * 86_400_000).toISOString() } });
    expect(await sendExpiryReminders(t.deps)).toBeGreaterThanOrEqual(1);
    expect(await sendExpiryReminders(t.deps)).toBe(0);
  });
});

describe.each(DIALECTS)('issuing API and isolation on %s', (dialect) => {
  let t: TestApp;
  let redToken: string;
  let prairieToken: string;
  let issuerToken: string;
  let bcId: string;
  let prairieBc: string;

  beforeAll(async () => {
    const { SYSTEM } = await import('../src/domain/actor.ts');
    const { createOrganizationToken, createPersonalToken } = await import('../src/domain/accounts/api-tokens.ts');
    t = await makeTestApp(dialect, { env: { LAUREL_SIGNING_THREADS: '0' } });
    redToken = (await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'red-river', name: 'SIS' })).token;
    prairieToken = (await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'prairie-state', name: 'SIS' })).token;
    const issuer = await userActor(t, 'issuer@redriver.example.edu');
    issuerToken = (await createPersonalToken(t.deps, issuer, { userId: issuer.userId, name: 'script' })).token;
    bcId = (await badgeClassOf(t, 'red-river')).id;
    prairieBc = (await badgeClassOf(t, 'prairie-state')).id;
  });
  afterAll(async () => t?.close());

  const call = (method: 'GET' | 'POST', url: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });

  it('lists the caller’s badge classes, issues with an idempotency key, reads, bakes and revokes', async () => {
    const list = await call('GET', '/api/v1/badge-classes', redToken);
    expect(list.statusCode).toBe(200);
    const items = (list.json() as { items: { id: string; institution: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.institution === 'red-river')).toBe(true);
    const body = { badge_class_id: bcId, recipient_email: 'api@example.com', first_name: 'Api', last_name: 'User', evidence: { url: 'https://example.edu/x', narrative: 'Did it' }, suppress_notification: true };
    const first = await call('POST', '/api/v1/awards', redToken, body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    const again = await call('POST', '/api/v1/awards', redToken, body, { 'idempotency-key': 'k-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const other = await call('POST', '/api/v1/awards', redToken, { ...body, recipient_email: 'x@example.com' }, { 'idempotency-key': 'k-1' });
    expect(other.json().code).toBe('idempotency_conflict');
    const dup = await call('POST', '/api/v1/awards', redToken, body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('duplicate_award');
    const bad = await call('POST', '/api/v1/awards', issuerToken, { badge_class_id: bcId, recipient_email: 'nope' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['recipient_email', 'recipient_name']));
    const batch = await call('POST', '/api/v1/awards', issuerToken, { awards: [{ badge_class_id: bcId, recipient_email: 'b1@example.com', recipient_name: 'B One' }, { badge_class_id: bcId, recipient_email: 'bad', recipient_name: 'B Two' }] });
    expect(batch.statusCode).toBe(200);
    expect(batch.json()).toMatchObject({ issued: 1, failed: 1 });
    const id = first.json().id as string;
    const got = await call('GET', `/api/v1/awards/${id}`, issuerToken);
    expect(got.json()).toMatchObject({ id, status: 'pending', credential: { type: expect.arrayContaining(['OpenBadgeCredential']) } });
    const png = await call('GET', `/api/v1/awards/${id}/image.png`, redToken);
    expect(extractPng(png.rawPayload)?.payload).toBe(got.json().credential ? (await repos(t.deps.db).awards.findById(id))!.credential : '');
    expect((await call('GET', `/api/v1/awards/${id}/image.svg`, redToken)).statusCode).toBe(200);
    const revoked = await call('POST', `/api/v1/awards/${id}/revoke`, redToken, { reason: 'Entered in error' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revocation_reason: 'Entered in error' });
  });

  it('keeps institutions apart on every route', async () => {
    const a = (await call('POST', '/api/v1/awards', redToken, { badge_class_id: bcId, recipient_email: 'iso@example.com', recipient_name: 'Iso' })).json().id as string;
    // Prairie State's token cannot issue Red River's badge class, nor see or revoke its awards.
    expect((await call('POST', '/api/v1/awards', prairieToken, { badge_class_id: bcId, recipient_email: 'p@example.com', recipient_name: 'P' })).statusCode).toBe(403);
    for (const url of [`/api/v1/awards/${a}`, `/api/v1/awards/${a}/image.png`, `/api/v1/awards/${a}/image.svg`]) expect((await call('GET', url, prairieToken)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/awards/${a}/revoke`, prairieToken, { reason: 'x' })).statusCode).toBe(404);
    const pcls = (await call('GET', '/api/v1/badge-classes', prairieToken)).json().items as { id: string }[];
    expect(pcls.some((c) => c.id === bcId)).toBe(false);
    // Red River's token cannot issue Prairie State's badge class.
    expect((await call('POST', '/api/v1/awards', redToken, { badge_class_id: prairieBc, recipient_email: 'p@example.com', recipient_name: 'P' })).statusCode).toBe(403);
    // Pages: another institution's admin gets "not found" for the award and its actions.
    const prairieAdmin = await signedIn(t.app, 'admin@prairiestate.example.edu');
    for (const url of [`/issuing/awards/${a}`, `/issuing/awards/${a}/revoke`, `/issuing/awards/${a}/suspend`]) expect((await prairieAdmin.get(url)).statusCode).toBe(404);
    expect((await prairieAdmin.post(`/issuing/awards/${a}/revoke`, { reason: 'x' })).statusCode).toBe(404);
    expect((await prairieAdmin.get(`/issuing/badge-classes/${bcId}/issue`)).statusCode).toBe(404);
    expect((await prairieAdmin.post(`/issuing/badge-classes/${bcId}/issue`, { recipient_email: 'p@example.com', first_name: 'P' })).statusCode).toBe(403);
    const listing = await prairieAdmin.get('/issuing/awards?q=iso%40example.com');
    expect(listing.body).not.toContain(`/issuing/awards/${a}`);
    expect(listing.body).toContain('No award matches.');
    // An earner has no issuing at all; a private badge is not visible to strangers.
    const student = await signedIn(t.app, 'student@example.com');
    expect((await student.get('/issuing')).statusCode).toBe(403);
    expect((await student.get(`/badges/${a}`)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/awards/${a}`, issuerToken)).statusCode).toBe(200);
  });

  it('pages: issue one from the form with errors next to fields, then see it in the list and detail', async () => {
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    const home = await c.get('/issuing');
    expect(home.statusCode).toBe(200);
    const bad = await c.post(`/issuing/badge-classes/${bcId}/issue`, { recipient_email: 'bad', first_name: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('usa-error-message');
    const ok = await c.post(`/issuing/badge-classes/${bcId}/issue`, { recipient_email: 'form@example.com', first_name: 'Form', last_name: 'User' });
    expect(ok.statusCode).toBe(303);
    const detail = await c.get(ok.headers.location as string);
    expect(detail.body).toContain('form@example.com');
    expect(detail.body).toContain('Badge issued');
    const dash = await c.get('/dashboard');
    expect(dash.statusCode).toBe(200);
  });
});
