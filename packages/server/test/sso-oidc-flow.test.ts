// Single sign-on with OpenID Connect through Laurel's pages, against the certified oidc-provider
// started by the test (test/support/oidc-op.ts) with its own keys and a login page: the admin adds the
// provider (discovery checked before saving), a person signs in at the OP and lands in Laurel with the
// mapped role; state, replay, cancelled sign-ins, another organization's callback and another browser
// are refused with a page and an audit event; sign-out uses the OP's end-session endpoint.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repos } from '../src/storage/repositories/index.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { startOidcProvider, type RunningOp } from './support/oidc-op.ts';
import { continueUrl } from './helpers/forms.ts';

const DOMAIN = 'redriver.example.edu';
const LAUREL = 'http://laurel.test';
const MIA = { username: 'mia', password: 'mia-campus-password', sub: 'op-sub-mia', email: `mia@${DOMAIN}`, name: 'Mia Torres', groups: ['Badge Issuers', 'staff'] };

function jar() {
  const cookies = new Map<string, string>();
  return {
    take(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair = ''] = c.split(';');
        const i = pair.indexOf('=');
        const value = pair.slice(i + 1).trim();
        if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) cookies.delete(pair.slice(0, i).trim());
        else cookies.set(pair.slice(0, i).trim(), value);
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

describe.each(DIALECTS)('OpenID Connect single sign-on on %s', (dialect) => {
  let t: TestApp;
  let op: RunningOp;
  let idpId: string;
  let admin: Client;
  const audits = async (action: string) => (await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('at').execute()).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    op = await startOidcProvider({ users: [MIA], clients: [] });
    const sysadmin = await signedIn(t.app, 'admin@regents.example.org');
    // Red River has no institution admin in the demo data: the system admin configures it.
    admin = sysadmin;
    const res = await admin.post('/admin/institutions/red-river/sign-in?protocol=oidc', { name: 'Red River Login', issuer: op.issuer, clientId: 'laurel', clientSecret: 'red-river-client-secret', scopes: 'openid email profile', emailDomains: DOMAIN, roleRules: 'Badge Issuers = issuer' });
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(303);
    idpId = String(res.headers.location).split('/').pop()!;
    op.addClient({ clientId: 'laurel', clientSecret: 'red-river-client-secret', redirectUris: [`${LAUREL}/sso/oidc/${idpId}/callback`], postLogoutRedirectUris: [`${LAUREL}/sso/signed-out`] });
  });
  afterAll(async () => {
    await op?.close();
    await t?.close();
  });

  /** Starts in Laurel, signs in at the OP's login page, and returns the callback path Laurel is sent back to. */
  async function atOp(c: Client, password = MIA.password): Promise<string> {
    const cookies = jar();
    let url = continueUrl(await c.get(`/sso/start?idp=${idpId}&next=/issuing`));
    expect(url.startsWith(op.issuer)).toBe(true);
    let res = await fetch(url, { redirect: 'manual' });
    for (let hop = 0; hop < 10 && res.status >= 300 && res.status < 400; hop++) {
      cookies.take(res);
      url = new URL(res.headers.get('location')!, url).href;
      res = await fetch(url, { headers: { cookie: cookies.header() }, redirect: 'manual' });
    }
    cookies.take(res);
    const html = await res.text();
    expect(html).toContain('<label for="username">');
    const action = new URL(/<form method="post" action="([^"]+)"/.exec(html)![1]!, url).href;
    res = await fetch(action, { method: 'POST', body: new URLSearchParams({ username: MIA.username, password }), headers: { cookie: cookies.header() }, redirect: 'manual' });
    url = action;
    for (let hop = 0; hop < 10; hop++) {
      cookies.take(res);
      const next = new URL(res.headers.get('location')!, url).href;
      if (next.startsWith(LAUREL)) return next.slice(LAUREL.length);
      url = next;
      res = await fetch(url, { headers: { cookie: cookies.header() }, redirect: 'manual' });
    }
    throw new Error('the OP never sent the browser back');
  }

  it('signs a new person in at the OP login page and lands them in Laurel as an issuer', async () => {
    const c = new Client(t.app);
    const callback = await atOp(c);
    expect(callback.startsWith(`/sso/oidc/${idpId}/callback?`)).toBe(true);
    const res = await c.get(callback);
    expect(res.statusCode, res.body.slice(0, 800)).toBe(303);
    expect(res.headers.location).toBe('/issuing');
    const r = repos(t.deps.db);
    const mia = (await r.users.findByEmail(MIA.email))!;
    expect(mia.name).toBe('Mia Torres');
    expect((await r.memberships.forUser(mia.id)).map((m) => `${m.organizationSlug}:${m.role}`)).toEqual(['red-river:issuer']);
    expect((await c.get('/issuing')).statusCode).toBe(200);
    expect((await audits('user.signed_in')).some((e) => e.subject_id === mia.id && e.data.via === 'sso' && e.data.idp === idpId)).toBe(true);
  });

  it('refuses a forged state, a reused callback, a cancelled sign-in, another provider’s callback and another browser', async () => {
    const refusedWith = async (c: Client, path: string, reason: string) => {
      const res = await c.get(path);
      expect(res.statusCode, reason).toBe(401);
      expect(res.body, reason).toContain('You were not signed in');
      expect(c.cookies.has('laurel_session'), reason).toBe(false);
      expect((await audits('sso.sign_in_refused')).at(-1)?.data.reason, reason).toBe(reason);
    };
    const a = new Client(t.app);
    const callback = await atOp(a);
    await refusedWith(a, callback.replace(/state=[^&]+/, 'state=forged-state'), 'state_invalid');
    expect((await a.get(callback)).statusCode).toBe(303);
    await refusedWith(new Client(t.app), callback, 'replayed');

    const b = new Client(t.app);
    const cb = await atOp(b);
    await refusedWith(b, `/sso/oidc/${idpId}/callback?error=access_denied&state=${new URL(cb, LAUREL).searchParams.get('state')}&iss=${encodeURIComponent(op.issuer)}`, 'idp_error');

    // A second provider (another organization): a callback carrying the first provider's state.
    const other = await admin.post('/admin/institutions/northern-plains/sign-in?protocol=oidc', { issuer: op.issuer, clientId: 'laurel-np', emailDomains: 'northernplains.example.edu' });
    expect(other.statusCode).toBe(303);
    const otherId = String(other.headers.location).split('/').pop()!;
    const c = new Client(t.app);
    const cb2 = await atOp(c);
    await refusedWith(c, cb2.replace(`/sso/oidc/${idpId}/`, `/sso/oidc/${otherId}/`), 'wrong_organization');

    const d = new Client(t.app);
    const cb3 = await atOp(d);
    await refusedWith(new Client(t.app), cb3, 'browser_mismatch');
  });

  it('refuses to save a provider whose discovery cannot be fetched, and saves nothing', async () => {
    const count = async () => (await t.deps.db.selectFrom('identity_providers').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    const res = await admin.post('/admin/institutions/red-river/sign-in?protocol=oidc', { issuer: 'http://127.0.0.1:9/', clientId: 'x', emailDomains: 'other.example.edu' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/discovery document could not be fetched/i);
    expect(res.body).toContain('other.example.edu');
    const api = await admin.api('POST', '/api/v1/institutions/red-river/identity-providers', { protocol: 'oidc', issuer: 'https://idp.example.com', client_id: 'x', email_domains: ['other.example.edu'] });
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(Number(await count())).toBe(before);
  });

  it('signs out through the OP end-session endpoint with the id_token as hint', async () => {
    const c = new Client(t.app);
    expect((await c.get(await atOp(c))).statusCode).toBe(303);
    await c.get('/issuing');
    const to = new URL(continueUrl(await c.post('/sign-out', {})));
    expect(to.href.startsWith(op.issuer)).toBe(true);
    expect(to.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${LAUREL}/sso/signed-out`);
    expect(c.cookies.has('laurel_session')).toBe(false);
  });
});

/**
 * An OpenID Provider that lies: its own discovery document, JWKS and token endpoint on 127.0.0.1, whose
 * authorization endpoint sends the browser straight back with a code, and whose token endpoint answers
 * whatever id_token the test forged. Laurel must refuse each one with a page and an audit event.
 */
describe.each(DIALECTS)('OpenID Connect forged tokens through the pages on %s', (dialect) => {
  let t: TestApp;
  let server: http.Server;
  let issuer = '';
  let idpId = '';
  let forge: (nonce: string) => Promise<string> = async () => '';
  let key: CryptoKey;
  let publicJwk: JWK;
  const audits = async () => (await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'sso.sign_in_refused').orderBy('at').execute()).map((e) => JSON.parse(e.data) as Record<string, unknown>);

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'forger-rsa', alg: 'RS256', use: 'sig' };
    let lastNonce = '';
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', issuer);
      const json = (v: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      if (url.pathname === '/.well-known/openid-configuration') {
        return json({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'] });
      }
      if (url.pathname === '/jwks') return json({ keys: [publicJwk] });
      if (url.pathname === '/auth') {
        lastNonce = url.searchParams.get('nonce') ?? '';
        const back = new URL(url.searchParams.get('redirect_uri')!);
        back.search = new URLSearchParams({ code: 'forged-code', state: url.searchParams.get('state') ?? '' }).toString();
        return res.writeHead(302, { location: back.href }).end();
      }
      if (url.pathname === '/token') {
        req.resume();
        req.on('end', () => void forge(lastNonce).then((idToken) => json({ access_token: 'forged', token_type: 'Bearer', expires_in: 300, id_token: idToken })));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sysadmin = await signedIn(t.app, 'admin@regents.example.org');
    const res = await sysadmin.post('/admin/institutions/red-river/sign-in?protocol=oidc', { issuer, clientId: 'laurel', clientSecret: 'secret', emailDomains: DOMAIN });
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(303);
    idpId = String(res.headers.location).split('/').pop()!;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('refuses alg none, unknown keys, tampering, another audience or issuer, expiry and a wrong nonce, with a page and an audit event', async () => {
    const now = () => Math.floor(t.clock.now.getTime() / 1000);
    const claims = (nonce: string): JWTPayload => ({ iss: issuer, aud: 'laurel', sub: 'forged-sub', nonce, iat: now(), exp: now() + 600, email: `mia@${DOMAIN}`, email_verified: true });
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const sign = (c: JWTPayload, k: CryptoKey = key, kid = 'forger-rsa') => new SignJWT(c).setProtectedHeader({ alg: 'RS256', kid }).sign(k);
    const rows: Array<{ name: string; reason: string | null; token: (nonce: string) => Promise<string> }> = [
      { name: 'control: a correct token', reason: null, token: (n) => sign(claims(n)) },
      { name: 'alg none', reason: 'unsigned', token: async (n) => new UnsecuredJWT(claims(n)).encode() },
      { name: 'a key not in the JWKS', reason: 'unknown_key', token: (n) => sign(claims(n), stranger, 'stranger') },
      { name: 'the right kid, another key', reason: 'signature_invalid', token: (n) => sign(claims(n), stranger) },
      { name: 'wrong audience', reason: 'audience_mismatch', token: (n) => sign({ ...claims(n), aud: 'someone-else' }) },
      { name: 'wrong issuer', reason: 'issuer_mismatch', token: (n) => sign({ ...claims(n), iss: 'https://idp.elsewhere.example' }) },
      { name: 'expired', reason: 'expired', token: (n) => sign({ ...claims(n), iat: now() - 7200, exp: now() - 3600 }) },
      { name: 'issued in the future', reason: 'not_yet_valid', token: (n) => sign({ ...claims(n), iat: now() + 3600, exp: now() + 7200 }) },
      { name: 'another sign-in’s nonce', reason: 'replayed', token: () => sign(claims('a-nonce-from-elsewhere')) },
    ];
    for (const row of rows) {
      forge = row.token;
      const c = new Client(t.app);
      const to = continueUrl(await c.get(`/sso/start?idp=${idpId}`));
      const back = await fetch(to, { redirect: 'manual' });
      const callback = new URL(back.headers.get('location')!);
      const res = await c.get(`${callback.pathname}${callback.search}`);
      if (row.reason === null) {
        expect(res.statusCode, row.name).toBe(303);
        continue;
      }
      expect(res.statusCode, row.name).toBe(401);
      expect(res.body, row.name).toContain('You were not signed in');
      expect(c.cookies.has('laurel_session'), row.name).toBe(false);
      expect((await audits()).at(-1)?.reason, row.name).toBe(row.reason);
    }
  });
});
