// Passkeys as a second factor, through the pages and JSON endpoints as a browser uses them, with a real
// software authenticator (test/helpers/soft-authenticator.ts: genuine P-256 signatures, "none"
// attestation): adding one from /account, signing in with password then passkey, refusals (unissued
// challenge, replay, another origin or rp id, a counter going backwards, another person's passkey) that
// leave no session, required enrolment satisfied by a passkey, the last factor kept when required, and
// the system administrator's reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { disableMfa, setMfaRequirement } from '../src/domain/accounts/manage-mfa.ts';
import { getMfaStatus } from '../src/domain/accounts/enrol-mfa.ts';
import { removePasskey } from '../src/domain/accounts/manage-passkeys.ts';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { currentCode, openSecret } from '../src/domain/accounts/mfa-core.ts';
import { defaultPasskeyName } from '../src/domain/accounts/passkeys.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { SoftAuthenticator, type Tamper } from './helpers/soft-authenticator.ts';

const RP = { origin: 'http://laurel.test', rpId: 'laurel.test' };

describe.each(DIALECTS)('passkeys on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const userId = async (email: string) => (await repos(t.deps.db).users.findByEmail(email))!.id;
  const auditOf = async (email: string) => t.deps.db.selectFrom('audit_events').select(['action', 'data']).where('subject_id', '=', await userId(email)).orderBy('at').orderBy('id').execute();
  const actions = async (email: string) => (await auditOf(email)).map((e) => e.action);
  /** A clean failure count, as a password reset would leave it (refusals below count toward the lockout). */
  const unlock = async (email: string) => repos(t.deps.db).users.recordSignIn(await userId(email), t.clock.now.toISOString());

  /** POST of a JSON body with the page's form token, as passkeys.js sends it; keeps cookies like a browser. */
  async function postJson(c: Client, url: string, body: Record<string, unknown> = { _csrf: c.csrf }) {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { accept: 'application/json', 'content-type': 'application/json', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: JSON.stringify(body),
    });
    return { status: res.statusCode, type: String(res.headers['content-type']), json: res.json() as Record<string, unknown> };
  }

  async function addPasskey(c: Client, auth: SoftAuthenticator, name = '', over: Tamper = {}) {
    expect((await c.get('/account/passkeys/add')).statusCode).toBe(200);
    const options = await postJson(c, '/account/passkeys/options');
    expect(options.status).toBe(200);
    const credential = auth.register(options.json as unknown as PublicKeyCredentialCreationOptionsJSON, over);
    return { options: options.json as unknown as PublicKeyCredentialCreationOptionsJSON, res: await c.post('/account/passkeys/add', { name, credential: JSON.stringify(credential) }) };
  }

  async function passwordStep(email: string): Promise<Client> {
    const c = new Client(t.app);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { email, password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toMatch(/^\/sign-in\/verify/);
    const page = await c.get(String(res.headers.location));
    expect(page.body).toContain('Use a passkey');
    return c;
  }

  async function passkeyStep(c: Client, auth: SoftAuthenticator, over: Tamper = {}) {
    const options = await postJson(c, '/sign-in/verify/passkey/options');
    expect(options.status).toBe(200);
    const assertion = auth.assert(options.json as unknown as PublicKeyCredentialRequestOptionsJSON, over);
    const res = await c.post('/sign-in/verify/passkey', { credential: JSON.stringify(assertion), next: '/dashboard' });
    return { res, assertion, options: options.json as unknown as PublicKeyCredentialRequestOptionsJSON };
  }

  it('serves the browser bundle and the page script', async () => {
    const bundle = await t.app.inject({ method: 'GET', url: '/assets/simplewebauthn/index.umd.min.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body).toContain('SimpleWebAuthnBrowser');
    const script = await t.app.inject({ method: 'GET', url: '/assets/passkeys.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('startAuthentication');
  });

  it('adds a passkey from /account, then signs in with password and passkey', async () => {
    const email = 'issuer@redriver.example.edu';
    const auth = new SoftAuthenticator(RP);
    const c = await signedIn(t.app, email);
    const account = await c.get('/account');
    expect(account.body).toContain('id="passkeys-h"');
    expect(account.body).toContain('You have no passkeys.');
    const page = await c.get('/account/passkeys/add');
    expect(page.body).toContain('Passkeys need JavaScript');
    expect(page.body).toContain('/assets/simplewebauthn/index.umd.min.js');

    const { options, res } = await addPasskey(c, auth);
    expect(options.rp).toEqual({ name: 'Laurel', id: 'laurel.test' });
    expect(options.attestation).toBe('none');
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'preferred' });
    expect(options.excludeCredentials).toEqual([]);
    expect(options.user.name).toBe(email);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    const listed = await c.get('/account');
    expect(listed.body).toContain(defaultPasskeyName(t.clock.now.toISOString()));
    expect(listed.body).toContain('Passkey added');
    // The next registration excludes it, so one authenticator is not registered twice.
    const again = await postJson(c, '/account/passkeys/options');
    expect((again.json as unknown as PublicKeyCredentialCreationOptionsJSON).excludeCredentials).toEqual([{ id: auth.id, type: 'public-key', transports: ['internal'] }]);
    await c.post('/sign-out', {});

    const s = await passwordStep(email);
    expect(s.cookies.has('laurel_session')).toBe(false);
    const methods = await s.get('/sign-in/verify?next=/dashboard');
    expect(methods.body).not.toContain('Enter the 6-digit code'); // no authenticator app on this account
    const { res: done, options: req } = await passkeyStep(s, auth);
    expect(req.allowCredentials).toEqual([{ id: auth.id, type: 'public-key', transports: ['internal'] }]);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/dashboard');
    expect((await s.get('/dashboard')).statusCode).toBe(200);
    const row = (await repos(t.deps.db).passkeys.find(auth.id))!;
    expect(row.counter).toBe(1);
    expect(row.lastUsedAt).toBe(t.clock.now.toISOString());
    const events = await auditOf(email);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.passkey_added', 'user.signed_in']));
    expect(JSON.parse(events.filter((e) => e.action === 'user.signed_in').at(-1)!.data)).toEqual({ second_factor: 'passkey' });
  });

  it('refuses an unissued challenge, a replay, another origin or rp id, a backward counter and another person’s passkey — with no session', async () => {
    const email = 'author@redriver.example.edu';
    const auth = new SoftAuthenticator(RP);
    const c = await signedIn(t.app, email);
    expect((await addPasskey(c, auth, 'Work laptop')).res.statusCode).toBe(303);
    expect((await c.get('/account')).body).toContain('Work laptop');
    // A registration answer for another site, or for a challenge never issued, is not stored.
    const bad = await addPasskey(c, new SoftAuthenticator(RP), '', { origin: 'http://evil.test' });
    expect(bad.res.statusCode).toBe(400);
    expect(bad.res.body).toMatch(/id="passkey-error"[^>]*>Your passkey could not be added/);
    expect((await addPasskey(c, new SoftAuthenticator(RP), '', { challenge: SoftAuthenticator.strayChallenge() })).res.statusCode).toBe(400);
    expect(await repos(t.deps.db).passkeys.countForUser(await userId(email))).toBe(1);
    await c.post('/sign-out', {});

    const someoneElse = new SoftAuthenticator(RP);
    const other = await signedIn(t.app, 'student@example.com');
    expect((await addPasskey(other, someoneElse)).res.statusCode).toBe(303);

    const refusals: Tamper[] = [{ challenge: SoftAuthenticator.strayChallenge() }, { origin: 'http://evil.test' }, { rpId: 'evil.test' }];
    for (const over of refusals) {
      const s = await passwordStep(email);
      const { res } = await passkeyStep(s, auth, over);
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.body).toMatch(/id="passkey-error"[^>]*>Your passkey was not accepted/);
      expect(s.cookies.has('laurel_session')).toBe(false);
    }
    const stranger = await passwordStep(email);
    expect((await passkeyStep(stranger, someoneElse)).res.statusCode).toBe(400);
    await unlock(email);

    // A good assertion signs in once; the same answer cannot be spent again by another sign-in.
    const first = await passwordStep(email);
    const { res: ok, assertion } = await passkeyStep(first, auth);
    expect(ok.statusCode).toBe(303);
    const replay = await passwordStep(email);
    await postJson(replay, '/sign-in/verify/passkey/options');
    const replayed = await replay.post('/sign-in/verify/passkey', { credential: JSON.stringify(assertion), next: '/dashboard' });
    expect(replayed.statusCode).toBe(400);
    expect(replay.cookies.has('laurel_session')).toBe(false);

    // The stored counter is the last accepted one (refused answers do not move it); an answer reporting
    // less, as a copy of the passkey made earlier would, is refused.
    const stored = (await repos(t.deps.db).passkeys.find(auth.id))!.counter;
    expect(stored).toBe(auth.counter);
    const cloned = await passwordStep(email);
    expect((await passkeyStep(cloned, auth, { counter: stored - 1 })).res.statusCode).toBe(400);
    expect((await repos(t.deps.db).passkeys.find(auth.id))!.counter).toBe(stored);
    expect(cloned.cookies.has('laurel_session')).toBe(false);
    const failed = (await auditOf(email)).filter((e) => e.action === 'user.mfa_failed').map((e) => JSON.parse(e.data) as { method?: string; reason?: string });
    // Each refused for the reason the test meant (the library's words, kept in the audit log only).
    expect(failed.map((f) => f.method)).toEqual(Array(6).fill('passkey'));
    const reasons = failed.map((f) => f.reason ?? '');
    [/challenge/, /origin "http:\/\/evil\.test"/, /RP ID/, /unknown passkey/, /challenge/, /counter value \d+ was lower/].forEach((re, i) => expect(reasons[i], String(re)).toMatch(re));
    await unlock(email);
  });

  it('answers the JSON endpoints with problem+json: expired sign-in, missing form token', async () => {
    const nobody = new Client(t.app);
    await nobody.get('/sign-in');
    const expired = await postJson(nobody, '/sign-in/verify/passkey/options');
    expect(expired.status).toBe(410);
    expect(expired.type).toContain('application/problem+json');
    expect(expired.json.code).toBe('mfa_step_expired');
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    const noToken = await postJson(c, '/account/passkeys/options', { _csrf: 'wrong' });
    expect(noToken.status).toBe(403);
    expect(noToken.json.code).toBe('csrf_failed');
  });

  it('offers both a passkey and the code field to an account with both', async () => {
    const email = 'reviewer@regents.example.org';
    const c = await signedIn(t.app, email);
    await c.get('/account/two-step/enrol');
    const id = await userId(email);
    t.clock.now = new Date(t.clock.now.getTime() + 31_000);
    const secret = openSecret(t.deps, id, (await repos(t.deps.db).mfa.find(id))!.secretSealed);
    expect((await c.post('/account/two-step/enrol', { code: currentCode(t.deps, secret) })).statusCode).toBe(201);
    expect((await addPasskey(c, new SoftAuthenticator(RP))).res.statusCode).toBe(303);
    const s = await passwordStep(email);
    const page = await s.get('/sign-in/verify?next=/dashboard');
    expect(page.body).toContain('Enter the 6-digit code from your authenticator app');
    expect(page.body).toContain('Enter the code from your authenticator app below instead.');
  });

  it('with a passkey kept, the authenticator app can be removed even where the roles require two-step verification', async () => {
    await setMfaRequirement(t.deps, SYSTEM, { required: true });
    try {
      const email = 'reviewer@regents.example.org';
      const id = await userId(email);
      const actor = (await actorForUser(t.deps, id))!;
      expect((await getMfaStatus(t.deps, actor)).passkeys).toBe(1);
      t.clock.now = new Date(t.clock.now.getTime() + 31_000);
      const secret = openSecret(t.deps, id, (await repos(t.deps.db).mfa.find(id))!.secretSealed);
      await disableMfa(t.deps, actor, { code: currentCode(t.deps, secret) });
      expect(await repos(t.deps.db).mfa.find(id)).toBeUndefined();
      const status = await getMfaStatus(t.deps, actor);
      expect(status).toMatchObject({ enabled: false, required: true, passkeys: 1 });
      // The passkey is now the last factor: it stays.
      const only = (await repos(t.deps.db).passkeys.listForUser(id))[0]!;
      await expect(removePasskey(t.deps, actor, { id: only.id })).rejects.toThrow(/only passkey/);
    } finally {
      await setMfaRequirement(t.deps, SYSTEM, { required: false });
    }
  });

  it('a staff user required to enrol can do it with a passkey; the last factor cannot then be removed', async () => {
    await setMfaRequirement(t.deps, SYSTEM, { required: true });
    try {
      const email = 'admin@prairiestate.example.edu';
      const c = new Client(t.app);
      await c.get('/sign-in');
      const res = await c.post('/sign-in', { email, password: DEMO_PASSWORD });
      expect(res.headers.location).toBe('/account/two-step/enrol');
      expect((await c.get('/account/two-step/enrol')).body).toContain('href="/account/passkeys/add"');
      expect((await c.get('/dashboard')).headers.location).toBe('/account/two-step/enrol');
      const auth = new SoftAuthenticator(RP);
      const { res: added } = await addPasskey(c, auth, 'Office key');
      expect(added.statusCode).toBe(303);
      expect((await c.get('/dashboard')).statusCode).toBe(200);

      // The only second factor, and the roles require one: the confirmation page says so, the post is refused.
      const q = `?id=${encodeURIComponent(auth.id)}`;
      expect((await c.get(`/account/passkeys/remove${q}`)).body).toContain('cannot be removed');
      const refused = await c.post('/account/passkeys/remove', { id: auth.id });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('this is your only passkey');
      expect(await repos(t.deps.db).passkeys.find(auth.id)).toBeDefined();

      // Renaming: a blank name is refused next to the field.
      expect((await c.get(`/account/passkeys/rename${q}`)).statusCode).toBe(200);
      const blank = await c.post('/account/passkeys/rename', { id: auth.id, name: '  ' });
      expect(blank.statusCode).toBe(422);
      expect(blank.body).toMatch(/id="name-error"[^>]*>Enter a name/);
      expect((await c.post('/account/passkeys/rename', { id: auth.id, name: 'Desk key' })).statusCode).toBe(303);
      expect((await c.get('/account')).body).toContain('Desk key');

      // With a second passkey, the first can go.
      const spare = new SoftAuthenticator(RP);
      expect((await addPasskey(c, spare, 'Phone')).res.statusCode).toBe(303);
      expect((await c.post('/account/passkeys/remove', { id: auth.id })).statusCode).toBe(303);
      expect(await repos(t.deps.db).passkeys.find(auth.id)).toBeUndefined();
      expect(await actions(email)).toEqual(expect.arrayContaining(['user.passkey_added', 'user.passkey_removed']));
      // Someone else's passkey is not found from this account.
      const student = await userId('student@example.com');
      const theirs = (await repos(t.deps.db).passkeys.listForUser(student))[0]!;
      expect((await c.get(`/account/passkeys/remove?id=${encodeURIComponent(theirs.id)}`)).statusCode).toBe(404);

      // Next sign-in: the second step with the remaining passkey, not enrolment.
      await c.post('/sign-out', {});
      const s = await passwordStep(email);
      const { res: ok } = await passkeyStep(s, spare);
      expect(ok.statusCode).toBe(303);
      expect((await s.get('/dashboard')).statusCode).toBe(200);
    } finally {
      await setMfaRequirement(t.deps, SYSTEM, { required: false });
    }
  });

  it('a system administrator’s reset of two-step verification removes the passkeys', async () => {
    const email = 'admin@prairiestate.example.edu';
    const target = await userId(email);
    expect(await repos(t.deps.db).passkeys.countForUser(target)).toBe(1);
    const sys = await signedIn(t.app, 'admin@regents.example.org');
    expect((await sys.get(`/admin/users/${target}`)).body).toContain('Reset two-step verification');
    expect((await sys.get(`/admin/users/${target}/reset-two-step`)).statusCode).toBe(200);
    expect((await sys.post(`/admin/users/${target}/reset-two-step`, {})).statusCode).toBe(303);
    expect(await repos(t.deps.db).passkeys.countForUser(target)).toBe(0);
    const reset = (await auditOf(email)).filter((e) => e.action === 'user.mfa_reset');
    expect(JSON.parse(reset.at(-1)!.data)).toEqual({ passkeys_removed: 1 });
    await signedIn(t.app, email); // requirement off: the password alone again
  });
});
