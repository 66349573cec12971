// The LTI Advantage service client (src/sso/lti-services.ts) against the test LTI platform's real token,
// AGS and NRPS endpoints (test/support/lti-platform-services.ts) in the Canvas and the Moodle dialect,
// through Laurel's SSRF-guarded fetch: a token granted for Laurel's key and refused for every bad
// assertion; line items, results and members read across pages and filtered; the launch claims that point
// there; and every failure — a next link to another origin, a 500, an HTML page, a missing token or scope
// — read as the right LtiServiceError. Parsing oddities of other platforms (Blackboard's numeric strings,
// oversize or endless listings) are fed in by a stub fetch.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../src/net/guarded-fetch.ts';
import { generateToolKey, type ToolKeyPair } from '../src/sso/lti-messages.ts';
import { getLineItem, listLineItems, listMembers, listResults, LtiServiceError, MAX_PAGES, nextLink, requestServiceToken, type ServiceFetch, type ToolSigningKey } from '../src/sso/lti-services.ts';
import { TOOL_SCOPES } from '../src/sso/lti-types.ts';
import { SERVICE_SCOPE, startLtiPlatform, type LaunchSpec, type RunningLtiPlatform } from './support/lti-platform.ts';

const LAUREL = 'http://laurel.test';
const JWKS_URL = `${LAUREL}/lti/jwks.json`;
const CLIENT = 'laurel-client-1';
const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';
const D2L_AUDIENCE = 'https://api.brightspace.com/auth/token';
const guarded = createGuardedFetch({ allowHosts: ['127.0.0.1'], maxBytes: 6 * 1024 * 1024, timeoutMs: 10_000 });
const clock = new Date('2026-03-02T15:00:00Z');
/** The platforms' clock: the test's, moved on to expire an access token. */
let platformNow = clock;

const KID = 'laurel-key-1';
let toolPair: ToolKeyPair;
/** What activeToolKey() hands the client: Laurel's key, and a stranger's under the same kid. */
let tool: ToolSigningKey;
let stranger: ToolSigningKey;
const jwksFetched: string[] = [];
const fetchToolJwks = async (url: string) => {
  jwksFetched.push(url);
  return { keys: [toolPair.publicJwk] };
};

async function refusal(p: Promise<unknown>): Promise<LtiServiceError> {
  const e = await p.then(
    () => new Error('expected a refusal'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LtiServiceError);
  return e as LtiServiceError;
}

async function startPlatform(dialect: 'canvas' | 'moodle', extra: { tokenAudience?: string; serviceScopes?: readonly string[] } = {}): Promise<RunningLtiPlatform> {
  const p = await startLtiPlatform({ dialect, now: () => platformNow, fetchToolJwks, ...extra });
  p.addClient({ clientId: CLIENT, deploymentIds: ['dep-1'], loginUrl: `${LAUREL}/lti/login`, redirectUris: [`${LAUREL}/lti/launch`], toolJwksUrl: JWKS_URL, targetLinkUri: `${LAUREL}/lti/launch` });
  return p;
}

beforeAll(async () => {
  toolPair = await generateToolKey(KID);
  tool = { kid: KID, privateJwk: toolPair.privateJwk };
  // Same kid, another key: what someone with Laurel's client id but not its private key would sign with.
  stranger = { kid: KID, privateJwk: (await generateToolKey(KID)).privateJwk };
});

describe.each(['canvas', 'moodle'] as const)('LTI Advantage services on %s', (dialect) => {
  let platform: RunningLtiPlatform;
  const token = async (scopes: readonly string[] = TOOL_SCOPES) => (await requestServiceToken({ tokenUrl: platform.tokenUrl, audience: platform.tokenUrl, clientId: CLIENT, key: tool, scopes, fetch: guarded, now: clock })).accessToken;
  const requestsTo = (part: string) => platform.serviceRequests.filter((r) => r.path.includes(part));

  beforeAll(async () => {
    platform = await startPlatform(dialect);
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('grants a token for a client assertion signed with Laurel’s key, with the claims the platform checks', async () => {
    const sent: URLSearchParams[] = [];
    const recording: ServiceFetch = async (url, init) => {
      sent.push(new URLSearchParams(String(init?.body)));
      return guarded(url, init);
    };
    const before = platform.tokenRequests;
    const t = await requestServiceToken({ tokenUrl: platform.tokenUrl, audience: platform.tokenUrl, clientId: CLIENT, key: tool, scopes: TOOL_SCOPES, fetch: recording, now: clock });
    expect(t.accessToken).toMatch(/^[\w-]{20,}$/);
    expect(t.scopes).toEqual([...TOOL_SCOPES]);
    expect(t.expiresAt.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(platform.tokenRequests).toBe(before + 1);
    expect(jwksFetched.at(-1)).toBe(JWKS_URL);
    const form = sent[0]!;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.get('scope')).toBe(TOOL_SCOPES.join(' '));
    const assertion = form.get('client_assertion')!;
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', kid: KID, typ: 'JWT' });
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: CLIENT, sub: CLIENT, aud: platform.tokenUrl, iat: clock.getTime() / 1000, exp: clock.getTime() / 1000 + 300 });
    expect(claims.jti).toMatch(/^[\w-]{16,}$/);
  });

  const refusals: Array<[string, () => Parameters<typeof requestServiceToken>[0], number, string]> = [
    ['a stranger’s key under Laurel’s kid', () => ({ ...base(), key: stranger }), 401, 'invalid_client'],
    ['the wrong audience (the issuer)', () => ({ ...base(), audience: platform.issuer }), 401, 'invalid_client'],
    ['an expired assertion', () => ({ ...base(), now: new Date(clock.getTime() - 6 * 60_000) }), 400, 'invalid_grant'],
    ['an unknown client id', () => ({ ...base(), clientId: 'someone-else' }), 401, 'invalid_client'],
    ['a scope the platform does not offer', () => ({ ...base(), scopes: [...TOOL_SCOPES, 'https://purl.imsglobal.org/spec/lti-ags/scope/grades.everything'] }), 400, 'invalid_scope'],
  ];
  const base = () => ({ tokenUrl: platform.tokenUrl, audience: platform.tokenUrl, clientId: CLIENT, key: tool, scopes: TOOL_SCOPES, fetch: guarded, now: clock });
  it.each(refusals)('refuses a token for %s (token_refused with the status)', async (_name, input, status, error) => {
    const e = await refusal(requestServiceToken(input()));
    expect(e.reason).toBe('token_refused');
    expect(e.status).toBe(status);
    expect(e.message).toContain(error);
  });

  it('refuses a replayed client assertion (the same jti twice)', async () => {
    let body = '';
    const first: ServiceFetch = (url, init) => ((body = String(init?.body)), guarded(url, init));
    await requestServiceToken({ ...base(), fetch: first });
    const replay: ServiceFetch = (url, init) => guarded(url, { ...init, body });
    const e = await refusal(requestServiceToken({ ...base(), fetch: replay }));
    expect([e.reason, e.status]).toEqual(['token_refused', 400]);
    expect(e.message).toContain('invalid_grant');
  });

  it('lists line items across pages (keeping the claim URL’s query) and filters by resource link', async () => {
    const course = platform.course('items-101');
    const urls = Array.from({ length: 7 }, (_, i) => course.addLineItem({ label: `Quiz ${i + 1}`, scoreMaximum: 10 * (i + 1), ...(i % 3 === 0 ? { resourceLinkId: 'rl-quizzes', tag: 'quiz' } : {}) }));
    const at = requestsTo('/items-101/').length;
    const small = `${course.lineItemsUrl}${course.lineItemsUrl.includes('?') ? '&' : '?'}limit=3`;
    const all = await listLineItems({ lineItemsUrl: small, accessToken: await token(), fetch: guarded });
    expect(all.map((i) => i.label)).toEqual(['Quiz 1', 'Quiz 2', 'Quiz 3', 'Quiz 4', 'Quiz 5', 'Quiz 6', 'Quiz 7']);
    expect(all[3]).toEqual({ id: urls[3], label: 'Quiz 4', scoreMaximum: 40, resourceLinkId: 'rl-quizzes', resourceId: null, tag: 'quiz' });
    const pages = requestsTo('/items-101/').slice(at);
    expect(pages).toHaveLength(3);
    if (dialect === 'moodle') expect(pages.every((r) => r.path.includes('type_id=1'))).toBe(true);
    const linked = await listLineItems({ lineItemsUrl: course.lineItemsUrl, resourceLinkId: 'rl-quizzes', accessToken: await token(), fetch: guarded });
    expect(linked.map((i) => i.label)).toEqual(['Quiz 1', 'Quiz 4', 'Quiz 7']);
    expect(requestsTo('/items-101/').at(-1)!.path).toContain('resource_link_id=rl-quizzes');
    expect(await getLineItem({ lineItemUrl: urls[1]!, accessToken: await token(), fetch: guarded })).toEqual({ id: urls[1], label: 'Quiz 2', scoreMaximum: 20, resourceLinkId: null, resourceId: null, tag: null });
  });

  it('reads 250 students’ results in 3 pages of 100, the ungraded as null, and one student by user_id', async () => {
    const course = platform.course('results-101');
    const item = course.addLineItem({ label: 'Final exam', scoreMaximum: 100, resourceLinkId: 'rl-final' });
    for (let i = 0; i < 250; i++) course.setResult(item, `s${i}`, i % 10 === 9 ? null : (i * 7) % 101, i === 3 ? 'Well argued' : undefined);
    const at = requestsTo('/results').length;
    const results = await listResults({ lineItemUrl: item, accessToken: await token(), fetch: guarded });
    expect(results).toHaveLength(250);
    expect(new Set(results.map((r) => r.userId)).size).toBe(250);
    expect(results.find((r) => r.userId === 's3')).toEqual({ userId: 's3', resultScore: 21, resultMaximum: 100, comment: 'Well argued' });
    expect(results.find((r) => r.userId === 's19')).toEqual({ userId: 's19', resultScore: null, resultMaximum: 100, comment: null });
    expect(results.filter((r) => r.resultScore === null)).toHaveLength(25);
    const pages = requestsTo('/results').slice(at);
    expect(pages.map((r) => new URLSearchParams(r.path.split('?')[1] ?? '').get('page'))).toEqual([null, '2', '3']);
    // "/results" goes on the path, before Moodle's ?type_id=1.
    expect(pages[0]!.path).toBe(new URL(item).pathname + '/results' + new URL(item).search);
    const one = await listResults({ lineItemUrl: item, userId: 's42', accessToken: await token(), fetch: guarded });
    expect(one).toEqual([{ userId: 's42', resultScore: (42 * 7) % 101, resultMaximum: 100, comment: null }]);
    expect(requestsTo('/results').at(-1)!.path).toContain('user_id=s42');
    expect(await listResults({ lineItemUrl: item, userId: 'nobody', accessToken: await token(), fetch: guarded })).toEqual([]);
  });

  it('lists members across pages: learners told from instructors in both role shapes, statuses read', async () => {
    const course = platform.course('roster-101');
    course.addMember({ sub: 't1', name: 'Terry Teacher', email: 'terry@example.edu', role: 'instructor' });
    for (let i = 0; i < 150; i++) course.addMember({ sub: `m${i}`, name: `Student ${i}`, email: `s${i}@example.edu`, role: 'learner', ...(i === 5 ? { status: 'Inactive' as const } : i === 6 ? { status: 'Deleted' as const } : {}) });
    course.addMember({ sub: 'ta', name: 'Tara Assistant', role: 'instructor', roles: [`${LIS}/membership#Learner`, `${LIS}/membership/Instructor#TeachingAssistant`] });
    const at = requestsTo('/names_and_roles').length;
    const members = await listMembers({ membershipsUrl: course.membershipsUrl, accessToken: await token(), fetch: guarded });
    expect(members).toHaveLength(152);
    expect(requestsTo('/names_and_roles').length - at).toBe(2);
    expect(members.filter((m) => m.isLearner)).toHaveLength(150);
    expect(members.find((m) => m.userId === 't1')).toMatchObject({ name: 'Terry Teacher', email: 'terry@example.edu', status: 'Active', isLearner: false });
    expect(members.find((m) => m.userId === 'ta')).toMatchObject({ email: null, isLearner: false });
    expect(members.find((m) => m.userId === 'm5')).toMatchObject({ status: 'Inactive', isLearner: true });
    expect(members.find((m) => m.userId === 'm6')?.status).toBe('Deleted');
    expect(members.find((m) => m.userId === 'm7')).toEqual({ userId: 'm7', name: 'Student 7', email: 's7@example.edu', roles: dialect === 'canvas' ? [`${LIS}/membership#Learner`] : ['Learner', `${LIS}/system/person#User`], status: 'Active', isLearner: true });
    const teachers = await listMembers({ membershipsUrl: course.membershipsUrl, role: `${LIS}/membership#Instructor`, accessToken: await token(), fetch: guarded });
    expect(teachers.map((m) => m.userId)).toEqual(['t1']);
  });

  async function launchClaims(spec: Omit<LaunchSpec, 'clientId'>): Promise<Record<string, unknown>> {
    const init = platform.initiate({ ...spec, clientId: CLIENT });
    const q = new URLSearchParams({ scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: CLIENT, redirect_uri: `${LAUREL}/lti/launch`, login_hint: spec.user.sub, lti_message_hint: init.form.lti_message_hint!, state: 'st', nonce: 'nc' });
    const html = await (await fetch(`${platform.authUrl}?${q.toString()}`)).text();
    return decodeJwt(/name="id_token" value="([^"]+)"/.exec(html)![1]!);
  }

  it('puts the AGS and NRPS claims in launches, and the client reads the course from them', async () => {
    const course = platform.course('claims-101');
    const quiz = course.addLineItem({ label: 'Safety quiz', scoreMaximum: 20, resourceLinkId: 'rl-safety' });
    course.addMember({ sub: 'sam', name: 'Sam Student', role: 'learner' });
    const context = { id: 'claims-101', title: 'Welding 101', label: 'WLD101' };
    const user = { sub: 'sam', name: 'Sam Student', role: 'student' as const };
    const claims = await launchClaims({ messageType: 'LtiResourceLinkRequest', user, context, resourceLink: { id: 'rl-safety', title: 'Safety' } });
    const ags = claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as { scope: string[]; lineitems: string; lineitem?: string };
    const nrps = claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'] as { context_memberships_url: string; service_versions: string[] };
    expect(ags).toMatchObject({ lineitems: course.lineItemsUrl, lineitem: quiz, scope: expect.arrayContaining([SERVICE_SCOPE.lineItemReadonly, SERVICE_SCOPE.resultReadonly, SERVICE_SCOPE.score, SERVICE_SCOPE.lineItem]) });
    expect(nrps).toMatchObject({ context_memberships_url: course.membershipsUrl, service_versions: ['2.0'] });
    const t = await token();
    expect((await getLineItem({ lineItemUrl: ags.lineitem!, accessToken: t, fetch: guarded })).label).toBe('Safety quiz');
    expect((await listLineItems({ lineItemsUrl: ags.lineitems, accessToken: t, fetch: guarded })).map((i) => i.id)).toEqual([quiz]);
    expect(await listMembers({ membershipsUrl: nrps.context_memberships_url, accessToken: t, fetch: guarded })).toMatchObject([{ userId: 'sam', isLearner: true }]);
    const deep = await launchClaims({ messageType: 'LtiDeepLinkingRequest', user: { ...user, sub: 'terry', role: 'instructor' }, context });
    expect(deep['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint']).toMatchObject({ lineitems: course.lineItemsUrl });
    expect(deep['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint']).not.toHaveProperty('lineitem');
    expect(deep['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice']).toMatchObject({ context_memberships_url: course.membershipsUrl });
    const plain = await launchClaims({ messageType: 'LtiResourceLinkRequest', user, context, resourceLink: { id: 'rl-safety', title: 'Safety' }, services: false });
    expect(Object.keys(plain).filter((k) => k.includes('lti-ags') || k.includes('lti-nrps'))).toEqual([]);
  });

  it('refuses a next link to another origin before sending the token there', async () => {
    const course = platform.course('foreign-101');
    for (let i = 0; i < 150; i++) course.addMember({ sub: `f${i}`, name: `F ${i}`, role: 'learner' });
    const at = platform.serviceRequests.length;
    platform.setServiceFault('foreign_next_link');
    try {
      const e = await refusal(listMembers({ membershipsUrl: course.membershipsUrl, accessToken: await token(), fetch: guarded }));
      expect(e.reason).toBe('malformed');
      expect(e.message).toContain('another origin (http://localhost:');
    } finally {
      platform.setServiceFault(null);
    }
    expect(platform.serviceRequests.slice(at).map((r) => r.host)).toEqual([new URL(platform.issuer).host]);
  });

  it('reads a 500 as http_error and an HTML page as malformed', async () => {
    const course = platform.course('faults-101');
    const t = await token();
    platform.setServiceFault('server_error');
    const e500 = await refusal(listLineItems({ lineItemsUrl: course.lineItemsUrl, accessToken: t, fetch: guarded })).finally(() => platform.setServiceFault(null));
    expect([e500.reason, e500.status]).toEqual(['http_error', 500]);
    expect(e500.message).toContain('the grade book is being upgraded');
    platform.setServiceFault('html');
    const html = await refusal(listMembers({ membershipsUrl: course.membershipsUrl, accessToken: t, fetch: guarded })).finally(() => platform.setServiceFault(null));
    expect(html.reason).toBe('malformed');
    expect(html.message).toContain('not JSON');
  });

  it('reads a missing, unknown or expired token as 401 and a missing scope as 403', async () => {
    const course = platform.course('auth-101');
    const item = course.addLineItem({ label: 'Lab', scoreMaximum: 5 });
    const expectHttp = async (p: Promise<unknown>, status: number) => {
      const e = await refusal(p);
      expect([e.reason, e.status]).toEqual(['http_error', status]);
    };
    await expectHttp(listLineItems({ lineItemsUrl: course.lineItemsUrl, accessToken: '', fetch: guarded }), 401);
    await expectHttp(listMembers({ membershipsUrl: course.membershipsUrl, accessToken: 'made-up', fetch: guarded }), 401);
    const lineItemsOnly = await token([SERVICE_SCOPE.lineItemReadonly]);
    expect(await listLineItems({ lineItemsUrl: course.lineItemsUrl, accessToken: lineItemsOnly, fetch: guarded })).toHaveLength(1);
    await expectHttp(listResults({ lineItemUrl: item, accessToken: lineItemsOnly, fetch: guarded }), 403);
    await expectHttp(listMembers({ membershipsUrl: course.membershipsUrl, accessToken: lineItemsOnly, fetch: guarded }), 403);
    const full = await token();
    platformNow = new Date(clock.getTime() + 3_601_000);
    try {
      await expectHttp(listLineItems({ lineItemsUrl: course.lineItemsUrl, accessToken: full, fetch: guarded }), 401);
    } finally {
      platformNow = clock;
    }
    expect(await listLineItems({ lineItemsUrl: course.lineItemsUrl, accessToken: full, fetch: guarded })).toHaveLength(1);
  });
});

describe('a D2L-style token audience and a platform without NRPS', () => {
  let d2l: RunningLtiPlatform;
  beforeAll(async () => {
    d2l = await startPlatform('canvas', { tokenAudience: D2L_AUDIENCE, serviceScopes: [SERVICE_SCOPE.lineItemReadonly, SERVICE_SCOPE.resultReadonly] });
  });
  afterAll(async () => {
    await d2l?.close();
  });

  it('grants only for the audience it names and only the scopes it offers', async () => {
    const input = { tokenUrl: d2l.tokenUrl, audience: D2L_AUDIENCE, clientId: CLIENT, key: tool, scopes: TOOL_SCOPES.slice(0, 2), fetch: guarded, now: clock };
    expect((await requestServiceToken(input)).scopes).toEqual(TOOL_SCOPES.slice(0, 2));
    const wrongAud = await refusal(requestServiceToken({ ...input, audience: d2l.tokenUrl }));
    expect([wrongAud.reason, wrongAud.status]).toEqual(['token_refused', 401]);
    const nrps = await refusal(requestServiceToken({ ...input, scopes: TOOL_SCOPES }));
    expect([nrps.reason, nrps.status]).toEqual(['token_refused', 400]);
    expect(nrps.message).toContain('contextmembership.readonly');
  });
});

describe('what other platforms send, through a stub fetch', () => {
  const B = 'https://learn.example.edu';
  const calls: string[] = [];
  const stub =
    (answer: (url: string) => Response): ServiceFetch =>
    async (url) => {
      calls.push(url);
      return answer(url);
    };
  const jsonAnswer = (body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } });
  const tokenInput = (fetch: ServiceFetch) => ({ tokenUrl: `${B}/oauth2/token`, audience: `${B}/oauth2/token`, clientId: CLIENT, key: tool, scopes: TOOL_SCOPES, fetch, now: clock });

  it('accepts Blackboard’s numbers as strings, and a token answer without scope or with expires_in as a string', async () => {
    const t = await requestServiceToken(tokenInput(stub(() => jsonAnswer({ access_token: 'bb-token', token_type: 'bearer', expires_in: '3599' }))));
    expect(t).toEqual({ accessToken: 'bb-token', expiresAt: new Date(clock.getTime() + 3_599_000), scopes: [...TOOL_SCOPES] });
    const items = await listLineItems({ lineItemsUrl: `${B}/lineitems`, accessToken: 't', fetch: stub(() => jsonAnswer([{ id: `${B}/lineitems/_9_1`, label: 'Essay', scoreMaximum: '100', resourceLinkId: '_42_1' }])) });
    expect(items).toEqual([{ id: `${B}/lineitems/_9_1`, label: 'Essay', scoreMaximum: 100, resourceLinkId: '_42_1', resourceId: null, tag: null }]);
    const results = await listResults({ lineItemUrl: `${B}/lineitems/_9_1`, accessToken: 't', fetch: stub(() => jsonAnswer([{ userId: '_7_1', resultScore: '87.5', resultMaximum: '100' }, { userId: 12, resultScore: '' }])) });
    expect(calls.at(-1)).toBe(`${B}/lineitems/_9_1/results`);
    expect(results).toEqual([
      { userId: '_7_1', resultScore: 87.5, resultMaximum: 100, comment: null },
      { userId: '12', resultScore: null, resultMaximum: null, comment: null },
    ]);
  });

  it.each([
    ['a score that is not a number', [{ userId: 'u1', resultScore: 'ten' }], 'resultScore is not a number'],
    ['a result without userId', [{ resultScore: 3 }], 'userId is missing'],
    ['a container that is not an array', { results: [] }, 'not an array'],
  ])('reads %s as malformed', async (_name, body, message) => {
    const e = await refusal(listResults({ lineItemUrl: `${B}/li/1`, accessToken: 't', fetch: stub(() => jsonAnswer(body)) }));
    expect(e.reason).toBe('malformed');
    expect(e.message).toContain(message);
  });

  it('reads members liberally (names from given and family names, short roles) and strictly (user_id, status)', async () => {
    const members = await listMembers({
      membershipsUrl: `${B}/nrps`,
      accessToken: 't',
      fetch: stub(() => jsonAnswer({ id: `${B}/nrps`, context: { id: 'c1' }, members: [{ user_id: 'a', given_name: 'Ada', family_name: 'Lovelace', roles: ['Learner'], status: 'inactive' }, { user_id: 'b', roles: ['Learner', 'Instructor'], email: '' }, { user_id: 'c' }] })),
    });
    expect(members).toEqual([
      { userId: 'a', name: 'Ada Lovelace', email: null, roles: ['Learner'], status: 'Inactive', isLearner: true },
      { userId: 'b', name: null, email: null, roles: ['Learner', 'Instructor'], status: 'Active', isLearner: false },
      { userId: 'c', name: null, email: null, roles: [], status: 'Active', isLearner: false },
    ]);
    for (const bad of [{ members: [{ roles: ['Learner'] }] }, { members: [{ user_id: 'x', status: 'Suspended' }] }, { members: [{ user_id: 'x', roles: 'Learner' }] }, { id: 'no members' }]) {
      expect((await refusal(listMembers({ membershipsUrl: `${B}/nrps`, accessToken: 't', fetch: stub(() => jsonAnswer(bad)) }))).reason).toBe('malformed');
    }
  });

  it('refuses an answer over 5 MB, declared or streamed, as too_large', async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x20);
    const streamed = () => new Response(new ReadableStream({ start: (c) => (c.enqueue(big.subarray(0, 1024)), c.enqueue(big.subarray(1024)), c.close()) }));
    expect((await refusal(listMembers({ membershipsUrl: `${B}/nrps`, accessToken: 't', fetch: stub(streamed) }))).reason).toBe('too_large');
    const declared = () => new Response('[]', { headers: { 'content-length': String(6 * 1024 * 1024) } });
    expect((await refusal(listLineItems({ lineItemsUrl: `${B}/li`, accessToken: 't', fetch: stub(declared) }))).reason).toBe('too_large');
  });

  it(`stops a listing after ${MAX_PAGES} pages, and at once on a link back to a page already read`, async () => {
    calls.length = 0;
    const endless = stub((url) => jsonAnswer([], { link: `<${B}/li?page=${Number(new URL(url).searchParams.get('page') ?? 1) + 1}>; rel="next"` }));
    const e = await refusal(listLineItems({ lineItemsUrl: `${B}/li`, accessToken: 't', fetch: endless }));
    expect([e.reason, calls.length]).toEqual(['malformed', MAX_PAGES]);
    expect(e.message).toContain('too many pages');
    calls.length = 0;
    const loop = await refusal(listLineItems({ lineItemsUrl: `${B}/li`, accessToken: 't', fetch: stub(() => jsonAnswer([], { link: `</li?page=2>; rel="next"` })) }));
    expect([loop.reason, calls]).toEqual(['malformed', [`${B}/li`, `${B}/li?page=2`]]);
  });

  it('reads a network failure as unavailable, does not follow a redirect, and keeps 300 characters of an error', async () => {
    const down = await refusal(listMembers({ membershipsUrl: `${B}/nrps`, accessToken: 't', fetch: () => Promise.reject(new Error('connect ECONNREFUSED')) }));
    expect([down.reason, down.status]).toEqual(['unavailable', undefined]);
    const moved = await refusal(listMembers({ membershipsUrl: `${B}/nrps`, accessToken: 't', fetch: stub(() => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } })) }));
    expect([moved.reason, moved.status]).toEqual(['http_error', 302]);
    const busy = await refusal(listMembers({ membershipsUrl: `${B}/nrps`, accessToken: 't', fetch: stub(() => new Response('x'.repeat(1000), { status: 503 })) }));
    expect([busy.reason, busy.status, busy.message.match(/x{2,}/)?.[0].length]).toEqual(['http_error', 503, 300]);
  });

  it.each([
    ['an OAuth error', () => jsonAnswer({ error: 'invalid_client', error_description: 'Client authentication failed' }, {}), 'token_refused', 'invalid_client: Client authentication failed'],
    ['an HTML error page', () => new Response('<html>Bad gateway</html>', { status: 502 }), 'http_error', 'Bad gateway'],
    ['no access_token', () => jsonAnswer({ token_type: 'Bearer' }), 'malformed', 'no access_token'],
    ['a token type other than Bearer', () => jsonAnswer({ access_token: 'x', token_type: 'MAC' }), 'malformed', 'not Bearer'],
  ])('reads a token answer with %s', async (_name, answer, reason, message) => {
    const e = await refusal(requestServiceToken(tokenInput(stub(answer))));
    expect(e.reason).toBe(reason);
    expect(e.message).toContain(message);
  });

  it.each([
    ['<https://a.example/p?page=2>; rel="next"', 'https://a.example/p?page=2'],
    ['<https://a.example/1>; rel="current", <https://a.example/2>; rel="next", <https://a.example/9>; rel="last"', 'https://a.example/2'],
    ['<https://a.example/9>; rel=last, <https://a.example/3>; title="x, y"; REL=next', 'https://a.example/3'],
    ['<https://a.example/4>; rel="next last"', 'https://a.example/4'],
    ['</p?page=5>; rel="next"', 'https://base.example/p?page=5'],
    ['<https://a.example/1>; rel="prev"', null],
    [null, null],
  ])('finds the next link in %s', (header, next) => {
    expect(nextLink(header, 'https://base.example/p')).toBe(next);
  });
});
