// Regression tests for what the fuzz suite (fuzz.test.ts) found: each asserts the CORRECT behaviour, so it
// fails until the code is fixed. The ids (F1…) match KNOWN_FINDINGS in fuzz/known-findings.ts; remove an
// entry there once its test here passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationToken, createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, Client, makeTestApp, type TestApp } from './helpers/app.ts';
import { DOCUMENTED } from './fuzz/request.ts';

describe('fuzz findings', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let institution: Record<string, string>;
  let issuerToken: Record<string, string>;
  let badgeClassId: string;

  beforeAll(async () => {
    t = await makeTestApp('sqlite');
    const user = (await repos(t.deps.db).users.findByEmail('admin@regents.example.org'))!;
    admin = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: user.id, name: 'findings' })).token);
    institution = bearer((await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'red-river', name: 'findings' })).token);
    const issuer = (await repos(t.deps.db).users.findByEmail('issuer@redriver.example.edu'))!;
    issuerToken = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: issuer.id, name: 'findings' })).token);
    const redRiver = (await repos(t.deps.db).organizations.findBySlug('red-river'))!;
    badgeClassId = (await t.db.kysely.selectFrom('badge_classes').select('id').where('organization_id', '=', redRiver.id).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  /** A documented RFC 9457 problem with a 4xx status. */
  function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string): void {
    expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    expect(String(res.headers['content-type']), `${what}: ${res.body.slice(0, 300)}`).toContain('application/problem+json');
    const p = JSON.parse(res.body) as { code: string; status: number };
    expect(DOCUMENTED.has(p.code), `${what}: code ${p.code} is listed in docs/ERRORS.md`).toBe(true);
    expect(DOCUMENTED.get(p.code), `${what}: status of ${p.code}`).toBe(res.statusCode);
  }

  /** An HTML page that names a listed error code. */
  function expectErrorPage(res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string, code?: string): void {
    expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, what).toBeLessThan(500);
    expect(String(res.headers['content-type']), `${what}: ${res.body.slice(0, 300)}`).toContain('text/html');
    const named = /Error code: <code>([^<]*)<\/code>/.exec(res.body)?.[1];
    expect(named, `${what} names an error code`).toBeDefined();
    expect(DOCUMENTED.has(named!), `${what}: ${named} is listed`).toBe(true);
    if (code) expect(named).toBe(code);
  }

  it('F1: a path parameter longer than 100 characters is a documented problem, not 414 FST_ERR_MAX_PARAM_LENGTH', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/awards/${'a'.repeat(150)}`, headers: admin });
    expectProblem(res, 'GET /api/v1/awards/aaa…(150)');
    const page = await new Client(t.app).get(`/programs/${'a'.repeat(150)}`);
    expectErrorPage(page, 'GET /programs/aaa…(150)');
  });

  it('F2: a malformed percent-encoding in the path is a bad_request problem (API) or error page, not FST_ERR_BAD_URL JSON', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/awards/%zz', headers: admin });
    expectProblem(res, 'GET /api/v1/awards/%zz');
    const browser = new Client(t.app);
    await browser.get('/sign-in');
    const page = await browser.post('/claim/%zz/account', {});
    expectErrorPage(page, 'POST /claim/%zz/account');
  });

  it('F3 (issue 12 point 7): POST /credentials/verify with an empty or malformed body is a problem, not 500 FST_ERR_FAILED_ERROR_SERIALIZATION', async () => {
    for (const payload of ['', '{}', '{"verifiableCredential":1}', '[]', 'null']) {
      const res = await t.app.inject({ method: 'POST', url: '/credentials/verify', headers: { ...institution, 'content-type': 'application/json' }, payload });
      expectProblem(res, `POST /credentials/verify ${JSON.stringify(payload)}`);
    }
  });

  it('F4: a token page refusing an unknown token names its error code', async () => {
    const browser = new Client(t.app);
    await browser.get('/sign-in');
    const inv = await browser.post('/invitations/00000000-0000-1000-8000-000000000000', { name: 'A', password: 'correct horse battery staple' });
    expectErrorPage(inv, 'POST /invitations/<unknown>', 'invitation_invalid');
    const reset = await browser.post('/reset-password/00000000-0000-1000-8000-000000000000', { password: 'correct horse battery staple', confirm: 'correct horse battery staple' });
    expectErrorPage(reset, 'POST /reset-password/<unknown>', 'reset_link_invalid');
  });

  it('F5: a huge or infinite page number or size is refused (or answered) without a 500', async () => {
    for (const url of ['/api/v1/audit-events?page=1e308', '/api/v1/audit-events?page=9007199254740993', '/api/v1/audit-events?per_page=-Infinity', '/api/v1/audit-events?per_page=Infinity', '/api/v1/users?page=1e308', '/api/v1/users?per_page=-Infinity', '/api/v1/requests?page=1e308', '/api/v1/requests?per_page=-Infinity']) {
      const res = await t.app.inject({ method: 'GET', url, headers: admin });
      if (res.statusCode === 200) continue;
      expectProblem(res, `GET ${url}`);
    }
  });

  it('F6: POST /api/v1/verify with a multipart content type without a boundary is a problem, not 500', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/verify', headers: { ...admin, 'content-type': 'multipart/form-data' }, payload: 'x' });
    expectProblem(res, 'POST /api/v1/verify multipart without boundary');
  });

  it('issue 12 point 7: POST /api/v1/awards with an evidence URL containing a space is a validation problem, not 500', async () => {
    // The same request with a valid URL is accepted: the refusal below is about the URL alone.
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/awards', headers: { ...issuerToken, 'content-type': 'application/json' }, payload: JSON.stringify({ badge_class_id: badgeClassId, recipient_email: 'good.url@example.org', first_name: 'Good', last_name: 'Url', evidence: { url: 'https://example.org/a%20b' } }) });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(201);
    const before = await t.db.kysely.selectFrom('awards').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/awards',
      headers: { ...issuerToken, 'content-type': 'application/json' },
      payload: JSON.stringify({ badge_class_id: badgeClassId, recipient_email: 'space.url@example.org', first_name: 'Space', last_name: 'Url', evidence: { url: 'https://example.org/a b' } }),
    });
    expectProblem(res, 'POST /api/v1/awards evidence.url with a space');
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    const after = await t.db.kysely.selectFrom('awards').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
