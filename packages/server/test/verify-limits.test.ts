// Issue 12 points 2 and 7: the verifier is rate-limited per client IP (LAUREL_VERIFY_RATE_LIMIT), on the
// API (429 problem+json rate_limited) and on the page (a 429 error page naming rate_limited); a multipart
// body the parser cannot read is the client's error on the page as on the API, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { Client, makeTestApp, type TestApp } from './helpers/app.ts';

describe('the verifier is rate-limited per client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp('sqlite', { env: { LAUREL_VERIFY_RATE_LIMIT: '3' } });
  });
  afterAll(async () => t?.close());

  it('defaults to 30 a minute, and reads LAUREL_VERIFY_RATE_LIMIT', () => {
    const base = { LAUREL_DATABASE_URL: 'sqlite::memory:', LAUREL_DATA_DIR: t.config.dataDir };
    expect(loadConfig(base).verifyRateLimit).toBe(30);
    expect(loadConfig({ ...base, LAUREL_VERIFY_RATE_LIMIT: '7' }).verifyRateLimit).toBe(7);
    expect(t.config.verifyRateLimit).toBe(3);
  });

  it('POST /api/v1/verify: 429 problem+json rate_limited past the limit', async () => {
    const post = () => t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: { not: 'a badge' } } });
    for (let i = 0; i < 3; i++) expect((await post()).statusCode, `request ${i + 1}`).toBe(200);
    const over = await post();
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json()).toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('the /verify form: a 429 page naming rate_limited past the limit; the bare form is not counted', async () => {
    const c = new Client(t.app);
    for (let i = 0; i < 5; i++) expect((await c.get('/verify')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await c.post('/verify', { credential: 'not a badge' })).statusCode, `post ${i + 1}`).toBe(200);
    const over = await c.post('/verify', { credential: 'not a badge' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toContain('text/html');
    expect(over.body).toContain('Error code: <code>rate_limited</code>');
    expect(over.body).toContain('Too many requests');
  });

  it('GET /verify?url= verifies, so it is counted too', async () => {
    const c = new Client(t.app);
    for (let i = 0; i < 3; i++) expect((await c.get('/verify?url=http%3A%2F%2F10.0.0.1%2Fx')).statusCode, `get ${i + 1}`).toBe(200);
    expect((await c.get('/verify?url=http%3A%2F%2F10.0.0.1%2Fx')).statusCode).toBe(429);
    expect((await c.get('/verify')).statusCode).toBe(200);
  });
});

describe('a multipart body the parser cannot read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('is a 400 bad_request problem on the API and a 400 form with a message on the page', async () => {
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ code: 'bad_request' });

    const c = new Client(t.app);
    const form = await c.get('/verify');
    // The file form posts to /verify itself, its token the body's first field (never in the address).
    expect(form.body).toMatch(/<form[^>]*action="\/verify"[^>]*enctype="multipart\/form-data"|<form[^>]*enctype="multipart\/form-data"[^>]*action="\/verify"/i);
    const action = '/verify';
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const page = await t.app.inject({ method: 'POST', url: action, headers: { 'content-type': 'multipart/form-data', accept: 'text/html', cookie }, payload: 'x' });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('The upload could not be read.');
  });
});
