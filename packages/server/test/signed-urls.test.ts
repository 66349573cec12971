// Issue 12 point 7 (fuzz finding F7): a URL that goes into a signed credential is checked before signing —
// absolute http(s), parsed by the WHATWG URL parser, no spaces or control characters, ≤ 2,000 characters —
// and a bad one is a 422 naming the field, with nothing stored (API, the issue form and CSV rows alike).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { readAwardInput, signedUrlProblem } from '../src/domain/issuance/award-input.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';

describe('signedUrlProblem', () => {
  it.each([
    ['https://example.org/portfolio/alex', true],
    ['http://example.org/a%20b?x=1#y', true],
    ['https://example.org/a b', false],
    ['https://example.org/a\tb', false],
    ['https://example.org/\u0000', false],
    ['https://example.org/\u0085', false],
    ['https://example.org/\u00a0x', false],
    ['https://example.org/<script>', false],
    ['https://example.org/"quoted"', false],
    ['/relative/path', false],
    ['example.org/page', false],
    ['javascript:alert(1)', false],
    ['ftp://example.org/file', false],
    ['mailto:someone@example.org', false],
    ['https://', false],
    ['http://[::1', false],
    [`https://example.org/${'a'.repeat(1980)}`, true],
    [`https://example.org/${'a'.repeat(1990)}`, false],
  ])('%s → allowed %s', (url, ok) => {
    expect(signedUrlProblem(url) === undefined).toBe(ok);
  });

  it('names the evidence field for every spelling the input accepts', () => {
    const opts = { now: new Date().toISOString(), expiresAfterMonths: null };
    const base = { recipient_email: 'a@example.org', recipient_name: 'A B' };
    for (const raw of [{ evidence_url: 'https://example.org/a b' }, { evidence: { url: 'https://example.org/a b' } }, { evidence: { id: 'https://x.org/a\nb' } }]) {
      const { value, errors } = readAwardInput({ ...base, ...raw }, opts);
      expect(value).toBeUndefined();
      expect(Object.keys(errors)).toEqual(['evidence_url']);
    }
  });
});

describe('a bad evidence URL through the API and the form', () => {
  let t: TestApp;
  let badgeClassId: string;
  const count = async () => Number((await t.db.kysely.selectFrom('awards').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await makeTestApp('sqlite', { env: { LAUREL_SIGNING_THREADS: '0' } });
    const r = repos(t.deps.db);
    const org = (await r.organizations.findBySlug('red-river'))!;
    badgeClassId = (await r.badgeClasses.listForOrganization(org.id))[0]!.id;
  });
  afterAll(async () => t?.close());

  it('POST /api/v1/awards answers 422 validation_failed naming evidence_url; nothing is stored', async () => {
    const token = await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'red-river', name: 'signed urls' });
    const before = await count();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/awards', headers: { ...bearer(token.token), 'content-type': 'application/json' }, payload: { badge_class_id: badgeClassId, recipient_email: 'bad.url@example.org', recipient_name: 'Bad Url', evidence: { url: 'https://example.org/a b' } } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'evidence_url', message: expect.stringContaining('spaces') }] });
    expect(await count()).toBe(before);
  });

  it('the issue form shows the error next to the field', async () => {
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    await c.get(`/issuing/badge-classes/${badgeClassId}/issue`);
    const before = await count();
    const res = await c.post(`/issuing/badge-classes/${badgeClassId}/issue`, { recipient_email: 'form.url@example.org', first_name: 'Form', last_name: 'Url', evidence_url: 'https://example.org/a b' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('cannot contain spaces');
    expect(res.body).toContain('evidence_url-error');
    expect(await count()).toBe(before);
  });
});
