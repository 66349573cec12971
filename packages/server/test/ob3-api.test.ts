// The 1EdTech Open Badges 3.0 API end to end, as a wallet would use it, on every dialect: discovery,
// dynamic client registration (RFC 7591), the authorization code grant with PKCE through Laurel's
// consent page, getCredentials (paged, since), upsertCredential with a badge from another issuer
// (signed in the test by the Digital Bazaar libraries, not by Laurel), getProfile/putProfile, refresh,
// revocation, disconnecting the app; and the OAuth errors of RFC 6749 / 7591 / 7636, none of which
// yields a token. Every OB API request and response is validated against the official OpenAPI file.
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createDocumentLoader } from '@laurel/credentials';
import type { LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { purgeExpiredOAuth } from '../src/domain/oauth/purge-expired.ts';
import { acceptAwardInto } from '../src/domain/portfolio/portfolio.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { REGISTRATIONS_PER_HOUR } from '../src/http/ob3/oauth-mount.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { ALL_SCOPES, authorizeUrl, BASE, basic, Browser, canonical, HOST, local, openApiErrors, pkce, REDIRECT, register, SCOPES, tokenRequest, type RegisteredClient } from './helpers/oauth.ts';

type Obj = Record<string, unknown>;
const API = '/ims/ob/v3p0';
const STUDENT = 'student@example.com';
const documentLoader = createDocumentLoader();

/** An OpenBadgeCredential from another issuer (did:key), signed by @digitalbazaar/vc with eddsa-rdfc-2022. */
async function foreignBadge(name: string, extra: Obj = {}): Promise<Obj> {
  const kp = await Ed25519Multikey.generate();
  const did = `did:key:${kp.publicKeyMultibase}`;
  Object.assign(kp, { id: `${did}#${kp.publicKeyMultibase}`, controller: did });
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: did, type: ['Profile'], name: 'Northwind Community College' },
    validFrom: new Date(Date.now() - 86_400_000).toISOString(),
    name,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: STUDENT, identityType: 'emailAddress', hashed: false }],
      achievement: { id: `https://northwind.example/achievements/${crypto.randomUUID()}`, type: ['Achievement'], name, description: `${name}, earned at Northwind.`, criteria: { narrative: 'Passed the practical assessment.' } },
    },
    ...extra,
  };
  return (await vc.issue({ credential, suite: new DataIntegrityProof({ signer: kp.signer(), cryptosuite }), documentLoader })) as Obj;
}

const ob = (t: TestApp, method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, body?: { json?: unknown; text?: string }) =>
  t.app.inject({
    method,
    url: `${API}${url}`,
    headers: {
      host: HOST,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body?.json !== undefined ? { 'content-type': 'application/json' } : body?.text !== undefined ? { 'content-type': 'text/plain' } : {}),
    },
    payload: body?.json !== undefined ? JSON.stringify(body.json) : body?.text,
  });

/** The status and, on failure, an Imsx_StatusInfo body checked against the OpenAPI file. */
function expectImsx(res: LightMyRequestResponse, status: number, minor: string): Obj {
  expect(res.statusCode).toBe(status);
  const body = res.json() as Obj;
  expect(openApiErrors('Imsx_StatusInfo', body)).toEqual([]);
  expect((body.imsx_codeMinor as { imsx_codeMinorField: { imsx_codeMinorFieldValue: string }[] }).imsx_codeMinorField[0]!.imsx_codeMinorFieldValue).toBe(minor);
  return body;
}

interface Connected {
  client: RegisteredClient;
  access: string;
  refresh: string;
  browser: Browser;
}

/** Registers a client, walks the earner through sign-in and consent, and exchanges the code. */
async function connect(t: TestApp, o: { scope?: string; registerScope?: string; email?: string; name?: string } = {}): Promise<Connected> {
  const reg = await register(t.app, { ...(o.registerScope ? { scope: o.registerScope } : {}), ...(o.name ? { client_name: o.name } : {}) });
  expect(reg.statusCode).toBe(201);
  const client = reg.json() as RegisteredClient;
  const p = pkce();
  const browser = new Browser(t.app);
  const start = await browser.get(authorizeUrl(client, { challenge: p.challenge, scope: o.scope ?? ALL_SCOPES }));
  expect(start.statusCode).toBe(303);
  const consent = local(start.headers.location as string);
  expect(consent).toMatch(/^\/connect\/[\w-]+$/);
  // Not signed in yet: sign-in first, which comes back to the consent page.
  const gate = await browser.get(consent);
  expect(gate.statusCode).toBe(302);
  expect(gate.headers.location).toBe(`/sign-in?next=${encodeURIComponent(consent)}`);
  await browser.signInFor(o.email ?? STUDENT, consent);
  const page = await browser.get(consent);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(`Connect “${o.name ?? 'Test Wallet'}” to your Laurel portfolio?`);
  const allowed = await browser.post(consent, { answer: 'allow' });
  expect(allowed.statusCode).toBe(303);
  const back = await browser.get(local(allowed.headers.location as string));
  const to = new URL(String(back.headers.location));
  expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
  expect(to.searchParams.get('state')).toBe('st-1');
  expect(to.searchParams.get('iss')).toBe(`${BASE}/oauth`);
  const tok = await tokenRequest(t.app, client, { grant_type: 'authorization_code', code: to.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: p.verifier });
  expect(tok.statusCode).toBe(200);
  const body = tok.json() as { access_token: string; refresh_token: string; token_type: string; scope: string };
  expect(body.token_type).toBe('Bearer');
  return { client, access: body.access_token, refresh: body.refresh_token, browser };
}

describe.each(DIALECTS)('OB 3.0 API on %s', (dialect) => {
  let t: TestApp;
  let awardCredentialId = '';
  beforeAll(async () => {
    t = await makeTestApp(dialect);
    const r = repos(t.deps.db);
    const [bc] = await r.ltiPlacements.placeableBadgeClasses((await r.organizations.findBySlug('red-river'))!.id);
    const student = (await r.users.findByEmail(STUDENT))!;
    for (const name of ['Alex Rivera', 'Alex Rivera']) {
      const award = await issueAward(t.deps, SYSTEM, { badgeClassId: bc!.id, raw: { recipient_email: STUDENT, recipient_name: name } }).catch(() => null);
      if (award) {
        await acceptAwardInto(t.deps, SYSTEM, award, student.id);
        awardCredentialId ||= award.credentialId;
      }
    }
  });
  afterAll(async () => t?.close());

  it('serves a Service Description Document: the official OpenAPI, profiled with this server and its OAuth endpoints', async () => {
    const res = await ob(t, 'GET', '/discovery', null);
    expect(res.statusCode).toBe(200);
    const sdd = res.json() as { servers: { url: string }[]; components: { securitySchemes: { OAuth2ACG: Obj & { flows: { authorizationCode: Obj } } } }; info: Obj; paths: Obj };
    expect(openApiErrors('ServiceDescriptionDocument', sdd)).toEqual([]);
    const scheme = sdd.components.securitySchemes.OAuth2ACG;
    expect(scheme['x-imssf-registrationUrl']).toBe(`${BASE}/oauth/reg`);
    expect(scheme.flows.authorizationCode).toMatchObject({ authorizationUrl: `${BASE}/oauth/auth`, tokenUrl: `${BASE}/oauth/token`, refreshUrl: `${BASE}/oauth/token` });
    expect(Object.keys(scheme.flows.authorizationCode.scopes as Obj).sort()).toEqual(Object.values(SCOPES).sort());
    expect(sdd.servers[0]!.url).toBe(`${BASE}${API}`);
    expect(sdd.info).toMatchObject({ termsOfService: `${BASE}/terms`, 'x-imssf-privacyPolicyUrl': `${BASE}/privacy` });
    expect(Object.keys(sdd.paths).sort()).toEqual(['/credentials', '/discovery', '/profile']);
    // The authorization server's own metadata agrees.
    const meta = (await t.app.inject({ method: 'GET', url: '/oauth/.well-known/openid-configuration', headers: { host: HOST } })).json() as Obj;
    expect(meta).toMatchObject({ issuer: `${BASE}/oauth`, registration_endpoint: `${BASE}/oauth/reg`, revocation_endpoint: `${BASE}/oauth/token/revocation`, code_challenge_methods_supported: ['S256'] });
  });

  it('connects a wallet, reads and pushes badges, reads and updates the profile, refreshes, and is cut off when revoked', async () => {
    const c = await connect(t);

    // getCredentials: Laurel's awards, byte for byte as signed, and the paging headers.
    const all = await ob(t, 'GET', '/credentials', c.access);
    expect(all.statusCode).toBe(200);
    const page = all.json() as { credential: Obj[] };
    expect(openApiErrors('GetOpenBadgeCredentialsResponse', { credential: page.credential.map(canonical) })).toEqual([]);
    expect(page.credential.map((x) => x.id)).toContain(awardCredentialId);
    const total = Number(all.headers['x-total-count']);
    expect(total).toBe(page.credential.length);
    const stored = (await repos(t.deps.db).awards.forEarner((await repos(t.deps.db).users.findByEmail(STUDENT))!.id, [STUDENT])).find((a) => a.credentialId === awardCredentialId)!;
    expect(JSON.stringify(page.credential.find((x) => x.id === awardCredentialId))).toBe(JSON.stringify(JSON.parse(stored.credential)));
    const first = await ob(t, 'GET', '/credentials?limit=1&offset=0', c.access);
    expect((first.json() as { credential: Obj[] }).credential).toHaveLength(1);
    expect(first.headers['x-total-count']).toBe(String(total));
    expect(String(first.headers.link)).toContain(`<${BASE}${API}/credentials?limit=1&offset=0>; rel="first"`);
    if (total > 1) expect(String(first.headers.link)).toContain(`<${BASE}${API}/credentials?limit=1&offset=1>; rel="next"`);
    const future = await ob(t, 'GET', `/credentials?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`, c.access);
    expect((future.json() as { credential: Obj[] }).credential).toEqual([]);
    expect(future.headers['x-total-count']).toBe('0');

    // upsertCredential: a badge from another issuer is verified and lands in the portfolio, private.
    const foreign = await foreignBadge('Welding Safety');
    expect(openApiErrors('AchievementCredential', canonical(foreign))).toEqual([]);
    const created = await ob(t, 'POST', '/credentials', c.access, { json: foreign });
    expect(created.statusCode).toBe(201);
    expect(openApiErrors('AchievementCredential', canonical(created.json() as Obj))).toEqual([]);
    expect((created.json() as Obj).id).toBe(foreign.id);
    const again = await ob(t, 'POST', '/credentials', c.access, { json: foreign });
    expect(again.statusCode).toBe(304);
    const ownAward = (page.credential.find((x) => x.id === awardCredentialId))!;
    expect((await ob(t, 'POST', '/credentials', c.access, { json: ownAward })).statusCode).toBe(304);
    const after = (await ob(t, 'GET', '/credentials', c.access)).json() as { credential: Obj[] };
    expect(after.credential.map((x) => x.id)).toContain(foreign.id);
    const portfolio = await c.browser.get('/portfolio');
    expect(portfolio.body).toContain('Welding Safety');
    const audit = await repos(t.deps.db).audit.list({ action: 'external_badge.imported', perPage: 50, page: 1 });
    expect(audit.items.some((e) => (e.data as { via?: { oauthClient?: string } }).via?.oauthClient === c.client.client_id)).toBe(true);

    // A tampered one is refused, with the failed check named.
    const tampered = { ...foreign, name: 'Master Welder' };
    const refused = expectImsx(await ob(t, 'POST', '/credentials', c.access, { json: tampered }), 400, 'invalid_data');
    expect(String(refused.imsx_description)).toMatch(/^badge_import_failed: This badge did not verify/);
    expectImsx(await ob(t, 'POST', '/credentials', c.access, { text: 'not a jws' }), 400, 'invalid_data');

    // getProfile / putProfile.
    const profile = await ob(t, 'GET', '/profile', c.access);
    expect(profile.statusCode).toBe(200);
    expect(openApiErrors('Profile', profile.json())).toEqual([]);
    expect(profile.json()).toMatchObject({ type: ['Profile'], name: 'Alex Rivera', email: STUDENT });
    const renamed = await ob(t, 'PUT', '/profile', c.access, { json: { ...(profile.json() as Obj), name: 'Alexandra Rivera' } });
    expect(renamed.statusCode).toBe(200);
    expect(openApiErrors('Profile', renamed.json())).toEqual([]);
    expect((await repos(t.deps.db).users.findByEmail(STUDENT))!.name).toBe('Alexandra Rivera');
    expect((await ob(t, 'PUT', '/profile', c.access, { json: renamed.json() })).statusCode).toBe(304);
    const badEmail = expectImsx(await ob(t, 'PUT', '/profile', c.access, { json: { ...(renamed.json() as Obj), email: 'someone@else.example' } }), 400, 'invalid_data');
    expect(String(badEmail.imsx_description)).toContain('Emails page');
    expect((await ob(t, 'PUT', '/profile', c.access, { json: { ...(renamed.json() as Obj), name: 'Alex Rivera' } })).statusCode).toBe(200);

    // Refresh: a new access token that works; the old refresh token is spent when rotated.
    const refreshed = await tokenRequest(t.app, c.client, { grant_type: 'refresh_token', refresh_token: c.refresh });
    expect(refreshed.statusCode).toBe(200);
    const fresh = refreshed.json() as { access_token: string; refresh_token: string };
    expect((await ob(t, 'GET', '/profile', fresh.access_token)).statusCode).toBe(200);
    // A refresh may not widen what the earner allowed.
    const wider = await tokenRequest(t.app, c.client, { grant_type: 'refresh_token', refresh_token: fresh.refresh_token, scope: `${ALL_SCOPES} openid` });
    expect(wider.statusCode).toBe(400);
    expect(wider.json()).toMatchObject({ error: 'invalid_scope' });

    // Revocation (RFC 7009): the access token stops working at once.
    const revoke = await t.app.inject({ method: 'POST', url: '/oauth/token/revocation', headers: { host: HOST, authorization: basic(c.client), 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${fresh.access_token}&token_type_hint=access_token` });
    expect(revoke.statusCode).toBe(200);
    const cut = await ob(t, 'GET', '/profile', fresh.access_token);
    expectImsx(cut, 401, 'unauthorizedrequest');
    expect(String(cut.headers['www-authenticate'])).toMatch(/^Bearer realm="laurel", error="invalid_token"/);
  });

  it('lists the connected app on the Account page and disconnecting it revokes every token at once', async () => {
    // Earlier tests connected other apps for this earner: this one has a name of its own.
    const c = await connect(t, { scope: `${SCOPES.read} ${SCOPES.profile}`, name: 'Library Kiosk' });
    const account = await c.browser.get('/account');
    expect(account.body).toContain('Connected apps');
    expect(account.body).toContain('See your badges');
    const link = /href="(\/account\/apps\/[\w-]+\/disconnect)" aria-label="Disconnect Library Kiosk"/.exec(account.body)![1]!;
    const confirm = await c.browser.get(link);
    expect(confirm.body).toContain('Disconnect “Library Kiosk”?');
    expect((await ob(t, 'GET', '/profile', c.access)).statusCode).toBe(200);
    const done = await c.browser.post(link, {});
    expect(done.statusCode).toBe(303);
    expectImsx(await ob(t, 'GET', '/profile', c.access), 401, 'unauthorizedrequest');
    const refresh = await tokenRequest(t.app, c.client, { grant_type: 'refresh_token', refresh_token: c.refresh });
    expect(refresh.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await repos(t.deps.db).audit.list({ action: 'oauth.app_disconnected', perPage: 10, page: 1 })).total).toBeGreaterThan(0);
  });

  it('enforces each operation’s scope (403 insufficient_scope) and asks for a token (401)', async () => {
    const c = await connect(t, { scope: SCOPES.read });
    expect((await ob(t, 'GET', '/credentials', c.access)).statusCode).toBe(200);
    const push = await ob(t, 'POST', '/credentials', c.access, { json: await foreignBadge('Forklift Operation') });
    expectImsx(push, 403, 'forbidden');
    expect(String(push.headers['www-authenticate'])).toBe(`Bearer realm="laurel", error="insufficient_scope", scope="${SCOPES.upsert}"`);
    expectImsx(await ob(t, 'GET', '/profile', c.access), 403, 'forbidden');
    expectImsx(await ob(t, 'PUT', '/profile', c.access, { json: { type: ['Profile'], name: 'X' } }), 403, 'forbidden');
    const none = await ob(t, 'GET', '/credentials', null);
    expectImsx(none, 401, 'unauthorizedrequest');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    expectImsx(await ob(t, 'GET', '/credentials', 'not-a-token'), 401, 'unauthorizedrequest');
    expectImsx(await ob(t, 'GET', '/credentials?limit=0', c.access), 400, 'invalid_query_parameter');
    expect(String(expectImsx(await ob(t, 'GET', '/credentials?limit=201', c.access), 400, 'invalid_query_parameter').imsx_description)).toContain('limit is at most 200');
    expectImsx(await ob(t, 'GET', '/credentials?since=yesterday', c.access), 400, 'invalid_query_parameter');
  });

  it('answers any body or query with a valid OB answer or an Imsx_StatusInfo, never a server error (fuzz)', async () => {
    const c = await connect(t);
    const hostile = fc.oneof(fc.string(), fc.constantFrom('', '{', 'null', '[]', '{"type":"Profile"}', '<x/>', 'eyJ.eyJ.sig', '\u0000', 'x'.repeat(5000)), fc.json());
    const body = fc.oneof(hostile.map((text) => ({ text })), fc.jsonValue().map((json) => ({ json })), fc.record({ type: fc.constantFrom(['Profile'], 'Profile', ['VerifiableCredential', 'OpenBadgeCredential']), name: fc.oneof(fc.string(), fc.integer()), id: fc.string() }).map((json) => ({ json })));
    const query = fc.record({ limit: fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), fc.string()), offset: fc.oneof(fc.integer({ min: -5, max: 50 }).map(String), fc.string()), since: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()) }, { requiredKeys: [] });
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'GET' | 'POST' | 'PUT'>('GET', 'POST', 'PUT'), fc.constantFrom('/credentials', '/profile'), body, query, async (method, path, b, q) => {
        const qs = new URLSearchParams(q as Record<string, string>).toString();
        const res = await ob(t, method, `${path}${method === 'GET' && qs ? `?${qs}` : ''}`, c.access, method === 'GET' ? undefined : b);
        sent++;
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) expect(openApiErrors('Imsx_StatusInfo', res.json())).toEqual([]);
      }),
      { numRuns: 300, seed: 1509 },
    );
    expect(sent).toBe(300);
    // The fuzz may have renamed the student: put the name back for the other tests.
    await repos(t.deps.db).users.setName((await repos(t.deps.db).users.findByEmail(STUDENT))!.id, 'Alex Rivera', new Date().toISOString());
  });

  it('when the earner denies, the app gets access_denied and no code', async () => {
    const client = (await register(t.app)).json() as RegisteredClient;
    const b = new Browser(t.app);
    const consent = local((await b.get(authorizeUrl(client, { challenge: pkce().challenge }))).headers.location as string);
    await b.signInFor(STUDENT, consent);
    await b.get(consent);
    const denied = await b.post(consent, { answer: 'deny' });
    const back = new URL(String((await b.get(local(denied.headers.location as string))).headers.location));
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
    // The interaction is over: the consent page says so.
    const stale = await b.get(consent);
    expect(stale.statusCode).toBe(410);
    expect(stale.body).toContain('expired or was already answered');
  });
});

describe.each(DIALECTS)('OAuth 2.0 errors on %s (RFC 6749, 7591, 7636): the right code, never a token', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** Up to the code: registered client, PKCE pair, the code and the browser. */
  async function codeFor(o: { scope?: string; registerScope?: string } = {}) {
    const client = (await register(t.app, o.registerScope ? { scope: o.registerScope } : {})).json() as RegisteredClient;
    const p = pkce();
    const b = new Browser(t.app);
    const consent = local((await b.get(authorizeUrl(client, { challenge: p.challenge, ...(o.scope ? { scope: o.scope } : {}) }))).headers.location as string);
    await b.signInFor(STUDENT, consent);
    await b.get(consent);
    const allowed = await b.post(consent, { answer: 'allow' });
    const code = new URL(String((await b.get(local(allowed.headers.location as string))).headers.location)).searchParams.get('code')!;
    return { client, p, code };
  }

  it.each([
    ['no redirect URIs', 'invalid_redirect_uri', { redirect_uris: [] }],
    ['an unknown scope', 'invalid_client_metadata', { scope: `${SCOPES.read} https://example.org/scope/everything` }],
    ['an unsupported grant type', 'invalid_client_metadata', { grant_types: ['implicit'] }],
    ['a redirect URI with a fragment', 'invalid_redirect_uri', { redirect_uris: ['https://wallet.example/cb#x'] }],
  ])('registration with %s is refused (%s)', async (_label, error, metadata) => {
    const res = await register(t.app, metadata);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error });
    expect(res.json()).not.toHaveProperty('client_id');
  });

  it('a wrong client secret is invalid_client (401)', async () => {
    const { client, p, code } = await codeFor();
    const res = await tokenRequest(t.app, null, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: p.verifier }, basic({ ...client, client_secret: 'wrong' }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('a PKCE verifier that does not match is invalid_grant', async () => {
    const { client, code } = await codeFor();
    const res = await tokenRequest(t.app, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_grant' });
    expect(res.json()).not.toHaveProperty('access_token');
  });

  it('an authorization request without PKCE, or with the plain method, is refused back to the app (invalid_request)', async () => {
    const client = (await register(t.app)).json() as RegisteredClient;
    for (const url of [authorizeUrl(client, {}), authorizeUrl(client, { challenge: 'x'.repeat(43), method: 'plain' })]) {
      const res = await new Browser(t.app).get(url);
      expect(res.statusCode).toBe(303);
      const back = new URL(String(res.headers.location));
      expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
      expect(back.searchParams.get('error')).toBe('invalid_request');
    }
  });

  it('a redirect URI the client did not register is never redirected to: an error page (and invalid_grant at the token endpoint)', async () => {
    const client = (await register(t.app)).json() as RegisteredClient;
    const res = await new Browser(t.app).get(authorizeUrl(client, { challenge: pkce().challenge, redirectUri: 'https://evil.example/steal' }));
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('redirect_uri');
    const { client: c2, p, code } = await codeFor();
    const swapped = await tokenRequest(t.app, c2, { grant_type: 'authorization_code', code, redirect_uri: 'https://wallet.example/other', code_verifier: p.verifier });
    expect(swapped.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('a reused authorization code is invalid_grant, and revokes the tokens issued from it', async () => {
    const { client, p, code } = await codeFor();
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: p.verifier };
    const first = await tokenRequest(t.app, client, form);
    expect(first.statusCode).toBe(200);
    const { access_token, refresh_token } = first.json() as { access_token: string; refresh_token: string };
    expect((await ob(t, 'GET', '/credentials', access_token)).statusCode).toBe(200);
    const second = await tokenRequest(t.app, client, form);
    expect(second.statusCode).toBe(400);
    expect(second.json()).toMatchObject({ error: 'invalid_grant' });
    expect(second.json()).not.toHaveProperty('access_token');
    expectImsx(await ob(t, 'GET', '/credentials', access_token), 401, 'unauthorizedrequest');
    expect((await tokenRequest(t.app, client, { grant_type: 'refresh_token', refresh_token })).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('the hourly purge removes expired codes, tokens, sessions and grants; registered clients stay', async () => {
    const reg = (await register(t.app)).json() as RegisteredClient & { registration_access_token: string };
    await codeFor();
    expect(await purgeExpiredOAuth(t.deps)).toBe(0);
    const now = t.clock.now;
    try {
      t.clock.now = new Date(now.getTime() + 400 * 86_400_000);
      expect(await purgeExpiredOAuth(t.deps)).toBeGreaterThan(0);
      expect(await purgeExpiredOAuth(t.deps)).toBe(0);
    } finally {
      t.clock.now = now;
    }
    const read = await t.app.inject({ method: 'GET', url: `/oauth/reg/${reg.client_id}`, headers: { host: HOST, authorization: `Bearer ${reg.registration_access_token}` } });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ client_id: reg.client_id, client_name: 'Test Wallet' });
  });

  it('a scope the client did not register for is invalid_scope, sent back to the app', async () => {
    const client = (await register(t.app, { scope: SCOPES.read })).json() as RegisteredClient;
    const res = await new Browser(t.app).get(authorizeUrl(client, { challenge: pkce().challenge, scope: `${SCOPES.read} ${SCOPES.upsert}` }));
    expect(res.statusCode).toBe(303);
    const back = new URL(String(res.headers.location));
    expect(back.searchParams.get('error')).toBe('invalid_scope');
    expect(back.searchParams.get('code')).toBeNull();
  });
});

describe.each(DIALECTS)('open client registration on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it(`is limited to ${REGISTRATIONS_PER_HOUR} registrations an hour from one address (429 rate_limited)`, async () => {
    for (let i = 0; i < REGISTRATIONS_PER_HOUR; i++) expect((await register(t.app, { client_name: `App ${i}` })).statusCode).toBe(201);
    const over = await register(t.app);
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ code: 'rate_limited' });
    expect(over.json()).not.toHaveProperty('client_id');
    // The rest of the authorization server is not limited by it.
    expect((await t.app.inject({ method: 'GET', url: '/oauth/.well-known/openid-configuration', headers: { host: HOST } })).statusCode).toBe(200);
  });
});
