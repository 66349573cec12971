// Regressions for the outside probe's findings (issue 12) that are not about fetching: the sign-in rate
// limit cannot be walked past with a rotating X-Forwarded-For unless the operator trusts a proxy; a
// planted CSRF cookie with the attacker's own token does not pass, because tokens are bound to the session.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';

async function signInAttempts(t: TestApp, n: number): Promise<number[]> {
  const c = new Client(t.app);
  await c.get('/sign-in');
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const codes: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '127.0.0.1',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': `203.0.113.${i + 1}` },
      payload: new URLSearchParams({ _csrf: c.csrf, email: `nobody${i}@example.org`, password: 'wrong-password-1' }).toString(),
    });
    codes.push(res.statusCode);
  }
  return codes;
}

describe('sign-in rate limit and X-Forwarded-For', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('by default, ignores X-Forwarded-For: 40 rotating addresses from one peer are still limited', async () => {
    t = await makeTestApp('sqlite', { seed: false, env: { LAUREL_SIGN_IN_RATE_LIMIT: '5' } });
    const codes = await signInAttempts(t, 40);
    expect(codes.slice(0, 5).every((c) => c !== 429)).toBe(true);
    expect(codes.slice(5).every((c) => c === 429)).toBe(true);
  });

  it('with LAUREL_TRUST_PROXY naming the proxy, each forwarded client has its own limit', async () => {
    t = await makeTestApp('sqlite', { seed: false, env: { LAUREL_SIGN_IN_RATE_LIMIT: '5', LAUREL_TRUST_PROXY: '127.0.0.1' } });
    const codes = await signInAttempts(t, 10);
    expect(codes.filter((c) => c === 429)).toEqual([]);
  });

  it('reads LAUREL_TRUST_PROXY as off, a hop count, or proxy addresses and ranges — and refuses anything else', () => {
    const base = { LAUREL_DATA_DIR: '/tmp/laurel-config-test', LAUREL_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, LAUREL_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, LAUREL_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, LAUREL_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(() => loadConfig({ ...base, LAUREL_TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, LAUREL_TRUST_PROXY: '0' })).toThrow(/hop count must be from 1 to 10/);
    expect(() => loadConfig({ ...base, LAUREL_TRUST_PROXY: 'proxy.example.org' })).toThrow(/LAUREL_TRUST_PROXY/);
  });
});

describe('CSRF tokens are bound to the session', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("refuses a planted laurel_csrf cookie with the attacker's own token, and the victim stays signed in", async () => {
    t = await makeTestApp('sqlite');
    const victim = await signedIn(t.app, 'issuer@redriver.example.edu');
    // The attacker's own browser: a valid pre-session cookie and its matching token.
    const attacker = new Client(t.app);
    await attacker.get('/sign-in');
    const planted = attacker.cookies.get('laurel_csrf')!;
    expect(planted).toBeTruthy();
    const cookies = new Map(victim.cookies);
    cookies.set('laurel_csrf', planted);
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: new URLSearchParams({ _csrf: attacker.csrf }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('csrf_failed');
    expect((await victim.get('/dashboard')).statusCode).toBe(200);
    // The victim's own token (bound to the victim's session) works.
    expect((await victim.post('/sign-out', {})).statusCode).toBe(303);
    expect((await victim.get('/dashboard')).headers.location).toMatch(/^\/sign-in/);
  });

  it('a token from before sign-in no longer passes after sign-in (the binding changed)', async () => {
    t = await makeTestApp('sqlite');
    const c = new Client(t.app);
    await c.get('/sign-in');
    const before = c.csrf;
    await c.signIn('issuer@redriver.example.edu');
    expect(c.csrf).not.toBe(before);
    const res = await c.post('/sign-out', {}, { csrf: false });
    expect(res.statusCode).toBe(403);
  });
});
