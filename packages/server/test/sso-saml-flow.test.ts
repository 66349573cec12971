// Single sign-on with SAML 2.0 through Laurel's pages, against a real IdP started by the test
// (test/support/saml-idp.ts, samlify signing with its own key): the institution admin adds the IdP,
// a person signs in on the IdP's login page and lands in Laurel with the mapped role; an existing
// account is linked, never duplicated; every bad answer is refused with a page and an audit event;
// password sign-in can be turned off; single logout both ways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repos } from '../src/storage/repositories/index.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { ATTRIBUTE, startSamlIdp, STATUS, tamper, type SamlIdp } from './support/saml-idp.ts';
import { generateSpKeys } from '../src/sso/saml.ts';
import { continueUrl } from './helpers/forms.ts';

const DOMAIN = 'prairiestate.example.edu';
const USERS = [
  { username: 'ada', password: 'analytical-engine', displayName: 'Ada Lovelace', mail: `ada@${DOMAIN}`, eppn: `ada@${DOMAIN}`, affiliations: [`faculty@${DOMAIN}`, `member@${DOMAIN}`] },
  { username: 'priya', password: 'priya-campus-pw', displayName: 'Priya N.', mail: `admin@${DOMAIN}`, eppn: `pnatarajan@${DOMAIN}`, affiliations: [`staff@${DOMAIN}`] },
  { username: 'eve', password: 'outsider-pw-1', displayName: 'Eve Outsider', mail: 'eve@elsewhere.example.org', eppn: `eve@${DOMAIN}`, affiliations: [`student@${DOMAIN}`] },
  { username: 'dual', password: 'dual-campus-pw', displayName: 'Dual Role', mail: `dual@${DOMAIN}`, eppn: `dual@${DOMAIN}`, affiliations: [] },
];

function formField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no ${name} in ${html.slice(0, 400)}`);
  return m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x2F;/g, '/');
}

describe.each(DIALECTS)('SAML single sign-on on %s', (dialect) => {
  let t: TestApp;
  let idp: SamlIdp;
  let idpId: string;
  let admin: Client;

  const audits = async (action: string) => (await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('at').execute()).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    idp = await startSamlIdp({ users: USERS, now: () => t.clock.now });
    admin = await signedIn(t.app, 'admin@prairiestate.example.edu');
    // An address in Prairie State's domain whose account is Red River's issuer: Prairie State's IdP may not sign it in.
    const r = repos(t.deps.db);
    const at = new Date().toISOString();
    await r.users.insert({ id: 'dual-user', email: `dual@${DOMAIN}`, name: 'Dual Role', passwordHash: null, at });
    await r.memberships.insert({ id: 'dual-membership', userId: 'dual-user', organizationId: (await r.organizations.findBySlug('red-river'))!.id, role: 'issuer', at });
    const res = await admin.post('/admin/institutions/prairie-state/sign-in?protocol=saml', { name: 'Prairie State University', metadataXml: idp.metadataXml, emailDomains: DOMAIN, roleRules: 'faculty = program_author\nbadge-issuers = issuer', clockSkewSeconds: '180' });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    idpId = String(res.headers.location).split('/').pop()!;
    const meta = await t.app.inject({ url: `/sso/saml/${idpId}/metadata` });
    expect(meta.statusCode).toBe(200);
    expect(meta.headers['content-type']).toContain('application/samlmetadata+xml');
    idp.addServiceProvider(meta.body);
  });
  afterAll(async () => {
    await idp?.close();
    await t?.close();
  });

  /** Starts a sign-in in `c` and returns the IdP's AuthnRequest id and the RelayState. */
  async function start(c: Client): Promise<{ requestId: string; relayState: string; loginUrl: string }> {
    const loginUrl = continueUrl(await c.get(`/sso/start?idp=${idpId}&next=/dashboard`));
    expect(loginUrl.startsWith(idp.url)).toBe(true);
    const page = await fetch(loginUrl);
    expect(page.status).toBe(200);
    const last = idp.received.authnRequests.at(-1)!;
    return { requestId: last.id, relayState: last.relayState!, loginUrl };
  }

  /** Posts a SAMLResponse to the ACS as the IdP's page would, then follows to /sso/finish in `c`. */
  async function answer(c: Client, samlResponse: string, relayState: string, acsIdp = idpId) {
    const acs = await c.post(`/sso/saml/${acsIdp}/acs`, { SAMLResponse: samlResponse, RelayState: relayState }, { csrf: false });
    if (acs.statusCode !== 303) return acs;
    const finish = await c.get(String(acs.headers.location));
    // As a browser does: follow to the page, which brings forms bound to the new session.
    if (finish.statusCode === 303) await c.get(String(finish.headers.location));
    return finish;
  }

  it('shows "Sign in with Prairie State University" and signs a new person in through the IdP login page, with the mapped role', async () => {
    const c = new Client(t.app);
    const page = await c.get('/sign-in');
    expect(page.body).toContain('Sign in with your institution');
    expect(page.body).toContain('Prairie State University');
    const { loginUrl } = await start(c);
    const loginPage = await (await fetch(loginUrl)).text();
    const login = await fetch(`${idp.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ request: formField(loginPage, 'request'), username: 'ada', password: 'analytical-engine' }) });
    const post = await login.text();
    expect(post).toContain(`/sso/saml/${idpId}/acs`);
    const done = await answer(c, formField(post, 'SAMLResponse'), formField(post, 'RelayState'));
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/dashboard');
    const dash = await c.get('/dashboard');
    expect(dash.body).toContain('Ada Lovelace');
    const r = repos(t.deps.db);
    const user = (await r.users.findByEmail(`ada@${DOMAIN}`))!;
    expect((await r.memberships.forUser(user.id)).map((m) => `${m.organizationSlug}:${m.role}`)).toEqual(['prairie-state:program_author']);
    expect((await audits('sso.account_created')).some((e) => e.subject_id === user.id)).toBe(true);
    expect((await audits('membership.mapped_role_granted')).some((e) => e.subject_id === user.id && e.data.role === 'program_author')).toBe(true);
    expect((await audits('user.signed_in')).some((e) => e.subject_id === user.id && e.data.via === 'sso')).toBe(true);
    // The choice is remembered on this device.
    await c.post('/sign-out', {});
    const again = await c.get('/sign-in');
    expect(again.body).toContain('Sign in with Prairie State University');
  });

  it('links an existing account with the same email instead of making a second one, and keeps roles granted by hand', async () => {
    const r = repos(t.deps.db);
    const before = await r.users.count();
    const existing = (await r.users.findByEmail(`admin@${DOMAIN}`))!;
    const c = new Client(t.app);
    const { requestId, relayState } = await start(c);
    const done = await answer(c, await idp.issueResponse({ username: 'priya', inResponseTo: requestId }), relayState);
    expect(done.statusCode).toBe(303);
    expect(await r.users.count()).toBe(before);
    expect((await r.ssoIdentities.forUser(existing.id)).map((i) => i.idpId)).toEqual([idpId]);
    expect((await r.memberships.forUser(existing.id)).map((m) => m.role)).toEqual(['institution_admin']);
    expect((await audits('sso.account_linked')).some((e) => e.subject_id === existing.id)).toBe(true);
  });

  it('takes a mapped role away when the IdP stops asserting it, at the next sign-in', async () => {
    const c = new Client(t.app);
    const first = await start(c);
    await answer(c, await idp.issueResponse({ username: 'ada', inResponseTo: first.requestId, attributes: { [ATTRIBUTE.eduPersonScopedAffiliation]: [`faculty@${DOMAIN}`, `badge-issuers@${DOMAIN}`] } }), first.relayState);
    const r = repos(t.deps.db);
    const ada = (await r.users.findByEmail(`ada@${DOMAIN}`))!;
    expect((await r.memberships.forUser(ada.id)).map((m) => m.role).sort()).toEqual(['issuer', 'program_author']);
    const c2 = new Client(t.app);
    const second = await start(c2);
    await answer(c2, await idp.issueResponse({ username: 'ada', inResponseTo: second.requestId, attributes: { [ATTRIBUTE.eduPersonScopedAffiliation]: [`faculty@${DOMAIN}`] } }), second.relayState);
    expect((await r.memberships.forUser(ada.id)).map((m) => m.role)).toEqual(['program_author']);
    expect((await audits('membership.mapped_role_removed')).some((e) => e.subject_id === ada.id && e.data.role === 'issuer')).toBe(true);
  });

  it('refuses every bad answer with a page and an audit event, never a session', async () => {
    const other = await generateSpKeys('Not the IdP');
    const later = (ms: number) => new Date(t.clock.now.getTime() + ms);
    type Case = { name: string; reason: string; make: (requestId: string) => Promise<string> };
    const cases: Case[] = [
      { name: 'tampered signature', reason: 'signature_invalid', make: async (id) => tamper.replace(await idp.issueResponse({ username: 'ada', inResponseTo: id }), '>Ada Lovelace<', '>Ada Administrator<') },
      { name: 'unsigned assertion', reason: 'unsigned', make: (id) => idp.issueResponse({ username: 'ada', inResponseTo: id, sign: 'none' }) },
      { name: 'signed by another key', reason: 'signature_invalid', make: (id) => idp.issueResponse({ username: 'ada', inResponseTo: id, signWith: other }) },
      { name: 'wrong audience', reason: 'audience_mismatch', make: (id) => idp.issueResponse({ username: 'ada', inResponseTo: id, audience: 'https://another-sp.example/metadata' }) },
      { name: 'wrong issuer', reason: 'issuer_mismatch', make: (id) => idp.issueResponse({ username: 'ada', inResponseTo: id, issuer: 'https://evil-idp.example/idp' }) },
      { name: 'expired', reason: 'expired', make: (id) => idp.issueResponse({ username: 'ada', inResponseTo: id, now: later(-60 * 60_000), notBefore: later(-60 * 60_000), notOnOrAfter: later(-30 * 60_000) }) },
      { name: 'not yet valid', reason: 'not_yet_valid', make: (id) => idp.issueResponse({ username: 'ada', inResponseTo: id, now: later(30 * 60_000), notBefore: later(30 * 60_000), notOnOrAfter: later(40 * 60_000) }) },
      { name: "another organization's SP", reason: 'wrong_organization', make: (id) => idp.issueResponse({ username: 'ada', inResponseTo: id, destination: 'http://laurel.test/sso/saml/another-idp/acs' }) },
      { name: 'an answer to another request', reason: 'state_invalid', make: () => idp.issueResponse({ username: 'ada', inResponseTo: '_not-our-request' }) },
      { name: 'IdP error status', reason: 'idp_error', make: (id) => idp.issueResponse({ inResponseTo: id, status: { code: STATUS.responder, subCode: STATUS.authnFailed } }) },
      { name: 'garbage', reason: 'malformed', make: async () => Buffer.from('<not-saml/>').toString('base64') },
      { name: 'email outside the IdP domains', reason: 'email_domain', make: (id) => idp.issueResponse({ username: 'eve', inResponseTo: id }) },
      { name: 'an account holding roles in another organization', reason: 'account_conflict', make: (id) => idp.issueResponse({ username: 'dual', inResponseTo: id }) },
    ];
    for (const k of cases) {
      const sessionsBefore = await t.deps.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      const c = new Client(t.app);
      const { requestId, relayState } = await start(c);
      const res = await answer(c, await k.make(requestId), relayState);
      expect(res.statusCode, k.name).toBe(401);
      expect(res.body, k.name).toContain('You were not signed in');
      expect(res.body, k.name).toContain(k.reason);
      expect(c.cookies.has('laurel_session'), k.name).toBe(false);
      const sessionsAfter = await t.deps.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(sessionsAfter.n), k.name).toBe(Number(sessionsBefore.n));
      expect((await audits('sso.sign_in_refused')).at(-1)?.data.reason, k.name).toBe(k.reason);
    }
  });

  it('refuses a replayed assertion and an answer completed in another browser', async () => {
    const c = new Client(t.app);
    const { requestId, relayState } = await start(c);
    const response = await idp.issueResponse({ username: 'ada', inResponseTo: requestId });
    expect((await answer(c, response, relayState)).statusCode).toBe(303);
    const replay = await answer(new Client(t.app), response, relayState);
    expect(replay.statusCode).toBe(401);
    expect((await audits('sso.sign_in_refused')).at(-1)?.data.reason).toBe('replayed');

    const victim = new Client(t.app);
    const attacker = new Client(t.app);
    const s = await start(attacker);
    const acs = await victim.post(`/sso/saml/${idpId}/acs`, { SAMLResponse: await idp.issueResponse({ username: 'ada', inResponseTo: s.requestId }), RelayState: s.relayState }, { csrf: false });
    expect(acs.statusCode).toBe(303);
    const finish = await victim.get(String(acs.headers.location));
    expect(finish.statusCode).toBe(401);
    expect(victim.cookies.has('laurel_session')).toBe(false);
    expect((await audits('sso.sign_in_refused')).at(-1)?.data.reason).toBe('browser_mismatch');
  });

  it('refuses IdP metadata without a signing certificate, with the error next to the field, and saves nothing', async () => {
    const count = async () => (await repos(t.deps.db).identityProviders.forOrganization((await repos(t.deps.db).organizations.findBySlug('prairie-state'))!.id)).length;
    const before = await count();
    const noCert = idp.metadataXml.replace(/<(\w+:)?KeyDescriptor[\s\S]*?<\/(\w+:)?KeyDescriptor>/g, '');
    const res = await admin.post('/admin/institutions/prairie-state/sign-in?protocol=saml', { metadataXml: noCert, emailDomains: DOMAIN });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/signing certificate/i);
    expect(res.body).toContain(DOMAIN);
    const pub = await admin.post('/admin/institutions/prairie-state/sign-in?protocol=saml', { metadataXml: idp.metadataXml, emailDomains: 'gmail.com' });
    expect(pub.statusCode).toBe(422);
    expect(pub.body).toContain('public email service');
    expect(await count()).toBe(before);
  });

  it('takes the IdP metadata as an uploaded file, and removes an IdP after a confirmation page', async () => {
    const boundary = '----laurel-test-boundary';
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const payload =
      part('name', 'Prairie State (test connection)') +
      part('emailDomains', DOMAIN) +
      `--${boundary}\r\nContent-Disposition: form-data; name="metadataFile"; filename="idp-metadata.xml"\r\nContent-Type: application/samlmetadata+xml\r\n\r\n${idp.metadataXml}\r\n` +
      `--${boundary}--\r\n`;
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.app.inject({ method: 'POST', url: `/admin/institutions/prairie-state/sign-in?protocol=saml&_csrf=${encodeURIComponent(admin.csrf)}`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(303);
    const uploadedId = String(res.headers.location).split('/').pop()!;
    const { provider } = await (await import('../src/domain/sso/identity-providers.ts')).getIdentityProvider(t.deps, (await (await import('../src/domain/accounts/sessions.ts')).actorForUser(t.deps, (await repos(t.deps.db).users.findByEmail(`admin@${DOMAIN}`))!.id))!, { slug: 'prairie-state', idpId: uploadedId });
    expect(provider.saml?.entityId).toBe(idp.entityId);
    expect(provider.saml?.certificates).toHaveLength(1);
    const confirm = await admin.get(`/admin/institutions/prairie-state/sign-in/${uploadedId}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Remove Prairie State (test connection)?');
    expect((await admin.post(`/admin/institutions/prairie-state/sign-in/${uploadedId}/delete`, {})).statusCode).toBe(303);
    expect(await repos(t.deps.db).identityProviders.findById(uploadedId)).toBeUndefined();
    expect((await audits('identity_provider.deleted')).some((e) => e.subject_id === uploadedId)).toBe(true);
  });

  it("keeps other institutions' admins out of Prairie State's sign-in settings", async () => {
    const other = await signedIn(t.app, 'author@redriver.example.edu');
    expect((await other.get('/admin/institutions/prairie-state/sign-in')).statusCode).toBe(403);
    expect((await other.api('GET', '/api/v1/institutions/prairie-state/sign-in')).statusCode).toBe(403);
    const api = await admin.api('GET', '/api/v1/institutions/prairie-state/sign-in');
    expect(api.statusCode).toBe(200);
    const body = api.json() as { password_sign_in: boolean; identity_providers: Array<{ id: string; saml: { acs_url: string } }> };
    expect(body.identity_providers.find((p) => p.id === idpId)?.saml.acs_url).toBe(`http://laurel.test/sso/saml/${idpId}/acs`);
  });

  it('turns password sign-in off for members (system admins keep theirs) and on again', async () => {
    expect((await admin.post('/admin/institutions/prairie-state/sign-in/passwords', { passwordSignIn: 'off' })).statusCode).toBe(303);
    const c = new Client(t.app);
    await c.get('/sign-in');
    const refused = await c.post('/sign-in', { email: `admin@${DOMAIN}`, password: 'correct horse battery staple' });
    // The demo password: refused with the institution's own sign-in pointed at, not a wrong-password message.
    const demo = await c.post('/sign-in', { email: `admin@${DOMAIN}`, password: (await import('../src/domain/seed/demo.ts')).DEMO_PASSWORD });
    expect(refused.statusCode).toBe(401);
    expect(demo.statusCode).toBe(403);
    expect(demo.body).toContain('signs its members in through its own sign-in page');
    await (await signedIn(t.app, 'admin@regents.example.org')).get('/dashboard');
    expect((await audits('organization.password_sign_in_changed')).at(-1)?.data.allowed).toBe(false);
    // SSO sign-in still works, and the admin turns passwords back on.
    const s = new Client(t.app);
    const { requestId, relayState } = await start(s);
    expect((await answer(s, await idp.issueResponse({ username: 'priya', inResponseTo: requestId }), relayState)).statusCode).toBe(303);
    expect((await s.post('/admin/institutions/prairie-state/sign-in/passwords', { passwordSignIn: 'on' })).statusCode).toBe(303);
    expect((await c.post('/sign-in', { email: `admin@${DOMAIN}`, password: (await import('../src/domain/seed/demo.ts')).DEMO_PASSWORD })).statusCode).toBe(303);
  });

  it('signs out through the IdP single logout, and ends sessions when the IdP asks', async () => {
    const c = new Client(t.app);
    const { requestId, relayState } = await start(c);
    await answer(c, await idp.issueResponse({ username: 'ada', inResponseTo: requestId, sessionIndex: 'sess-1' }), relayState);
    const sloUrl = continueUrl(await c.post('/sign-out', {}));
    expect(sloUrl.startsWith(idp.url)).toBe(true);
    expect(c.cookies.has('laurel_session')).toBe(false);
    const idpAnswer = await fetch(sloUrl, { redirect: 'manual' });
    expect(idpAnswer.status).toBe(302);
    const back = String(idpAnswer.headers.get('location'));
    expect(back.startsWith(`http://laurel.test/sso/saml/${idpId}/slo?`)).toBe(true);
    const landed = await c.get(back.replace('http://laurel.test', ''));
    expect(landed.statusCode).toBe(303);
    expect(landed.headers.location).toBe('/sign-in');

    // IdP-initiated: the IdP asks Laurel to end Ada's sessions.
    const d = new Client(t.app);
    const s = await start(d);
    await answer(d, await idp.issueResponse({ username: 'ada', inResponseTo: s.requestId }), s.relayState);
    expect((await d.get('/dashboard')).statusCode).toBe(200);
    const url = idp.logoutRequestUrl({ nameId: 'id-ada' });
    const res = await d.get(url.replace('http://laurel.test', ''));
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location).startsWith(idp.url)).toBe(true);
    expect((await d.get('/dashboard')).statusCode).not.toBe(200);
    expect((await audits('sso.single_logout')).length).toBeGreaterThan(0);
  });
});
