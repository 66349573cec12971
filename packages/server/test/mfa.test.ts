// Multi-factor (TOTP) for password accounts, through the pages as a browser uses them and as use cases:
// enrolment, the second sign-in step (codes, recovery codes, expiry, lockout), required enrolment for
// Regents roles and administrators, turning off, and the system administrator's reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecret, currentCode } from '../src/domain/accounts/mfa-core.ts';
import { getMfaRequirement, resetUserMfa, setMfaRequirement } from '../src/domain/accounts/manage-mfa.ts';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import { makeUser } from './factories/organizations.ts';

describe.each(DIALECTS)('two-step verification on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** Each accepted code must be from a new 30-second step (a code cannot be replayed). */
  const tick = () => {
    t.clock.now = new Date(t.clock.now.getTime() + 31_000);
  };
  const userId = async (email: string) => (await repos(t.deps.db).users.findByEmail(email))!.id;
  const secretOf = async (email: string) => {
    const id = await userId(email);
    const row = (await repos(t.deps.db).mfa.find(id))!;
    return openSecret(t.deps, id, row.secretSealed);
  };
  const codeFor = async (email: string) => currentCode(t.deps, await secretOf(email));

  async function enrol(c: Client, email: string): Promise<string[]> {
    const page = await c.get('/account/two-step/enrol');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data:image/svg+xml;base64,');
    const secret = await secretOf(email);
    expect(page.body).toContain(secret.slice(0, 4));
    tick();
    const done = await c.post('/account/two-step/enrol', { code: currentCode(t.deps, secret) });
    expect(done.statusCode).toBe(201);
    const codes = [...done.body.matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    return codes;
  }

  async function passwordStep(email: string): Promise<Client> {
    const c = new Client(t.app);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { email, password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toMatch(/^\/sign-in\/verify/);
    expect(c.cookies.has('laurel_session')).toBe(false);
    const page = await c.get(String(res.headers.location));
    expect(page.body).toContain('Enter the 6-digit code from your authenticator app');
    return c;
  }

  const auditActions = async (email: string) => (await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', await userId(email)).execute()).map((r) => r.action);

  it('enrols, then asks for the code at sign-in; a wrong code is refused next to the field; a right one signs in', async () => {
    const email = 'issuer@redriver.example.edu';
    const c = await signedIn(t.app, email);
    const unconfirmed = await c.post('/account/two-step/enrol', { code: '000000' });
    expect(unconfirmed.statusCode).toBe(422);
    await enrol(c, email);
    expect((await c.get('/account')).body).toContain('Unused recovery codes: 10 of 10');
    await c.post('/sign-out', {});

    const s = await passwordStep(email);
    expect((await s.get('/dashboard')).headers.location).toMatch(/^\/sign-in/);
    const wrong = await s.post('/sign-in/verify', { code: '123456', next: '/dashboard' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toMatch(/id="code-error"[^>]*>That code is not right/);
    expect(wrong.body).toContain('value="123456"');
    tick();
    const ok = await s.post('/sign-in/verify', { code: await codeFor(email), next: '/dashboard' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/dashboard');
    expect((await s.get('/dashboard')).statusCode).toBe(200);
    expect(await auditActions(email)).toEqual(expect.arrayContaining(['user.mfa_enrolled', 'user.mfa_failed', 'user.signed_in']));
  });

  it('a code cannot be replayed within its step, and the pending step is single use', async () => {
    const email = 'issuer@redriver.example.edu';
    tick();
    const code = await codeFor(email);
    const a = await passwordStep(email);
    expect((await a.post('/sign-in/verify', { code, next: '/dashboard' })).statusCode).toBe(303);
    const b = await passwordStep(email);
    expect((await b.post('/sign-in/verify', { code, next: '/dashboard' })).statusCode).toBe(401);
  });

  it('a recovery code works once, not twice', async () => {
    const email = 'author@redriver.example.edu';
    const c = await signedIn(t.app, email);
    const codes = await enrol(c, email);
    const first = await passwordStep(email);
    expect((await first.post('/sign-in/verify', { code: codes[0]!.toUpperCase(), next: '/dashboard' })).statusCode).toBe(303);
    const again = await passwordStep(email);
    expect((await again.post('/sign-in/verify', { code: codes[0]!, next: '/dashboard' })).statusCode).toBe(401);
    expect((await again.post('/sign-in/verify', { code: codes[1]!, next: '/dashboard' })).statusCode).toBe(303);
    expect(await auditActions(email)).toContain('user.mfa_recovery_code_used');

    await again.get('/account/two-step/recovery-codes');
    const regen = await again.post('/account/two-step/recovery-codes', {});
    expect(regen.statusCode).toBe(201);
    const fresh = await passwordStep(email);
    expect((await fresh.post('/sign-in/verify', { code: codes[2]!, next: '/dashboard' })).statusCode).toBe(401);
    expect(await auditActions(email)).toContain('user.mfa_recovery_codes_regenerated');
  });

  it('the pending second step expires after five minutes', async () => {
    const email = 'issuer@redriver.example.edu';
    const c = await passwordStep(email);
    t.clock.now = new Date(t.clock.now.getTime() + 5 * 60_000 + 1000);
    const res = await c.post('/sign-in/verify', { code: await codeFor(email), next: '/dashboard' });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('This sign-in has expired');
    expect(c.cookies.has('laurel_session')).toBe(false);
  });

  it('wrong codes count toward the account lockout', async () => {
    const email = 'issuer@redriver.example.edu';
    const unlock = async () => repos(t.deps.db).users.recordSignIn(await userId(email), t.clock.now.toISOString());
    await unlock(); // a clean count (the replayed code above was one failure)
    const c = await passwordStep(email);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.post('/sign-in/verify', { code: '000000', next: '/dashboard' })).statusCode);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(423);
    expect(await auditActions(email)).toContain('user.locked_out');
    await unlock(); // for the next tests, as a password reset would
  });

  it('turning off asks for a valid code', async () => {
    const email = 'issuer@redriver.example.edu';
    tick();
    const c = await passwordStep(email);
    expect((await c.post('/sign-in/verify', { code: await codeFor(email), next: '/account' })).statusCode).toBe(303);
    expect((await c.get('/account/two-step/disable')).statusCode).toBe(200); // also brings the session's form token
    const bad = await c.post('/account/two-step/disable', { code: '999999' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('That code is not right');
    tick();
    const ok = await c.post('/account/two-step/disable', { code: await codeFor(email) });
    expect(ok.statusCode).toBe(303);
    expect(await auditActions(email)).toContain('user.mfa_disabled');
    await c.post('/sign-out', {});
    await signedIn(t.app, email); // the password alone again
  });

  it('the requirement is a policy setting: off in the demo, switched by a system administrator on the Policy page', async () => {
    const sys = await signedIn(t.app, 'admin@regents.example.org');
    expect((await sys.get('/admin/policy')).body).toMatch(/id="mfa-required-no"[^>]*checked/);
    expect((await sys.post('/admin/policy/mfa', { mfa_required: 'maybe' })).statusCode).toBe(422);
    expect((await sys.post('/admin/policy/mfa', { mfa_required: 'yes' })).statusCode).toBe(303);
    expect((await sys.get('/admin/policy')).body).toMatch(/id="mfa-required-yes"[^>]*checked/);
    const issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
    expect((await issuer.post('/admin/policy/mfa', { mfa_required: 'no' })).statusCode).toBe(403);
    await setMfaRequirement(t.deps, SYSTEM, { required: false });
    // A database without the demo seed (a fresh production install) requires it.
    const bare = await makeTestApp(dialect, { seed: false });
    try {
      expect(await getMfaRequirement(bare.deps)).toBe(true);
    } finally {
      await bare.close();
    }
  });

  it('a user whose roles require it is sent to enrolment and reaches nothing else until enrolled', async () => {
    await setMfaRequirement(t.deps, SYSTEM, { required: true });
    try {
      const email = 'admin@prairiestate.example.edu';
      const c = new Client(t.app);
      await c.get('/sign-in');
      const res = await c.post('/sign-in', { email, password: DEMO_PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account/two-step/enrol');
      for (const url of ['/dashboard', '/account', '/admin/users', '/account/two-step/disable']) {
        const blocked = await c.get(url);
        expect(blocked.statusCode, url).toBe(303);
        expect(blocked.headers.location, url).toBe('/account/two-step/enrol');
      }
      expect((await c.api('GET', '/api/v1/me')).statusCode).toBe(403);
      const page = await c.get('/account/two-step/enrol');
      expect(page.body).toContain('Required for your roles');
      await enrol(c, email);
      expect((await c.get('/dashboard')).statusCode).toBe(200);
      // Required: it cannot be turned off.
      tick();
      const off = await c.post('/account/two-step/disable', { code: await codeFor(email) });
      expect(off.statusCode).toBe(403);
    } finally {
      await setMfaRequirement(t.deps, SYSTEM, { required: false });
    }
  });

  it('only a system administrator resets someone’s two-step verification (use case), and it is audited', async () => {
    const target = await userId('admin@prairiestate.example.edu');
    const r = repos(t.deps.db);
    const other = await r.organizations.findBySlug('red-river');
    const issuerActor = (await actorForUser(t.deps, await userId('issuer@redriver.example.edu')))!;
    // An institution administrator of another institution: make one for the test.
    const otherAdminActor = await makeUser(t.deps, [{ role: 'institution_admin', organization: other! }]);
    for (const actor of [otherAdminActor, issuerActor]) {
      await expect(resetUserMfa(t.deps, actor, { userId: target })).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect((await r.mfa.find(target))?.enabledAt).toBeTruthy();

    const sys = await signedIn(t.app, 'admin@regents.example.org');
    expect((await sys.get(`/admin/users/${target}`)).body).toContain('Reset two-step verification');
    expect((await sys.get(`/admin/users/${target}/reset-two-step`)).statusCode).toBe(200);
    const done = await sys.post(`/admin/users/${target}/reset-two-step`, {});
    expect(done.statusCode).toBe(303);
    expect(await r.mfa.find(target)).toBeUndefined();
    expect(await auditActions('admin@prairiestate.example.edu')).toContain('user.mfa_reset');
    await signedIn(t.app, 'admin@prairiestate.example.edu'); // requirement off: the password alone
  });
});
