// The JSON API's contract: OpenAPI 3.1 that documents every route, and RFC 9457 problems for bad input.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';

describe('API contract', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await makeTestApp('sqlite');
    const user = (await repos(t.deps.db).users.findByEmail('admin@regents.example.org'))!;
    admin = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: user.id, name: 'api test' })).token);
  });
  afterAll(async () => t?.close());

  it('serves valid OpenAPI 3.1 documenting every /api/v1 route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(spec.openapi).toBe('3.1.0');
    const v = new Validator();
    const result = await v.validate(spec as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    // Compare the router's /api/v1 routes with the documented paths and methods.
    const routes = t.app.laurel.routes.filter((r) => r.split(' ')[1]!.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(5);
    for (const r of routes) {
      const [method, url] = r.split(' ') as [string, string];
      const openapiPath = url.replace('/api/v1', '').replace(/:(\w+)/g, '{$1}');
      expect(spec.paths[`/api/v1${openapiPath}`]?.[method.toLowerCase()], `${r} is documented`).toBeDefined();
    }
  });

  it('serves the interactive docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });

  it('answers malformed JSON with a problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"slug": ' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'bad_request', status: 400, type: 'urn:laurel:error:bad_request' });
  });

  it('refuses an oversized body with 413 and stores nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify({ slug: 'big', name: 'Big', description: 'x'.repeat(1_100_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large' });
    expect(await repos(t.deps.db).organizations.findBySlug('big')).toBeUndefined();
  });

  it('refuses an unsupported content type with 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: { ...admin, 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('names each invalid field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: admin, payload: { slug: 'Bad Slug!', name: '', extra: 1 } });
    expect(res.statusCode).toBe(422);
    const body = res.json() as { code: string; errors: { field: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['body.extra']));
    const domain = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: admin, payload: { slug: 'Bad Slug!', name: 'Fine', website: 'ftp://x' } });
    expect(domain.statusCode).toBe(422);
    expect((domain.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['slug', 'website']);
  });

  it('refuses a duplicate institution with 409 and keeps the original', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: admin, payload: { slug: 'west-tech', name: 'West Technical College', institution_type: 'technical_college' } });
    expect(first.statusCode).toBe(201);
    expect(first.headers.location).toBe('/api/v1/institutions/west-tech');
    const dupSlug = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: admin, payload: { slug: 'west-tech', name: 'Another Name' } });
    expect(dupSlug.statusCode).toBe(409);
    expect(dupSlug.json()).toMatchObject({ code: 'duplicate_institution', errors: [{ field: 'slug' }] });
    const dupName = await t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: admin, payload: { slug: 'west-tech-2', name: 'west technical college' } });
    expect(dupName.statusCode).toBe(409);
    expect((await repos(t.deps.db).organizations.findBySlug('west-tech'))!.name).toBe('West Technical College');
  });

  it('refuses a malformed invitation email', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: admin, payload: { institution: 'red-river', email: 'not an email', role: 'issuer' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'email' }] });
  });

  it('answers unknown routes and unknown ids with 404 problems', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/nothing' })).json()).toMatchObject({ code: 'not_found', status: 404 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/institutions/nowhere' })).json()).toMatchObject({ code: 'not_found' });
  });

  it('answers a missing or bad token with 401', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).json()).toMatchObject({ code: 'unauthenticated', status: 401 });
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer('lrl_nope') });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'token_invalid' });
    expect(bad.headers['www-authenticate']).toContain('Bearer');
  });

  it('serves health and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', database: 'sqlite', worker: 'running' });
  });

  it('sends a CSP that allows no inline script on every page', async () => {
    for (const url of ['/', '/sign-in', '/api/docs/']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toMatch(/script-src 'self'/);
      expect(csp, url).not.toContain("'unsafe-inline'");
      if (!url.startsWith('/api')) expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });
});
