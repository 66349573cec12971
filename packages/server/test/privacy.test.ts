// An earner deletes their account (issue #20 point 5; docs/PRIVACY.md), on every dialect: re-authentication,
// the staff refusal, the badge policy (revoked, shown revoked by the status list and the verifier, the
// personal data erased from Laurel's copy), every table searched for what is left, and the audit log kept
// without personal data through its one sanctioned change.
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { newId } from '../src/domain/ids.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { acceptAwardInto } from '../src/domain/portfolio/portfolio.ts';
import { DELETION_REASON } from '../src/domain/privacy/delete-account.ts';
import { mailDir } from '../src/mail/transport.ts';
import type { Award } from '../src/storage/repositories/awards.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { findEverywhere } from './helpers/pii-scan.ts';

const EMAIL = 'student@example.com';
const SECOND = 'alex.rivera@students.example.edu';
const NAME = 'Alex Rivera';
const STUDENT_ID = 'RR-20261203-77';

type Check = { id: string; status: string };

describe.each(DIALECTS)('account deletion on %s', (dialect) => {
  let t: TestApp;
  let userId: string;
  let accepted: Award;
  let pending: Award;
  let token: string;

  beforeAll(async () => {
    t = await makeTestApp(dialect);
    const r = repos(t.deps.db);
    userId = (await r.users.findByEmail(EMAIL))!.id;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const [bc, bc2] = await r.ltiPlacements.placeableBadgeClasses(org.id);
    const now = new Date().toISOString();
    // A second, confirmed address: a badge sent to it is the earner's too.
    await r.earnerEmails.insert({ id: newId(), userId, email: SECOND, tokenHash: null, verifiedAt: now, at: now });
    accepted = await issueAward(t.deps, SYSTEM, { badgeClassId: bc!.id, raw: { recipient_email: EMAIL, recipient_name: NAME, issuer_earner_id: STUDENT_ID, evidence_narrative: 'Capstone project: a working prototype.' } });
    await acceptAwardInto(t.deps, SYSTEM, accepted, userId);
    await r.awards.setVisibility(accepted.id, 'public', now);
    pending = await issueAward(t.deps, SYSTEM, { badgeClassId: (bc2 ?? bc)!.id, raw: { recipient_email: SECOND, recipient_name: NAME, issuer_earner_id: STUDENT_ID } });
    // The claim emails are delivered to the file transport (one .eml each), and one more waits in the outbox.
    await t.app.laurel.worker!.drain();
    await r.jobs.enqueue({ id: newId(), queue: 'email', payload: { to: EMAIL, subject: 'Waiting', text: 'x', html: 'x' }, at: now });
    // Things held about the account in other tables.
    await t.deps.db.insertInto('invitations').values({ id: newId(), token_hash: newId(), organization_id: org.id, email: SECOND, role: 'issuer', invited_by: null, created_at: now, expires_at: now, accepted_at: null, revoked_at: null }).execute();
    const idp = newId();
    await t.deps.db.insertInto('identity_providers').values({ id: idp, organization_id: org.id, protocol: 'oidc', name: 'Red River SSO', status: 'active', settings: '{}', secrets_sealed: null, mapping: '{}', created_at: now, updated_at: now }).execute();
    await t.deps.db.insertInto('sso_identities').values({ id: newId(), idp_id: idp, subject: 'rr-sub-4417', user_id: userId, created_at: now, last_sign_in_at: now }).execute();
    await t.deps.db.insertInto('wallet_exchanges').values({ id: newId(), award_id: accepted.id, user_id: userId, challenge: 'c', holder_did: 'did:key:z6MkAlexWallet', created_at: now, expires_at: now, completed_at: now }).execute();
  });
  afterAll(async () => t?.close());

  it('refuses staff accounts with account_has_roles, on the page and the API', async () => {
    const issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
    const page = await issuer.get('/account/delete');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your account holds staff roles');
    expect(page.body).not.toContain('Delete my account permanently');
    const res = await issuer.api('DELETE', '/api/v1/me', { confirm: 'issuer@redriver.example.edu', password: 'whatever' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'account_has_roles' });
    expect(await repos(t.deps.db).users.findByEmail('issuer@redriver.example.edu')).toBeDefined();
  });

  it('requires the typed address and the password (re-authentication) before deleting', async () => {
    const student = await signedIn(t.app, EMAIL);
    const page = await student.get('/account/delete');
    expect(page.body).toContain('href="/portfolio/export.zip"');
    const noConfirm = await student.post('/account/delete', { confirm: '', password: 'wrong' });
    expect(noConfirm.statusCode).toBe(422);
    expect(noConfirm.body).toContain(`Type your email address, ${EMAIL}, to confirm.`);
    const wrong = await student.post('/account/delete', { confirm: EMAIL, password: 'not my password' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Your password is not right.');
    expect(wrong.body).toContain(`value="${EMAIL}"`);
    // A personal token alone is not enough either.
    const made = await student.post('/account/tokens', { token_name: 'Script' });
    token = /id="new-token">([^<]+)</.exec(made.body)![1]!.trim();
    const api = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: bearer(token), payload: { confirm: EMAIL } });
    expect(api.statusCode).toBe(422);
    expect(api.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'password' }] });
    const apiWrong = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: bearer(token), payload: { confirm: EMAIL, password: 'nope' } });
    expect(apiWrong.statusCode).toBe(422);
    expect(apiWrong.json()).toMatchObject({ code: 'wrong_password' });
    expect(await repos(t.deps.db).users.findById(userId)).toBeDefined();
  });

  it('deletes the account: badges revoked and erased, nothing personal left in any table, the audit kept', async () => {
    const r = repos(t.deps.db);
    const auditBefore = await t.deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(fs.readdirSync(mailDir(t.config)).length).toBeGreaterThanOrEqual(2);
    // Before: the address, the name and the student id are all over the database.
    for (const needle of [EMAIL, SECOND, STUDENT_ID]) expect(Object.keys(await findEverywhere(t.deps.db, dialect, needle)).length, needle).toBeGreaterThan(0);

    const student = await signedIn(t.app, EMAIL);
    // Two-step settings and a passkey, added once signed in (with them, signing in asks for a second step).
    const at = new Date().toISOString();
    await t.deps.db.insertInto('user_mfa').values({ user_id: userId, secret_sealed: 'sealed', enabled_at: at, last_step: null, created_at: at, updated_at: at }).execute();
    await t.deps.db.insertInto('mfa_recovery_codes').values({ id: newId(), user_id: userId, code_hash: 'h', created_at: at, used_at: null }).execute();
    await t.deps.db.insertInto('webauthn_credentials').values({ id: newId(), user_id: userId, public_key: 'pk', counter: 0, transports: '[]', device_type: 'singleDevice', backed_up: 0, name: 'Laptop', created_at: at, last_used_at: null }).execute();
    const res = await student.post('/account/delete', { confirm: ` ${EMAIL.toUpperCase()} `, password: 'laurel-demo-2026' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/');
    // Signed out: the session is gone.
    const after = await student.get('/account');
    expect(after.statusCode).toBe(302);
    expect(String(after.headers.location)).toContain('/sign-in');

    // Every text column of every table, searched.
    for (const needle of [EMAIL, SECOND, STUDENT_ID, NAME, 'rr-sub-4417', 'did:key:z6MkAlexWallet', userId]) {
      const left = await findEverywhere(t.deps.db, dialect, needle);
      // The user id stays only as the actor or subject id of audit events ("deleted user <id>").
      if (needle === userId) for (const k of Object.keys(left)) expect(['audit_events.actor_user_id', 'audit_events.subject_id'], `${needle} in ${k}`).toContain(k);
      else expect(left, needle).toEqual({});
    }
    expect(fs.readdirSync(mailDir(t.config)).filter((f) => f.endsWith('.eml'))).toEqual([]);

    // Both badges are revoked with the deletion's reason, private, and carry no person.
    for (const a of [accepted, pending]) {
      const after = (await r.awards.findById(a.id))!;
      expect(after).toMatchObject({ revocationReason: DELETION_REASON, visibility: 'private', recipientName: '', issuerEarnerId: null, earnerUserId: null, evidenceNarrative: null });
      expect(after.revokedAt).not.toBeNull();
      expect(after.recipientEmail).toBe(`erased-${a.id}@erased.invalid`);
      // Laurel's copy of the signed credential stays byte for byte (it names the earner only by a salted hash).
      expect(after.credential).toBe(a.credential);
    }
    // Shared copies stop verifying: the verifier reads the revocation list and says revoked.
    const v = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: JSON.parse(accepted.credential) as object } });
    expect(v.statusCode).toBe(200);
    const report = v.json() as { verified: boolean; checks: Check[] };
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => c.id === 'status')?.status).toBe('failed');

    // The audit log: nothing removed, the deletion recorded, the actor shown as a deleted user.
    const auditAfter = await t.deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(auditAfter.n)).toBeGreaterThan(Number(auditBefore.n));
    const mine = await t.deps.db.selectFrom('audit_events').selectAll().where((eb) => eb.or([eb('actor_user_id', '=', userId), eb('subject_id', '=', userId)])).execute();
    expect(mine.length).toBeGreaterThan(2);
    for (const e of mine) expect(e.ip, e.action).toBeNull();
    const deleted = mine.find((e) => e.action === 'user.deleted')!;
    expect(JSON.parse(deleted.data)).toMatchObject({ policy: 'revoke_and_erase', awardsRevoked: 2, awardsErased: 2 });
    const listed = await r.audit.list({ action: 'user.deleted', page: 1, perPage: 5 });
    expect(listed.items[0]?.actorName).toBe(`deleted user ${userId}`);
    const revokedEvents = await r.audit.list({ action: 'award.revoked', subjectId: accepted.id, page: 1, perPage: 5 });
    expect(revokedEvents.items[0]?.data).toMatchObject({ reason: DELETION_REASON });
    // The token died with the account.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('keeps the audit log append-only except for a redaction', async () => {
    const e = (await t.deps.db.selectFrom('audit_events').select(['id']).limit(1).executeTakeFirstOrThrow()).id;
    await expect(t.deps.db.updateTable('audit_events').set({ data: '{}' }).where('id', '=', e).execute()).rejects.toThrow(/append-only/);
    await expect(t.deps.db.updateTable('audit_events').set({ action: 'x', redacted_at: new Date().toISOString() }).where('id', '=', e).execute()).rejects.toThrow(/append-only/);
    await expect(t.deps.db.updateTable('audit_events').set({ ip: '10.9.9.9', redacted_at: new Date().toISOString() }).where('id', '=', e).execute()).rejects.toThrow(/append-only/);
    await expect(t.deps.db.deleteFrom('audit_events').where('id', '=', e).execute()).rejects.toThrow(/append-only/);
    await t.deps.db.updateTable('audit_events').set({ data: '{"redacted":true}', ip: null, redacted_at: new Date().toISOString() }).where('id', '=', e).execute();
    await expect(t.deps.db.updateTable('audit_events').set({ redacted_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', e).execute()).rejects.toThrow(/append-only/);
  });

  it('lets an account without a password delete itself only right after signing in', async () => {
    const r = repos(t.deps.db);
    const email = 'sso.earner@example.com';
    await r.users.insert({ id: newId(), email, name: 'Sam Campus', passwordHash: await t.deps.passwords.hash('temporary-pass-123'), at: new Date().toISOString() });
    const c = new Client(t.app);
    await c.get('/sign-in');
    await c.signIn(email, 'temporary-pass-123');
    const id = (await r.users.findByEmail(email))!.id;
    // As a campus sign-in account: no password of its own.
    await sql`UPDATE users SET password_hash = NULL WHERE id = ${id}`.execute(t.deps.db);
    const page = await c.get('/account/delete');
    expect(page.body).not.toContain('name="password"');
    const start = t.clock.now;
    try {
      t.clock.now = new Date(start.getTime() + 16 * 60_000);
      const late = await c.post('/account/delete', { confirm: email });
      expect(late.statusCode).toBe(403);
      expect(late.body).toContain('sign out and sign in again');
      t.clock.now = new Date(start.getTime() + 60_000);
      const ok = await c.post('/account/delete', { confirm: email });
      expect(ok.statusCode, ok.body).toBe(303);
      expect(await r.users.findById(id)).toBeUndefined();
    } finally {
      t.clock.now = start;
    }
  });
});
