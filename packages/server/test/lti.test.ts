// Laurel as an LTI 1.3 tool, against a real LTI platform started by the test on 127.0.0.1
// (test/support/lti-platform.ts: its own RSA key and JWKS, login initiation, an authentication endpoint
// that signs id_tokens, dynamic registration, a deep-linking return URL that verifies what Laurel signs),
// in the Canvas and the Moodle dialect: registration by hand and by dynamic registration; an instructor
// deep-links a badge and the platform verifies the LtiResourceLink; a student's launch shows the
// placement; every refusal (forged, unsigned, expired, replayed, misdirected) gives a clear page and an
// audit event; the tool's keys rotate with the retired key still published; an https Laurel binds the
// login to the browser with a SameSite=None cookie; the API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { createLtiPlatform } from '../src/domain/lti/platforms.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeBadgeClass, type FactoryBadgeClass } from './factories/awards.ts';
import { makeAward } from './factories/badges.ts';
import { Client, makeTestApp, signedIn, TEST_MASTER_KEY, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { formOf, LAUREL, launch as launchWith, toLaunch as toLaunchWith, TOOL } from './helpers/lti.ts';
import { startLtiPlatform, type LaunchSpec, type PlatformUser, type RunningLtiPlatform } from './support/lti-platform.ts';

const MESSAGE_TYPE = 'https://purl.imsglobal.org/spec/lti/claim/message_type';

const teacher = (p: string): PlatformUser => ({ sub: `${p}-teacher`, name: 'Terry Teacher', email: `terry@${p}.example.edu`, role: 'instructor' });
const student = (p: string): PlatformUser => ({ sub: `${p}-student`, name: 'Sam Student', email: `sam@${p}.example.edu`, role: 'student' });

describe.each(DIALECTS)('LTI 1.3 on %s', (dialect) => {
  let t: TestApp;
  let canvas: RunningLtiPlatform;
  let moodle: RunningLtiPlatform;
  let sysadmin: Client;
  let psAdmin: Client;
  let rrBadge: FactoryBadgeClass;
  let psBadge: FactoryBadgeClass;
  const laurelJwks = async (app = t.app) => JSON.parse((await app.inject({ url: '/lti/jwks.json' })).body) as { keys: Array<Record<string, unknown>> };
  const audits = async (action: string) => (await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('at').orderBy('id').execute()).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
  const nowS = () => Math.floor(t.clock.now.getTime() / 1000);

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    const fetchToolJwks = async (url: string) => {
      expect(url).toBe(`${LAUREL}/lti/jwks.json`);
      return laurelJwks();
    };
    canvas = await startLtiPlatform({ dialect: 'canvas', now: () => t.clock.now, fetchToolJwks });
    moodle = await startLtiPlatform({ dialect: 'moodle', now: () => t.clock.now, fetchToolJwks });
    const r = repos(t.deps.db);
    rrBadge = await makeBadgeClass(t.deps, (await r.organizations.findBySlug('red-river'))!, { name: 'Welding Safety' });
    psBadge = await makeBadgeClass(t.deps, (await r.organizations.findBySlug('prairie-state'))!, { name: 'Precision Agriculture Basics' });
    sysadmin = await signedIn(t.app, 'admin@regents.example.org');
    psAdmin = await signedIn(t.app, 'admin@prairiestate.example.edu');
  });
  afterAll(async () => {
    await canvas?.close();
    await moodle?.close();
    await t?.close();
  });

  const toLaunch = (platform: RunningLtiPlatform, spec: LaunchSpec, c = new Client(t.app), base = LAUREL) => toLaunchWith(t, platform, spec, c, base);
  const launch = (platform: RunningLtiPlatform, spec: LaunchSpec) => launchWith(t, platform, spec);

  /** An instructor's deep-linking launch, the badge picked, and the answer posted to the platform. */
  async function deepLink(platform: RunningLtiPlatform, badge: FactoryBadgeClass, course: LaunchSpec['context']) {
    const picker = await launch(platform, { messageType: 'LtiDeepLinkingRequest', user: teacher(platform.dialect), context: course });
    expect(picker.res.statusCode, picker.res.body.slice(0, 800)).toBe(200);
    const { fields } = formOf(picker.res.body);
    const ret = await picker.client.post('/lti/deep-link', { continue: fields.continue!, badge_class_id: badge.id }, { csrf: false });
    expect(ret.statusCode, ret.body.slice(0, 800)).toBe(200);
    const back = formOf(ret.body);
    const answered = await fetch(back.action, { method: 'POST', body: new URLSearchParams(back.fields) });
    expect(answered.status, await answered.clone().text()).toBe(200);
    return { picker, ret, back, received: platform.deepLinks.at(-1)!, continueToken: fields.continue! };
  }

  it('registers a platform by hand, refusing bad values and saving nothing until they are right', async () => {
    const base = '/admin/institutions/red-river/lti';
    const count = async () => (await repos(t.deps.db).ltiPlatforms.forOrganization((await repos(t.deps.db).organizations.findBySlug('red-river'))!.id)).length;
    const bad = await sysadmin.post(base, { name: '', issuer: 'http://lms.example.edu', clientId: '', authLoginUrl: 'not an address', authTokenUrl: canvas.tokenUrl, jwksUrl: canvas.jwksUrl, deploymentIds: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('It must be an https address (http is accepted only for 127.0.0.1).');
    expect(bad.body).toContain('Enter the client ID the platform gave Laurel.');
    expect(bad.body).toContain('is not a web address.');
    const noKeys = await sysadmin.post(base, { issuer: canvas.issuer, clientId: 'canvas-key-1', authLoginUrl: canvas.authUrl, authTokenUrl: canvas.tokenUrl, jwksUrl: 'http://127.0.0.1:9/jwks', deploymentIds: 'canvas-deployment-1' });
    expect(noKeys.statusCode).toBe(422);
    expect(noKeys.body).toContain('No key set (JWKS) could be read from http://127.0.0.1:9/jwks');
    expect(await count()).toBe(0);

    const ok = await sysadmin.post(base, { name: 'Red River Canvas', issuer: canvas.issuer, clientId: 'canvas-key-1', authLoginUrl: canvas.authUrl, authTokenUrl: canvas.tokenUrl, jwksUrl: canvas.jwksUrl, deploymentIds: 'canvas-deployment-1' });
    expect(ok.statusCode, ok.body.slice(0, 800)).toBe(303);
    const page = await sysadmin.get(String(ok.headers.location));
    expect(page.body).toContain('canvas-deployment-1');
    expect(page.body).toContain('Red River Canvas');
    const overview = await sysadmin.get(base);
    for (const v of [`${LAUREL}/lti/register`, `${LAUREL}/lti/login`, `${LAUREL}/lti/launch`, `${LAUREL}/lti/jwks.json`, 'Red River Canvas']) expect(overview.body).toContain(v);
    const dup = await sysadmin.post(base, { issuer: canvas.issuer, clientId: 'canvas-key-1', authLoginUrl: canvas.authUrl, authTokenUrl: canvas.tokenUrl, jwksUrl: canvas.jwksUrl });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('Laurel already has a registration with this issuer and client ID.');
    expect(await count()).toBe(1);
    // Another institution's admin neither sees nor changes it; their dashboard links to their own.
    expect((await psAdmin.get(base)).statusCode).toBe(403);
    expect((await psAdmin.get('/dashboard')).body).toContain('/admin/institutions/prairie-state/lti');
    expect((await audits('lti.platform_created')).at(-1)?.data).toMatchObject({ issuer: canvas.issuer, clientId: 'canvas-key-1', deploymentIds: ['canvas-deployment-1'] });
    canvas.addClient({ clientId: 'canvas-key-1', deploymentIds: ['canvas-deployment-1'], ...TOOL(LAUREL) });
  });

  it('registers a platform by LTI Dynamic Registration for the admin’s institution', async () => {
    const { url } = moodle.startRegistration(`${LAUREL}/lti/register`);
    const at = url.slice(LAUREL.length);
    // Inside the platform's frame Laurel's session cookie is not sent: sign in in a new window first.
    const framed = await new Client(t.app).get(at);
    expect(framed.statusCode).toBe(200);
    expect(framed.body).toContain('Sign in to Laurel (opens a new window)');
    expect(framed.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(framed.headers['x-frame-options']).toBeUndefined();
    // A platform that opened registration in a window of its own keeps window.opener for the close message.
    expect(framed.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect(framed.body).toContain('href="/lti/register/close"');
    const finish = await new Client(t.app).get('/lti/register/close');
    expect(finish.body).toContain('data-lti-close');
    expect(finish.body).toContain('/assets/lti.js');
    const page = await psAdmin.get(at);
    expect(page.body).toContain('value="prairie-state"');
    expect(page.body).not.toContain('value="red-river"');
    const f = formOf(page.body).fields;
    const form = { openid_configuration: f.openid_configuration!, registration_token: f.registration_token!, institution: 'prairie-state', name: '' };
    const done = await psAdmin.post('/lti/register', form);
    expect(done.statusCode, done.body.slice(0, 800)).toBe(200);
    expect(done.body).toContain('data-lti-close');
    expect(done.body).toContain('/assets/lti.js');
    expect(moodle.registrations).toHaveLength(1);
    const reg = moodle.registrations[0]!;
    expect(reg).toMatchObject({ jwks_uri: `${LAUREL}/lti/jwks.json`, initiate_login_uri: `${LAUREL}/lti/login`, redirect_uris: [`${LAUREL}/lti/launch`], token_endpoint_auth_method: 'private_key_jwt' });
    expect(String(reg.scope)).toContain('https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly');
    expect((reg['https://purl.imsglobal.org/spec/lti-tool-configuration'] as { domain: string }).domain).toBe('laurel.test');
    const [p] = await repos(t.deps.db).ltiPlatforms.withIssuer(moodle.issuer);
    expect(p).toMatchObject({ clientId: 'dr-client-1', deploymentIds: ['dr-deployment-1'], registeredVia: 'dynamic', productFamily: 'moodle', name: 'Moodle', authLoginUrl: moodle.authUrl, jwksUrl: moodle.jwksUrl });
    expect(p!.organizationId).toBe((await repos(t.deps.db).organizations.findBySlug('prairie-state'))!.id);
    expect((await audits('lti.platform_registered')).at(-1)?.data).toMatchObject({ clientId: 'dr-client-1', deploymentId: 'dr-deployment-1' });

    // The registration token is single use; and a configuration speaking for another issuer is refused.
    const again = await psAdmin.post('/lti/register', form);
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('registration token has expired or was already used');
    const liar = await startLtiPlatform({ dialect: 'moodle', now: () => t.clock.now, fetchToolJwks: () => laurelJwks(), configuredIssuer: 'https://moodle.example.edu' });
    try {
      const l = formOf((await psAdmin.get(liar.startRegistration(`${LAUREL}/lti/register`).url.slice(LAUREL.length))).body).fields;
      const refused = await psAdmin.post('/lti/register', { openid_configuration: l.openid_configuration!, registration_token: l.registration_token!, institution: 'prairie-state', name: '' });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('names the issuer “https://moodle.example.edu”');
      expect(liar.registrations).toHaveLength(0);
    } finally {
      await liar.close();
    }
    expect(await repos(t.deps.db).ltiPlatforms.withIssuer(moodle.issuer)).toHaveLength(1);
  });

  it.each(['canvas', 'moodle'] as const)('deep links a badge from %s, which verifies it; a student’s launch shows the placement', async (which) => {
    const platform = which === 'canvas' ? canvas : moodle;
    const [badge, other] = which === 'canvas' ? [rrBadge, psBadge] : [psBadge, rrBadge];
    const course = { id: `${which}-course-1`, title: `Welding 101 (${which})`, label: 'WLD101' };
    const { picker, ret, back, received, continueToken } = await deepLink(platform, badge, course);
    expect(picker.res.body).toContain('Place a badge in this course');
    expect(picker.res.body).toContain(badge.name);
    expect(picker.res.body).not.toContain(other.name);
    expect(picker.res.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${platform.issuer}`);
    expect(picker.res.headers['x-frame-options']).toBeUndefined();
    expect(platform.authRequests.at(-1)).toMatchObject({ scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', redirect_uri: `${LAUREL}/lti/launch` });
    expect(back.action).toBe(`${platform.issuer}/deep-link-return?course=${course.id}`);
    expect(ret.headers['content-security-policy']).toContain(`form-action 'self' ${platform.issuer}`);
    expect(ret.body).toContain('data-lti-autopost');
    const item = received.contentItems[0]!;
    expect(received.contentItems).toHaveLength(1);
    expect(item).toMatchObject({ type: 'ltiResourceLink', title: badge.name, url: `${LAUREL}/lti/launch`, custom: { badge_class_id: badge.id } });
    expect(received.payload['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe(`${which}-data-${course.id}`);
    const placementId = (item.custom as Record<string, string>).placement_id!;
    const r = repos(t.deps.db);
    expect(await r.ltiPlacements.findById(placementId)).toMatchObject({ badgeClassId: badge.id, contextId: course.id, contextTitle: course.title, resourceLinkId: null, createdBy: `${which}-teacher`, createdByName: 'Terry Teacher' });
    expect((await audits('lti.deep_linked')).at(-1)?.subject_id).toBe(placementId);
    // The picker's form answers once.
    const twice = await picker.client.post('/lti/deep-link', { continue: continueToken, badge_class_id: badge.id }, { csrf: false });
    expect(twice.statusCode).toBe(401);
    expect(twice.body).toContain('<code>replayed</code>');

    // The platform launches the new link with the content item's custom parameters.
    const link = { id: `${which}-link-1`, title: badge.name };
    const spec: LaunchSpec = { messageType: 'LtiResourceLinkRequest', user: student(which), context: course, resourceLink: link, custom: item.custom as Record<string, string> };
    let view = await launch(platform, spec);
    expect(view.res.statusCode, view.res.body.slice(0, 800)).toBe(200);
    expect(view.res.body).toContain(badge.name);
    expect(view.res.body).toContain('Not earned yet');
    expect(view.res.body).toContain('How to earn it');
    expect((await r.ltiPlacements.findByLink((await r.ltiPlacements.findById(placementId))!.platformId, link.id))?.id).toBe(placementId);
    await makeAward(t.deps, badge, { email: student(which).email! });
    view = await launch(platform, spec);
    expect(view.res.body).toContain('You have earned this badge');
    expect(view.res.body).toContain('Add it to my Laurel portfolio');
    const mine = await launch(platform, { ...spec, user: teacher(which) });
    expect(mine.res.body).toContain('Award rule');
    expect(mine.res.body).toContain('Criteria students see');
    // A launch makes no Laurel session.
    expect(view.client.cookies.has('laurel_session')).toBe(false);
  });

  it('manages registrations through the API with the same rules', async () => {
    const base = '/api/v1/institutions/red-river/lti-platforms';
    const list = await sysadmin.api('GET', base);
    expect(list.statusCode).toBe(200);
    const body = list.json() as { tool: { jwks_url: string }; platforms: Array<{ client_id: string; deployment_ids: string[] }> };
    expect(body.tool.jwks_url).toBe(`${LAUREL}/lti/jwks.json`);
    expect(body.platforms.find((p) => p.client_id === 'canvas-key-1')?.deployment_ids).toEqual(['canvas-deployment-1']);
    const input = { name: 'Red River Blackboard', issuer: `${canvas.issuer}/blackboard`, client_id: 'bb-app-1', auth_login_url: canvas.authUrl, auth_token_url: canvas.tokenUrl, jwks_url: canvas.jwksUrl, deployment_ids: ['bb-dep-1'] };
    const bad = await sysadmin.api('POST', base, { ...input, issuer: 'ftp://lms.example.edu' });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((bad.json() as { code: string }).code).toBe('validation_failed');
    const created = await sysadmin.api('POST', base, input);
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const patched = await sysadmin.api('PATCH', `${base}/${id}`, { deployment_ids: ['bb-dep-2'], status: 'disabled' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ deployment_ids: ['bb-dep-2'], status: 'disabled', registered_via: 'manual' });
    expect((await psAdmin.api('GET', base)).statusCode).toBe(403);
    expect((await sysadmin.api('DELETE', `${base}/${id}`)).statusCode).toBe(204);
    expect((await sysadmin.api('GET', `${base}/${id}`)).statusCode).toBe(404);
  });

  it('refuses every bad launch with a clear page and an audit event', async () => {
    const course = { id: 'refusal-course', title: 'Refusals 101', label: 'REF101' };
    const dl = (tamper?: LaunchSpec['tamper'], over: Partial<LaunchSpec> = {}): LaunchSpec => ({ messageType: 'LtiDeepLinkingRequest', user: teacher('canvas'), context: course, ...(tamper ? { tamper } : {}), ...over });
    const post = (a: { client: Client; fields: Record<string, string> }, fields = a.fields) => a.client.post('/lti/launch', fields, { csrf: false });
    const launchPost = async (spec: LaunchSpec) => post(await toLaunch(canvas, spec));
    const cases: Array<{ name: string; reason: string; status?: number; run: () => Promise<LightMyRequestResponse> }> = [
      { name: 'a forged signature (a claim changed after signing)', reason: 'signature_invalid', run: () => launchPost(dl({ sign: 'forged' })) },
      { name: 'signed by a key the platform does not hold', reason: 'signature_invalid', run: () => launchPost(dl({ sign: 'stranger' })) },
      { name: 'a key id not in the platform’s JWKS', reason: 'unknown_key', run: () => launchPost(dl({ sign: 'unknown_kid' })) },
      { name: 'alg none', reason: 'unsigned', run: () => launchPost(dl({ sign: 'none' })) },
      { name: 'expired', reason: 'expired', run: () => launchPost(dl({ claims: (c) => Object.assign(c, { iat: nowS() - 7200, exp: nowS() - 3600 }) })) },
      { name: 'not yet valid (nbf)', reason: 'not_yet_valid', run: () => launchPost(dl({ claims: (c) => Object.assign(c, { nbf: nowS() + 600 }) })) },
      { name: 'issued in the future', reason: 'not_yet_valid', run: () => launchPost(dl({ claims: (c) => Object.assign(c, { iat: nowS() + 600, exp: nowS() + 4200 }) })) },
      {
        name: 'a replayed id_token',
        reason: 'replayed',
        run: async () => {
          const a = await toLaunch(canvas, dl());
          expect((await post(a)).statusCode).toBe(200);
          return post(a);
        },
      },
      {
        name: 'a reused nonce (an accepted id_token posted into a new login)',
        reason: 'replayed',
        run: async () => {
          const a = await toLaunch(canvas, dl());
          expect((await post(a)).statusCode).toBe(200);
          const b = await toLaunch(canvas, dl());
          return post(b, { id_token: a.fields.id_token!, state: b.fields.state! });
        },
      },
      { name: 'an unknown deployment id', reason: 'unknown_deployment', run: () => launchPost(dl(undefined, { deploymentId: 'canvas-deployment-unknown' })) },
      { name: 'a launch from an unregistered platform', reason: 'unknown_platform', run: () => new Client(t.app).post('/lti/login', { iss: 'https://lms.unknown.example.edu', login_hint: 'x', target_link_uri: `${LAUREL}/lti/launch`, client_id: 'whatever' }, { csrf: false }) },
      { name: 'an unregistered client id of a registered issuer', reason: 'unknown_platform', run: () => new Client(t.app).get(`/lti/login?${new URLSearchParams({ iss: canvas.issuer, login_hint: 'x', target_link_uri: `${LAUREL}/lti/launch`, client_id: 'not-ours' }).toString()}`) },
      { name: 'a token for another audience', reason: 'audience_mismatch', run: () => launchPost(dl({ claims: (c) => Object.assign(c, { aud: 'another-tool', azp: 'another-tool' }) })) },
      { name: 'several audiences and no azp', reason: 'audience_mismatch', run: () => launchPost(dl({ claims: (c) => (Object.assign(c, { aud: ['canvas-key-1', 'another-tool'] }), delete c.azp) })) },
      { name: 'a token from another issuer', reason: 'issuer_mismatch', run: () => launchPost(dl({ claims: (c) => Object.assign(c, { iss: moodle.issuer }) })) },
      { name: 'a message type Laurel does not offer', reason: 'wrong_message_type', run: () => launchPost(dl({ claims: (c) => Object.assign(c, { [MESSAGE_TYPE]: 'LtiSubmissionReviewRequest' }) })) },
      { name: 'deep linking by a student', reason: 'not_instructor', status: 403, run: () => launchPost(dl(undefined, { user: student('canvas') })) },
      {
        name: 'deep linking another institution’s badge class',
        reason: 'wrong_organization',
        status: 403,
        run: async () => {
          const a = await toLaunch(canvas, dl());
          const picker = await post(a);
          return a.client.post('/lti/deep-link', { continue: formOf(picker.body).fields.continue!, badge_class_id: psBadge.id }, { csrf: false });
        },
      },
      { name: 'a bad state', reason: 'state_invalid', run: async () => { const a = await toLaunch(canvas, dl()); return post(a, { ...a.fields, state: 'forged-state' }); } },
      { name: 'the platform answered with an error', reason: 'platform_error', run: async () => { const a = await toLaunch(canvas, dl()); return post(a, { error: 'login_required', error_description: 'Not signed in', state: a.fields.state! }); } },
      {
        name: 'a login initiation older than ten minutes',
        reason: 'state_invalid',
        run: async () => {
          const a = await toLaunch(canvas, dl());
          t.clock.now = new Date(t.clock.now.getTime() + 11 * 60_000);
          return post(a);
        },
      },
    ];
    const placements = (await repos(t.deps.db).ltiPlacements.forPlatform((await repos(t.deps.db).ltiPlatforms.findByIssuerAndClient(canvas.issuer, 'canvas-key-1'))!.id)).length;
    for (const c of cases) {
      const before = (await audits('lti.launch_refused')).length;
      const res = await c.run();
      expect(res.statusCode, c.name).toBe(c.status ?? 401);
      expect(res.body, c.name).toContain('Laurel did not open this link');
      expect(res.body, c.name).toContain(`<code>${c.reason}</code>`);
      expect(res.headers['content-security-policy'], c.name).toContain('frame-ancestors *');
      const events = await audits('lti.launch_refused');
      expect(events.length, c.name).toBe(before + 1);
      expect(events.at(-1)!.data.reason, c.name).toBe(c.reason);
    }
    expect((await repos(t.deps.db).ltiPlacements.forPlatform((await repos(t.deps.db).ltiPlatforms.findByIssuerAndClient(canvas.issuer, 'canvas-key-1'))!.id)).length).toBe(placements);
  });

  it('binds the login to the browser with a SameSite=None; Secure; Partitioned cookie when Laurel is on https', async () => {
    const HTTPS = 'https://laurel.test';
    const s = await makeTestApp(dialect, { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1', LAUREL_PUBLIC_URL: HTTPS } });
    const platform = await startLtiPlatform({ dialect: 'canvas', now: () => s.clock.now, fetchToolJwks: () => laurelJwks(s.app) });
    try {
      await createLtiPlatform(s.deps, SYSTEM, { slug: 'red-river', fields: { issuer: platform.issuer, clientId: 'secure-key', authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, jwksUrl: platform.jwksUrl, deploymentIds: 'secure-deployment' } });
      platform.addClient({ clientId: 'secure-key', deploymentIds: ['secure-deployment'], ...TOOL(HTTPS) });
      const spec: LaunchSpec = { messageType: 'LtiDeepLinkingRequest', user: teacher('secure'), context: { id: 'c1', title: 'Secure 101', label: 'SEC' } };
      const init = platform.initiate(spec);
      const c = new Client(s.app);
      const res = await c.post(init.url.slice(HTTPS.length), init.form, { csrf: false });
      expect(res.statusCode).toBe(302);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((x) => x.startsWith('laurel_lti_'));
      expect(cookie).toMatch(/^laurel_lti_[0-9a-f]{16}=/);
      for (const attribute of [/Path=\/lti\//, /HttpOnly/, /Secure/, /SameSite=None/, /Partitioned/]) expect(cookie).toMatch(attribute);
      const form = formOf(await (await fetch(String(res.headers.location))).text());
      const elsewhere = await new Client(s.app).post('/lti/launch', form.fields, { csrf: false });
      expect(elsewhere.statusCode).toBe(401);
      expect(elsewhere.body).toContain('<code>browser_mismatch</code>');
      // Two links launched at once in one browser (a course page with two Laurel links): each keeps its own cookie.
      const first = await toLaunch(platform, spec, c, HTTPS);
      const second = await toLaunch(platform, spec, c, HTTPS);
      const picker = await c.post('/lti/launch', first.fields, { csrf: false });
      expect(picker.statusCode, picker.body.slice(0, 500)).toBe(200);
      expect((await c.post('/lti/launch', second.fields, { csrf: false })).statusCode).toBe(200);
      // The badge pick is bound to the browser too.
      const pick = formOf(picker.body).fields;
      const stranger = new Client(s.app);
      const badge = await makeBadgeClass(s.deps, (await repos(s.deps.db).organizations.findBySlug('red-river'))!, { name: 'Secure Badge' });
      const refused = await stranger.post('/lti/deep-link', { continue: pick.continue!, binding: pick.binding!, badge_class_id: badge.id }, { csrf: false });
      expect(refused.body).toContain('<code>browser_mismatch</code>');
      const placed = await c.post('/lti/deep-link', { continue: pick.continue!, binding: pick.binding!, badge_class_id: badge.id }, { csrf: false });
      expect(placed.statusCode, placed.body.slice(0, 500)).toBe(200);
      expect(formOf(placed.body).action).toBe(`${platform.issuer}/deep-link-return?course=c1`);
    } finally {
      await platform.close();
      await s.close();
    }
  });

  it('rotates the tool key: a new key signs and verifies with the published JWKS, the retired key stays listed for seven days', async () => {
    const first = await t.app.inject({ url: '/lti/jwks.json' });
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers['set-cookie']).toBeUndefined();
    const k1 = String((first.json() as { keys: Array<{ kid: string; d?: string }> }).keys[0]!.kid);
    expect((first.json() as { keys: Array<{ d?: string }> }).keys.every((k) => k.d === undefined)).toBe(true);
    expect((await psAdmin.api('POST', '/api/v1/lti/tool-keys/rotate')).statusCode).toBe(403);
    const rotated = await sysadmin.api('POST', '/api/v1/lti/tool-keys/rotate');
    expect(rotated.statusCode).toBe(200);
    const k2 = (rotated.json() as { kid: string; retired: string }).kid;
    expect((rotated.json() as { retired: string }).retired).toBe(k1);
    expect((await laurelJwks()).keys.map((k) => k.kid)).toEqual([k2, k1]);
    const { received } = await deepLink(canvas, rrBadge, { id: 'rotation-course', title: 'Rotation 101', label: 'ROT' });
    expect(received.kid).toBe(k2);
    expect((await audits('lti.tool_key_rotated')).at(-1)?.data).toMatchObject({ kid: k2, retired: k1 });

    // The page (with a confirmation first) and the command rotate too.
    expect((await sysadmin.get('/admin/lti/keys')).body).toContain(k1);
    expect((await sysadmin.get('/admin/lti/keys/rotate')).body).toContain('Rotate the LTI signing key?');
    expect((await sysadmin.post('/admin/lti/keys/rotate', {})).statusCode).toBe(303);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-lti-cli-'));
    let out = '';
    try {
      const io = { env: { LAUREL_DATA_DIR: dir, LAUREL_DATABASE_URL: t.fresh.url, LAUREL_MASTER_KEY: TEST_MASTER_KEY.toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_PUBLIC_URL: LAUREL }, stdin: Readable.from([]), stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } };
      expect(await main(['lti', 'rotate-key'], io), out).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(out).toMatch(/^New LTI signing key \S+; key \S+ is retired and stays published for seven days\.$/m);
    expect((await laurelJwks()).keys).toHaveLength(4);
    t.clock.now = new Date(t.clock.now.getTime() + 8 * 86_400_000);
    expect((await laurelJwks()).keys.map((k) => k.kid)).not.toContain(k1);
  });
});
