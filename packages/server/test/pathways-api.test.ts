// /api/v1/pathways on every dialect: public reads of published pathways, authoring with personal tokens
// (create, PUT/PATCH under a version, publish, the Regents' review, archive, delete a draft), and
// problem+json with stable codes for refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

describe.each(DIALECTS)('pathways API on %s', (dialect) => {
  let t: TestApp;
  let author: Record<string, string>;
  let reviewer: Record<string, string>;
  let programs: { rr: string[]; ps: string[] };
  beforeAll(async () => {
    t = await makeTestApp(dialect);
    const r = repos(t.deps.db);
    const token = async (email: string) => bearer((await createPersonalToken(t.deps, SYSTEM, { userId: (await r.users.findByEmail(email))!.id, name: 'pathways api test' })).token);
    author = await token('author@redriver.example.edu');
    reviewer = await token('reviewer@regents.example.org');
    const listed = async (slug: string) => (await r.programs.listByOrganization((await r.organizations.findBySlug(slug))!.id)).filter((p) => p.status === 'active').map((p) => p.id);
    programs = { rr: await listed('red-river'), ps: await listed('prairie-state') };
  });
  afterAll(async () => t?.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, body?: unknown) =>
    t.app.inject({ method, url, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, payload: body === undefined ? undefined : JSON.stringify(body) });

  it('authors, reviews and publishes a cross-institution pathway', async () => {
    const body = {
      name: 'API pathway',
      description: 'Made through the API.',
      components: [{ program_id: programs.rr[3] }, { program_id: programs.ps[4] }],
      destination: { kind: 'external', name: 'AAS in Applied Technology', url: 'https://redriver.example.edu/aas', credential_type: 'associate_degree' },
      rule: 'n_of',
      rule_n: 1,
    };
    expect((await call('POST', '/api/v1/pathways', {}, body)).statusCode).toBe(401);
    const created = await call('POST', '/api/v1/pathways', author, body);
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ status: 'draft', crosses_institutions: true, review_state: 'not_required', version: 1, institution: { slug: 'red-river' }, rule_text: 'Earn any 1 of the 2 components to complete the pathway.' });
    expect(p.components.map((c: { institution: { slug: string } }) => c.institution.slug)).toEqual(['red-river', 'prairie-state']);
    expect(created.headers.location).toBe(`/api/v1/pathways/${p.id}`);

    // Not public yet; a stale version is a conflict with its stable code.
    expect((await call('GET', `/api/v1/pathways/${p.id}`)).json()).toMatchObject({ code: 'not_found' });
    const stale = await call('PUT', `/api/v1/pathways/${p.id}`, author, { ...body, version: 9 });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({ code: 'pathway_conflict' });
    const put = await call('PUT', `/api/v1/pathways/${p.id}`, author, { ...body, name: 'API pathway, renamed', version: 1 });
    expect(put.json()).toMatchObject({ name: 'API pathway, renamed', version: 2 });
    const patched = await call('PATCH', `/api/v1/pathways/${p.id}`, author, { rule: 'all', version: 2 });
    expect(patched.json()).toMatchObject({ name: 'API pathway, renamed', rule: 'all', version: 3, components: [{ program_id: programs.rr[3] }, { program_id: programs.ps[4] }] });
    const invalid = await call('PATCH', `/api/v1/pathways/${p.id}`, author, { components: [] });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'components' }] });

    const sent = await call('POST', `/api/v1/pathways/${p.id}/publish?version=3`, author);
    expect(sent.json()).toMatchObject({ status: 'draft', review_state: 'pending' });
    expect((await call('POST', `/api/v1/pathways/${p.id}/review`, author, { decision: 'accept' })).json()).toMatchObject({ code: 'forbidden' });
    const accepted = await call('POST', `/api/v1/pathways/${p.id}/review`, reviewer, { decision: 'accept', version: 4 });
    expect(accepted.json()).toMatchObject({ status: 'published', review_state: 'accepted' });

    const pub = await call('GET', `/api/v1/pathways/${p.id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ url: `http://laurel.test/pathways/${p.id}` });
    const byProgram = (await call('GET', `/api/v1/pathways?program_id=${programs.ps[4]}`)).json();
    expect(byProgram.items.map((x: { id: string }) => x.id)).toContain(p.id);
    const byInstitution = (await call('GET', '/api/v1/pathways?institution=prairie-state')).json();
    expect(byInstitution.items.map((x: { id: string }) => x.id)).toContain(p.id);
    expect((await call('GET', '/api/v1/pathways?institution=nowhere')).statusCode).toBe(422);

    expect((await call('DELETE', `/api/v1/pathways/${p.id}`, author)).json()).toMatchObject({ code: 'invalid_transition' });
    expect((await call('POST', `/api/v1/pathways/${p.id}/archive`, author)).json()).toMatchObject({ status: 'archived' });
    expect((await call('GET', '/api/v1/pathways')).json().items.map((x: { id: string }) => x.id)).not.toContain(p.id);
  });

  it('deletes a draft, and lets no other institution’s staff touch it', async () => {
    const created = await call('POST', '/api/v1/pathways', author, { name: 'Draft', description: 'To delete.', components: [{ program_id: programs.rr[0] }], destination: { kind: 'program', program_id: programs.rr[1] } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ crosses_institutions: false, destination: { program_id: programs.rr[1], institution: { slug: 'red-river' } } });
    expect((await call('DELETE', `/api/v1/pathways/${id}`, reviewer)).json()).toMatchObject({ code: 'not_found' });
    expect((await call('DELETE', `/api/v1/pathways/${id}`, author)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/pathways/${id}`, author)).statusCode).toBe(404);
  });
});
