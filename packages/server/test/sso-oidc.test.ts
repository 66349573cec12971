// The OpenID Connect relying party (sso/oidc.ts) against a real OpenID Provider (oidc-provider, started on
// 127.0.0.1 by test/support/oidc-op.ts), every request through the guarded fetch: discovery, the honest
// sign-in driven by fetch through the OP's own login page, and RP-initiated logout. The refusals need
// tokens no honest OP issues, so a second tiny server stands in for the OP's token endpoint only and
// answers an id_token signed here with jose (with the OP's own keys where the signature must be good);
// discovery, the JWKS and the authorization response's issuer stay the real OP's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, importJWK, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../src/net/guarded-fetch.ts';
import { acceptOidcCallback, discoverOidc, oidcAuthorizationUrl, oidcLogoutUrl, validateOidcSettings, type OidcMetadata, type OidcSettings } from '../src/sso/oidc.ts';
import { SsoConfigError, SsoRefused } from '../src/sso/types.ts';
import { startOidcProvider, type RunningOp } from './support/oidc-op.ts';

const REDIRECT = 'http://127.0.0.1:9/sso/oidc/callback';
const AFTER_LOGOUT = 'http://127.0.0.1:9/signed-out';
const ADA = { username: 'ada', password: 'correct horse', sub: 'ada-0001', email: 'ada@campus.example.edu', name: 'Ada Lovelace', groups: ['faculty', 'badge-issuers'] };
const fetch = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
const allowHttp = { allowHttpHosts: ['127.0.0.1'] };

async function configError(p: Promise<unknown> | (() => unknown)): Promise<SsoConfigError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof SsoConfigError) return e;
    throw e;
  }
  throw new Error('expected an SsoConfigError');
}

/** A browser's cookie jar, just enough for one OP: name → value, cleared cookies dropped. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    take(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair = ''] = c.split(';');
        const i = pair.indexOf('=');
        const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
        if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
        else jar.set(name, value);
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

/** Follows the OP's redirects by hand (GET, cookies kept) until one leaves for the redirect URI. */
async function follow(start: Response, from: string, jar: ReturnType<typeof cookieJar>): Promise<{ callbackUrl?: string; page?: Response; at: string }> {
  let res = start;
  let at = from;
  for (let hop = 0; hop < 10; hop++) {
    jar.take(res);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { page: res, at };
    const next = new URL(location, at).href;
    if (next.startsWith(REDIRECT)) return { callbackUrl: next, at };
    at = next;
    res = await fetch(at, { headers: { cookie: jar.header() }, redirect: 'manual' });
  }
  throw new Error('too many redirects');
}

/** A person signing in at the OP: the authorization URL, the login page, the form, the way back. */
async function signIn(settings: OidcSettings, metadata: OidcMetadata, password = ADA.password) {
  const auth = await oidcAuthorizationUrl(settings, metadata, { redirectUri: REDIRECT, fetch, allowHttp: true });
  const jar = cookieJar();
  const login = await follow(await fetch(auth.url, { redirect: 'manual' }), auth.url, jar);
  const html = await login.page!.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const body = new URLSearchParams({ username: ADA.username, password });
  const posted = await fetch(new URL(action!, login.at).href, { method: 'POST', body, headers: { cookie: jar.header() }, redirect: 'manual' });
  const back = await follow(posted, new URL(action!, login.at).href, jar);
  return { auth, loginPage: html, callbackUrl: back.callbackUrl, after: back.page };
}

describe('OpenID Connect relying party', () => {
  let op: RunningOp;
  let settings: OidcSettings;
  let metadata: OidcMetadata;
  let forger: http.Server;
  let forgerUrl = '';
  /** The id_token the forger's token endpoint answers next. */
  let forged = '';

  beforeAll(async () => {
    op = await startOidcProvider({
      users: [ADA],
      clients: [
        { clientId: 'laurel', clientSecret: 'a-client-secret-of-some-length', redirectUris: [REDIRECT], postLogoutRedirectUris: [AFTER_LOGOUT] },
        { clientId: 'laurel-public', redirectUris: [REDIRECT] },
      ],
    });
    settings = validateOidcSettings({ issuer: op.issuer, clientId: 'laurel', clientSecret: 'a-client-secret-of-some-length', scopes: 'openid email profile groups' }, allowHttp);
    metadata = await discoverOidc(settings, { fetch, allowHttp: true });
    forger = http.createServer((req, res) => {
      req.resume();
      req.on('end', async () => {
        if (req.url === '/token') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'forged', token_type: 'Bearer', expires_in: 300, id_token: forged }));
        } else if (req.url === '/.well-known/openid-configuration') {
          // The real OP's document, served from another address: its issuer is not this one.
          const real = await fetch(`${op.issuer}/.well-known/openid-configuration`);
          res.writeHead(200, { 'content-type': 'application/json' }).end(await real.text());
        } else {
          res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Not an IdP</title>');
        }
      });
    });
    await new Promise<void>((r) => forger.listen(0, '127.0.0.1', r));
    forgerUrl = `http://127.0.0.1:${(forger.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    forger.closeAllConnections();
    await new Promise((r) => forger.close(r));
    await op.close();
  });

  it('validates the settings an administrator types, naming the field at fault', async () => {
    const s = { issuer: ' https://login.campus.example.edu/.well-known/openid-configuration ', clientId: ' laurel ', clientSecret: '', scopes: '' };
    expect(validateOidcSettings(s, { allowHttpHosts: [] })).toEqual({ issuer: 'https://login.campus.example.edu', clientId: 'laurel', clientSecret: null, scopes: 'openid email profile' });
    const http1 = await configError(() => validateOidcSettings({ ...s, issuer: op.issuer }, { allowHttpHosts: [] }));
    expect([http1.field, http1.message]).toEqual(['issuer', 'The issuer must be an https address.']);
    const http2 = await configError(() => validateOidcSettings({ ...s, issuer: op.issuer }, { allowHttpHosts: ['10.0.0.5'] }));
    expect(http2.message).toBe('The issuer must be an https address (http is accepted only for 10.0.0.5).');
    expect((await configError(() => validateOidcSettings({ ...s, issuer: 'not a url' }, allowHttp))).field).toBe('issuer');
    expect((await configError(() => validateOidcSettings({ ...s, clientId: '  ' }, allowHttp))).field).toBe('clientId');
    const scopes = await configError(() => validateOidcSettings({ ...s, scopes: 'email profile' }, allowHttp));
    expect([scopes.field, scopes.message]).toEqual(['scopes', 'The scopes must include openid.']);
  });

  it('discovers the real OP, and refuses what cannot be used', async () => {
    expect(metadata).toMatchObject({ issuer: op.issuer, jwks_uri: `${op.issuer}/jwks`, end_session_endpoint: `${op.issuer}/session/end`, code_challenge_methods_supported: ['S256'] });
    expect(JSON.parse(JSON.stringify(metadata))).toEqual(metadata);
    // An http issuer when http is not allowed.
    expect((await configError(discoverOidc(settings, { fetch, allowHttp: false }))).message).toBe('The issuer must be an https address.');
    // Nothing listens there.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    const unreachable = await configError(discoverOidc({ ...settings, issuer: gone }, { fetch, allowHttp: true }));
    expect([unreachable.field, unreachable.message]).toEqual(['issuer', `The identity provider's discovery document could not be fetched from ${gone}/.well-known/openid-configuration: there was no answer. Check the issuer address.`]);
    // A private address the guarded fetch refuses.
    expect((await configError(discoverOidc({ ...settings, issuer: 'https://10.20.30.40' }, { fetch, allowHttp: false }))).message).toMatch(/could not be fetched from https:\/\/10\.20\.30\.40\/\.well-known/);
    // Not a discovery document; another issuer's document.
    expect((await configError(discoverOidc({ ...settings, issuer: `${forgerUrl}/nothing` }, { fetch, allowHttp: true }))).message).toMatch(/not an OpenID Connect discovery document/);
    expect((await configError(discoverOidc({ ...settings, issuer: forgerUrl }, { fetch, allowHttp: true }))).message).toBe(
      `The discovery document at ${forgerUrl}/.well-known/openid-configuration names the issuer “${op.issuer}”, not ${forgerUrl}. Enter the issuer exactly as the identity provider states it.`,
    );
  });

  it('signs a person in through the OP’s login page: code + PKCE, id_token, userinfo merged', async () => {
    const wrong = await signIn(settings, metadata, 'wrong password');
    expect(wrong.callbackUrl).toBeUndefined();
    expect(await wrong.after!.text()).toContain('<p role="alert" id="error">That username and password do not match.</p>');

    const { auth, loginPage, callbackUrl } = await signIn(settings, metadata);
    const sent = new URL(auth.url).searchParams;
    expect(Object.fromEntries(sent)).toMatchObject({ client_id: 'laurel', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid email profile groups', state: auth.state, nonce: auth.nonce, code_challenge_method: 'S256' });
    expect(sent.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(loginPage).toMatch(/<html lang="en">[\s\S]*<title>Sign in[^<]*<\/title>[\s\S]*<main>[\s\S]*<label for="username">Username<\/label>[\s\S]*<label for="password">Password<\/label>[\s\S]*<button type="submit">Sign in<\/button>/);
    expect(callbackUrl).toMatch(/[?&]code=/);

    const now = new Date();
    const a = await acceptOidcCallback(settings, metadata, { callbackUrl: callbackUrl!, state: auth.state, nonce: auth.nonce, codeVerifier: auth.codeVerifier, redirectUri: REDIRECT, now, fetch, allowHttp: true });
    expect(a.subject).toBe(ADA.sub);
    expect(a.issuer).toBe(op.issuer);
    expect(a.attributes).toMatchObject({ sub: [ADA.sub], email: [ADA.email], email_verified: ['true'], name: [ADA.name], groups: ADA.groups, iss: [op.issuer], aud: ['laurel'], nonce: [auth.nonce] });
    expect(a.replayKey).toBe(`nonce:${auth.nonce}`);
    expect(Date.parse(a.replayUntil)).toBeGreaterThan(now.getTime());
    expect(a.idToken?.split('.')).toHaveLength(3);

    // The code is single-use: the same callback again is the OP's invalid_grant.
    const again = await acceptOidcCallback(settings, metadata, { callbackUrl: callbackUrl!, state: auth.state, nonce: auth.nonce, codeVerifier: auth.codeVerifier, redirectUri: REDIRECT, now, fetch, allowHttp: true }).catch((e: SsoRefused) => e);
    expect(again).toBeInstanceOf(SsoRefused);
    expect((again as SsoRefused).reason).toBe('idp_error');

    // RP-initiated logout: the OP's end-session URL, which the OP accepts (200: its logout confirmation).
    const logout = oidcLogoutUrl(settings, metadata, { idTokenHint: a.idToken!, postLogoutRedirectUri: AFTER_LOGOUT, state: 'bye' })!;
    const lp = new URL(logout);
    expect(`${lp.origin}${lp.pathname}`).toBe(`${op.issuer}/session/end`);
    expect(Object.fromEntries(lp.searchParams)).toEqual({ id_token_hint: a.idToken, post_logout_redirect_uri: AFTER_LOGOUT, state: 'bye', client_id: 'laurel' });
    expect((await fetch(logout)).status).toBe(200);
    const { end_session_endpoint: _gone, ...withoutLogout } = metadata;
    expect(oidcLogoutUrl(settings, withoutLogout, { postLogoutRedirectUri: AFTER_LOGOUT, state: 'bye' })).toBeNull();
  });

  it('signs a person in as a public client (no secret, PKCE only)', async () => {
    const pub = validateOidcSettings({ issuer: op.issuer, clientId: 'laurel-public', clientSecret: null, scopes: 'openid email' }, allowHttp);
    const { auth, callbackUrl } = await signIn(pub, metadata);
    const a = await acceptOidcCallback(pub, metadata, { callbackUrl: callbackUrl!, state: auth.state, nonce: auth.nonce, codeVerifier: auth.codeVerifier, redirectUri: REDIRECT, now: new Date(), fetch, allowHttp: true });
    expect(a.attributes).toMatchObject({ sub: [ADA.sub], email: [ADA.email] });
    expect(a.attributes.groups).toBeUndefined();
  });

  it('refuses every forged or misdirected response with its reason', async () => {
    // The injected clock, far from the wall clock: every time check below is against it.
    const NOW = new Date('2031-05-04T10:00:00Z');
    const t = Math.floor(NOW.getTime() / 1000);
    const STATE = 'state-of-this-sign-in';
    const NONCE = 'nonce-of-this-sign-in';
    const forgedMetadata: OidcMetadata = { ...metadata, token_endpoint: `${forgerUrl}/token`, userinfo_endpoint: undefined };
    const opKey = async (kid: string) => importJWK(op.jwks.keys.find((k) => k.kid === kid)!, kid === 'op-rsa' ? 'RS256' : 'ES256');
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const good: JWTPayload = { iss: op.issuer, aud: 'laurel', sub: ADA.sub, nonce: NONCE, iat: t, exp: t + 600, email: ADA.email };
    const sign = async (claims: JWTPayload, key: CryptoKey | Uint8Array | Awaited<ReturnType<typeof importJWK>>, header: { alg: string; kid?: string } = { alg: 'RS256', kid: 'op-rsa' }) =>
      new SignJWT(claims).setProtectedHeader(header).sign(key);
    const tamper = (jwt: string) => {
      const [h, p, s] = jwt.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as JWTPayload;
      return [h, Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'), s].join('.');
    };
    const callback = (params: Record<string, string>) => `${REDIRECT}?${new URLSearchParams({ iss: op.issuer, ...params })}`;
    const withCode = callback({ code: 'any-code', state: STATE });

    // The real OP's own id_token from an honest sign-in, replayed into this one.
    const honest = await signIn(settings, metadata);
    const honestToken = await (async () => {
      const a = await acceptOidcCallback(settings, metadata, { callbackUrl: honest.callbackUrl!, state: honest.auth.state, nonce: honest.auth.nonce, codeVerifier: honest.auth.codeVerifier, redirectUri: REDIRECT, now: new Date(), fetch, allowHttp: true });
      return a.idToken!;
    })();

    const rows: Array<{ name: string; token?: () => Promise<string>; callbackUrl?: string; now?: Date }> = [
      { name: 'control: a correct token signed with the OP’s RSA key', token: async () => sign(good, await opKey('op-rsa')) },
      { name: 'control: a correct token signed with the OP’s EC key', token: async () => sign(good, await opKey('op-ec'), { alg: 'ES256', kid: 'op-ec' }) },
      { name: 'state mismatch', token: async () => sign(good, await opKey('op-rsa')), callbackUrl: callback({ code: 'any-code', state: 'another-state' }) },
      { name: 'state missing', token: async () => sign(good, await opKey('op-rsa')), callbackUrl: callback({ code: 'any-code' }) },
      { name: 'access_denied from the IdP', callbackUrl: callback({ error: 'access_denied', error_description: 'The person cancelled', state: STATE }) },
      { name: 'response from another issuer (iss parameter)', callbackUrl: `${REDIRECT}?${new URLSearchParams({ code: 'c', state: STATE, iss: forgerUrl })}` },
      { name: 'alg none', token: async () => new UnsecuredJWT(good).encode() },
      { name: 'signed by a key not in the JWKS', token: async () => sign(good, stranger, { alg: 'RS256', kid: 'stranger' }) },
      { name: 'the OP’s kid, another key’s signature', token: async () => sign(good, stranger) },
      { name: 'claims changed after signing', token: async () => tamper(await sign(good, await opKey('op-rsa'))) },
      { name: 'wrong audience', token: async () => sign({ ...good, aud: 'another-client' }, await opKey('op-rsa')) },
      { name: 'wrong issuer', token: async () => sign({ ...good, iss: forgerUrl }, await opKey('op-rsa')) },
      { name: 'expired', token: async () => sign({ ...good, iat: t - 7200, exp: t - 3600 }, await opKey('op-rsa')) },
      { name: 'correct token, clock moved past exp', token: async () => sign(good, await opKey('op-rsa')), now: new Date(NOW.getTime() + 3_600_000) },
      { name: 'not before in the future', token: async () => sign({ ...good, nbf: t + 3600 }, await opKey('op-rsa')) },
      { name: 'issued in the future', token: async () => sign({ ...good, iat: t + 3600, exp: t + 7200 }, await opKey('op-rsa')) },
      { name: 'wrong nonce', token: async () => sign({ ...good, nonce: 'a-nonce-from-elsewhere' }, await opKey('op-rsa')) },
      { name: 'the OP’s real token of another sign-in (reused nonce)', token: async () => honestToken, now: new Date() },
      { name: 'not a JWT', token: async () => 'not.a.jwt' },
    ];
    const outcomes: Record<string, string> = {};
    for (const row of rows) {
      forged = row.token ? await row.token() : 'unused';
      const result = await acceptOidcCallback(settings, forgedMetadata, { callbackUrl: row.callbackUrl ?? withCode, state: STATE, nonce: NONCE, codeVerifier: 'v'.repeat(43), redirectUri: REDIRECT, now: row.now ?? NOW, fetch, allowHttp: true }).then(
        (a) => `accepted ${a.subject}`,
        (e: unknown) => (e instanceof SsoRefused ? e.reason : `threw ${String(e)}`),
      );
      outcomes[row.name] = result;
    }
    expect(outcomes).toEqual({
      'control: a correct token signed with the OP’s RSA key': `accepted ${ADA.sub}`,
      'control: a correct token signed with the OP’s EC key': `accepted ${ADA.sub}`,
      'state mismatch': 'state_invalid',
      'state missing': 'state_invalid',
      'access_denied from the IdP': 'idp_error',
      'response from another issuer (iss parameter)': 'issuer_mismatch',
      'alg none': 'unsigned',
      'signed by a key not in the JWKS': 'unknown_key',
      'the OP’s kid, another key’s signature': 'signature_invalid',
      'claims changed after signing': 'signature_invalid',
      'wrong audience': 'audience_mismatch',
      'wrong issuer': 'issuer_mismatch',
      expired: 'expired',
      'correct token, clock moved past exp': 'expired',
      'not before in the future': 'not_yet_valid',
      'issued in the future': 'not_yet_valid',
      'wrong nonce': 'replayed',
      'the OP’s real token of another sign-in (reused nonce)': 'replayed',
      'not a JWT': 'malformed',
    });
  });
});
