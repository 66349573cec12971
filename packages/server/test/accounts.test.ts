// Accounts through the pages, as a browser would use them: sign-in, lockout, sign-out, password reset
// by emailed link, invitations, profile and password change, CSRF.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/domain/seed/demo.ts';
import { listMailbox, readMailboxMessage } from '../src/mail/mailbox.ts';
import { mailDir } from '../src/mail/transport.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

async function latestMailTo(t: TestApp, email: string): Promise<{ subject: string; text: string; link: string }> {
  await t.app.laurel.worker.drain();
  const { items } = await listMailbox(mailDir(t.config), { page: 1, perPage: 50, to: email });
  expect(items.length, `a message to ${email}`).toBeGreaterThan(0);
  const m = (await readMailboxMessage(mailDir(t.config), items[0]!.file))!;
  const link = /(http:\/\/laurel\.test\/\S+)/.exec(m.text)?.[1] ?? '';
  return { subject: m.subject, text: m.text, link: link.replace('http://laurel.test', '') };
}

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('shows each demo role its own dashboard after sign-in', async () => {
    const expected: Record<string, RegExp> = {
      system_admin: /System administration/,
      regents_reviewer: /Regents staff reviewer/,
      chancellor: /<h2 id="sec-regents">Chancellor/,
      institution_admin: /Prairie State University[\s\S]*Institution administrator[\s\S]*Invite someone/,
      program_author: /Red River Community College[\s\S]*Program author/,
      issuer: /Red River Community College[\s\S]*Issuer/,
      earner: /Your badges/,
    };
    for (const u of DEMO_USERS) {
      const c = await signedIn(t.app, u.email);
      const res = await c.get('/dashboard');
      expect(res.statusCode, u.email).toBe(200);
      expect(res.body, u.role).toMatch(expected[u.role]!);
      if (u.role !== 'system_admin') expect(res.body, u.role).not.toMatch(/System administration/);
    }
  });

  it('refuses a wrong password with a clear message and no session', async () => {
    const c = new Client(t.app);
    const res = await c.post('/sign-in', { email: 'author@redriver.example.edu', password: 'not-the-password' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('The email address or password is not right');
    expect(c.cookies.has('laurel_session')).toBe(false);
    expect((await c.get('/dashboard')).headers.location).toBe('/sign-in?next=%2Fdashboard');
  });

  it('validates a malformed email next to the field', async () => {
    const c = new Client(t.app);
    const res = await c.post('/sign-in', { email: 'not-an-email', password: 'x' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="email-error"[^>]*>Enter an email address in the format/);
  });

  it('locks an account after five failed attempts, and a password reset unlocks it', async () => {
    const c = new Client(t.app);
    const email = 'issuer@redriver.example.edu';
    for (let i = 0; i < 4; i++) expect((await c.post('/sign-in', { email, password: `wrong-${i}-password` })).statusCode).toBe(401);
    const locked = await c.post('/sign-in', { email, password: 'wrong-again-password' });
    expect(locked.statusCode).toBe(423);
    expect(locked.body).toContain('locked until');
    // Even the right password is refused while locked.
    expect((await c.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(423);

    await c.post('/forgot-password', { email });
    const mail = await latestMailTo(t, email);
    expect(mail.subject).toBe('Reset your Laurel password');
    expect((await c.get(mail.link)).statusCode).toBe(200);
    const done = await c.post(mail.link, { password: 'a-brand-new-password', confirm: 'a-brand-new-password' });
    expect(done.statusCode).toBe(303);
    await c.signIn(email, 'a-brand-new-password');
    // The link works once.
    const again = await c.get(mail.link);
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('not valid or has already been used');
  });

  it('expires a reset link after an hour, and does not reveal unknown emails', async () => {
    const c = new Client(t.app);
    const unknown = await c.post('/forgot-password', { email: 'nobody@example.com' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('If an account exists for nobody@example.com');

    await c.post('/forgot-password', { email: 'student@example.com' });
    const mail = await latestMailTo(t, 'student@example.com');
    t.clock.now = new Date(Date.now() + 61 * 60_000);
    try {
      const res = await c.post(mail.link, { password: 'another-new-password', confirm: 'another-new-password' });
      expect(res.statusCode).toBe(410);
      expect(res.body).toContain('expired');
    } finally {
      t.clock.now = new Date();
    }
    // Nothing changed: the old password still works.
    await c.signIn('student@example.com');
  });

  it('refuses a reset with mismatched or weak passwords, keeping the link usable', async () => {
    const c = new Client(t.app);
    await c.post('/forgot-password', { email: 'reviewer@regents.example.org' });
    const mail = await latestMailTo(t, 'reviewer@regents.example.org');
    const weak = await c.post(mail.link, { password: 'short', confirm: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('Use at least 10 characters');
    const mismatch = await c.post(mail.link, { password: 'long-enough-password', confirm: 'different-password' });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('do not match');
    expect((await c.get(mail.link)).statusCode).toBe(200);
  });

  it('rejects a state-changing form without the CSRF token', async () => {
    const c = new Client(t.app);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { email: 'student@example.com', password: DEMO_PASSWORD }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired');
    const forged = await c.post('/sign-in', { email: 'student@example.com', password: DEMO_PASSWORD, _csrf: 'forged' }, { csrf: false });
    expect(forged.statusCode).toBe(403);
  });

  it('signs out and ends the session on the server', async () => {
    const c = await signedIn(t.app, 'student@example.com');
    const cookie = c.cookies.get('laurel_session')!;
    const res = await c.post('/sign-out', {});
    expect(res.statusCode).toBe(303);
    const replay = await t.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: `laurel_session=${cookie}`, accept: 'text/html' } });
    expect(replay.statusCode).toBe(302);
  });

  it('invites a new person by email, who accepts and lands on their dashboard', async () => {
    const admin = await signedIn(t.app, 'admin@prairiestate.example.edu');
    const res = await admin.post('/admin/users/invite', { organization: 'prairie-state', email: 'New.Author@PrairieState.example.edu', role: 'program_author' });
    expect(res.statusCode).toBe(303);
    const mail = await latestMailTo(t, 'new.author@prairiestate.example.edu');
    expect(mail.subject).toBe('You are invited to join Prairie State University on Laurel');

    const invitee = new Client(t.app);
    const page = await invitee.get(mail.link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Program author');
    const bad = await invitee.post(mail.link, { name: '', password: 'x', confirm: 'y' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Enter your full name');
    const ok = await invitee.post(mail.link, { name: 'Nia Author', password: 'nia-long-password', confirm: 'nia-long-password' });
    expect(ok.statusCode).toBe(303);
    const dash = await invitee.get('/dashboard');
    expect(dash.body).toContain('Welcome, Nia Author');
    expect(dash.body).toContain('Program author');
    // Used once only.
    expect((await new Client(t.app).get(mail.link)).statusCode).toBe(404);
  });

  it('lets an existing user accept an invitation only when signed in as the invited email', async () => {
    const sys = await signedIn(t.app, 'admin@regents.example.org');
    expect((await sys.post('/admin/users/invite', { organization: 'red-river', email: 'student@example.com', role: 'issuer' })).statusCode).toBe(303);
    const mail = await latestMailTo(t, 'student@example.com');
    const other = await signedIn(t.app, 'reviewer@regents.example.org');
    const wrong = await other.get(mail.link);
    expect(wrong.body).toContain('You are signed in as reviewer@regents.example.org');
    const student = await signedIn(t.app, 'student@example.com');
    expect((await student.post(mail.link, {})).statusCode).toBe(303);
    expect((await student.get('/dashboard')).body).toContain('Red River Community College');
  });

  it('expires invitations after seven days', async () => {
    const sys = await signedIn(t.app, 'admin@regents.example.org');
    await sys.post('/admin/users/invite', { organization: 'northern-plains', email: 'late@example.edu', role: 'issuer' });
    const mail = await latestMailTo(t, 'late@example.edu');
    t.clock.now = new Date(Date.now() + 8 * 86_400_000);
    try {
      const res = await new Client(t.app).get(mail.link);
      expect(res.statusCode).toBe(410);
      expect(res.body).toContain('This invitation has expired');
    } finally {
      t.clock.now = new Date();
    }
  });

  it('changes the name and the password from the account page', async () => {
    const c = await signedIn(t.app, 'chancellor@regents.example.org');
    expect((await c.post('/account/profile', { name: 'Chancellor M. Reyes' })).statusCode).toBe(303);
    expect((await c.get('/account')).body).toContain('Chancellor M. Reyes');
    const wrong = await c.post('/account/password', { current: 'nope', password: 'new-chancellor-pass', confirm: 'new-chancellor-pass' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Your current password is not right');
    expect((await c.post('/account/password', { current: DEMO_PASSWORD, password: 'new-chancellor-pass', confirm: 'new-chancellor-pass' })).statusCode).toBe(303);
    await new Client(t.app).signIn('chancellor@regents.example.org', 'new-chancellor-pass');
  });

  it('writes an audit event for each change', async () => {
    const actions = (await repos(t.deps.db).audit.list({ page: 1, perPage: 500 })).items.map((e) => e.action);
    for (const a of ['user.signed_in', 'user.locked_out', 'user.password_reset', 'invitation.created', 'invitation.accepted', 'user.profile_updated', 'user.password_changed']) {
      expect(actions).toContain(a);
    }
  });

  it('shows the mail in the Mailbox page to the system admin only', async () => {
    const sys = await signedIn(t.app, 'admin@regents.example.org');
    const list = await sys.get('/admin/mailbox');
    expect(list.statusCode).toBe(200);
    const id = /href="\/admin\/mailbox\/([0-9a-f-]{36})"/.exec(list.body)?.[1];
    expect(id).toBeTruthy();
    const msg = await sys.get(`/admin/mailbox/${id}`);
    expect(msg.statusCode).toBe(200);
    expect(msg.body).toMatch(/<a href="http:\/\/laurel\.test\/(invitations|reset-password)\//);
    expect(fs.existsSync(path.join(mailDir(t.config), `${id}.eml`))).toBe(true);
    const other = await signedIn(t.app, 'admin@prairiestate.example.edu');
    expect((await other.get('/admin/mailbox')).statusCode).toBe(403);
    expect((await other.get(`/admin/mailbox/${id}`)).statusCode).toBe(403);
    expect((await sys.get('/admin/mailbox/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
  });
});
