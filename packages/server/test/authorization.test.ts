// The authorization matrix: for every demo role and every protected page or API route, the expected
// answer — and above all, an institution admin can never read or change another institution's people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { DEMO_USERS } from '../src/domain/seed/demo.ts';
import type { Role } from '../src/shared/roles.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

const ROLE_EMAIL = Object.fromEntries(DEMO_USERS.map((u) => [u.role, u.email])) as Record<Role, string>;
const ALL: Role[] = DEMO_USERS.map((u) => u.role);

describe.each(DIALECTS)('authorization on %s', (dialect) => {
  let t: TestApp;
  const clients = {} as Record<Role, Client>;
  const tokens = {} as Record<Role, string>;
  let redRiverAuthorId: string;
  let prairieAdminId: string;

  beforeAll(async () => {
    t = await makeTestApp(dialect);
    const r = repos(t.deps.db);
    for (const role of ALL) {
      clients[role] = await signedIn(t.app, ROLE_EMAIL[role]);
      const user = (await r.users.findByEmail(ROLE_EMAIL[role]))!;
      tokens[role] = (await createPersonalToken(t.deps, SYSTEM, { userId: user.id, name: 'test' })).token;
    }
    redRiverAuthorId = (await r.users.findByEmail(ROLE_EMAIL.program_author))!.id;
    prairieAdminId = (await r.users.findByEmail(ROLE_EMAIL.institution_admin))!.id;
  });
  afterAll(async () => t?.close());

  type Expect = Partial<Record<Role, number>> & { others: number };
  const pages = (): [string, Expect][] => [
    ['/dashboard', { others: 200 }],
    ['/account', { others: 200 }],
    ['/admin/institutions', { system_admin: 200, others: 403 }],
    ['/admin/institutions/new', { system_admin: 200, others: 403 }],
    ['/admin/institutions/prairie-state/edit', { system_admin: 200, institution_admin: 200, others: 403 }],
    ['/admin/institutions/red-river/edit', { system_admin: 200, others: 403 }],
    ['/admin/users', { system_admin: 200, institution_admin: 200, others: 403 }],
    ['/admin/users?organization=prairie-state', { system_admin: 200, institution_admin: 200, others: 403 }],
    ['/admin/users?organization=red-river', { system_admin: 200, others: 403 }],
    [`/admin/users/${redRiverAuthorId}`, { system_admin: 200, institution_admin: 404, others: 403 }],
    [`/admin/users/${prairieAdminId}`, { system_admin: 200, institution_admin: 200, others: 403 }],
    [`/admin/users/${redRiverAuthorId}/deactivate`, { system_admin: 200, institution_admin: 404, others: 403 }],
    ['/admin/users/invite', { system_admin: 200, institution_admin: 200, others: 403 }],
    ['/admin/mailbox', { system_admin: 200, others: 403 }],
    ['/admin/audit', { system_admin: 200, others: 403 }],
    ['/admin/exports', { system_admin: 200, others: 403 }],
    ['/admin/exports/new', { system_admin: 200, others: 403 }],
    ['/admin/institutions/prairie-state/exports', { system_admin: 200, institution_admin: 200, others: 403 }],
    ['/admin/institutions/prairie-state/exports/new', { system_admin: 200, institution_admin: 200, others: 403 }],
    ['/admin/institutions/red-river/exports', { system_admin: 200, others: 403 }],
  ];

  it('answers every page for every role as the policy says', async () => {
    for (const [url, exp] of pages()) {
      for (const role of ALL) {
        const res = await clients[role].get(url);
        expect(res.statusCode, `${role} GET ${url}`).toBe(exp[role] ?? exp.others);
      }
    }
  });

  const apiGets = (): [string, Expect][] => [
    ['/api/v1/me', { others: 200 }],
    ['/api/v1/institutions', { others: 200 }],
    ['/api/v1/users', { system_admin: 200, institution_admin: 200, others: 403 }],
    ['/api/v1/users?institution=red-river', { system_admin: 200, others: 403 }],
    [`/api/v1/users/${redRiverAuthorId}`, { system_admin: 200, program_author: 200, others: 404 }],
    ['/api/v1/audit-events', { system_admin: 200, others: 403 }],
  ];

  it('answers every API read for every role, by token and by session', async () => {
    for (const [url, exp] of apiGets()) {
      for (const role of ALL) {
        const byToken = await t.app.inject({ method: 'GET', url, headers: bearer(tokens[role]) });
        expect(byToken.statusCode, `${role} GET ${url} (token)`).toBe(exp[role] ?? exp.others);
        const bySession = await clients[role].api('GET', url);
        expect(bySession.statusCode, `${role} GET ${url} (session)`).toBe(exp[role] ?? exp.others);
        if (byToken.statusCode >= 400) expect(byToken.headers['content-type']).toContain('application/problem+json');
      }
    }
  });

  it("scopes an institution admin's user list to their own institution", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/users?per_page=100', headers: bearer(tokens.institution_admin) });
    const body = res.json() as { items: { email: string; roles: { organization: { slug: string } }[] }[] };
    expect(body.items.map((u) => u.email)).toEqual(['admin@prairiestate.example.edu']);
    const page = await clients.institution_admin.get('/admin/users');
    expect(page.body).not.toContain('redriver.example.edu');
    expect(page.body).not.toContain('regents.example.org');
  });

  it('refuses every attempt by institution A to change institution B, and changes nothing', async () => {
    const pa = clients.institution_admin;
    const tok = bearer(tokens.institution_admin);
    const before = await repos(t.deps.db).memberships.forUser(redRiverAuthorId);
    const attempts: [string, Promise<{ statusCode: number }>, number][] = [
      ['page: roles', pa.post(`/admin/users/${redRiverAuthorId}/roles`, { organization: 'red-river', roles: ['institution_admin'] }), 404],
      ['page: deactivate', pa.post(`/admin/users/${redRiverAuthorId}/deactivate`, {}), 404],
      ['page: edit institution', pa.post('/admin/institutions/red-river', { name: 'Hacked' }), 403],
      ['page: invite', pa.post('/admin/users/invite', { organization: 'red-river', email: 'x@example.com', role: 'institution_admin' }), 403],
      ['api: roles', t.app.inject({ method: 'PUT', url: `/api/v1/users/${redRiverAuthorId}/roles`, headers: tok, payload: { institution: 'red-river', roles: ['issuer'] } }), 404],
      ['api: roles at own org for a foreign user', t.app.inject({ method: 'PUT', url: `/api/v1/users/${redRiverAuthorId}/roles`, headers: tok, payload: { institution: 'prairie-state', roles: ['issuer'] } }), 404],
      ['api: deactivate', t.app.inject({ method: 'POST', url: `/api/v1/users/${redRiverAuthorId}/deactivate`, headers: tok }), 404],
      ['api: edit institution', t.app.inject({ method: 'PATCH', url: '/api/v1/institutions/red-river', headers: tok, payload: { name: 'Hacked' } }), 403],
      ['api: invite', t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: tok, payload: { institution: 'red-river', email: 'x@example.com', role: 'issuer' } }), 403],
      ['api: grant a Regents role', t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: tok, payload: { institution: 'prairie-state', email: 'x@example.com', role: 'chancellor' } }), 422],
      ['api: create institution', t.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: tok, payload: { slug: 'new-one', name: 'New One' } }), 403],
    ];
    for (const [name, p, status] of attempts) expect((await p).statusCode, name).toBe(status);
    const r = repos(t.deps.db);
    expect(await r.memberships.forUser(redRiverAuthorId)).toEqual(before);
    expect((await r.users.findById(redRiverAuthorId))!.status).toBe('active');
    expect((await r.organizations.findBySlug('red-river'))!.name).toBe('Red River Community College');
    expect(await r.organizations.findBySlug('new-one')).toBeUndefined();
  });

  it('lets an institution admin manage their own people and profile', async () => {
    const tok = bearer(tokens.institution_admin);
    const inv = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: tok, payload: { institution: 'prairie-state', email: 'issuer@prairiestate.example.edu', role: 'issuer' } });
    expect(inv.statusCode).toBe(201);
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/institutions/prairie-state', headers: tok, payload: { city: 'Stillwater, OK' } });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ city: 'Stillwater, OK', status: 'active' });
    // …but not deactivate the institution, which is the system admin's call.
    const deact = await t.app.inject({ method: 'PATCH', url: '/api/v1/institutions/prairie-state', headers: tok, payload: { status: 'inactive' } });
    expect(deact.json()).toMatchObject({ status: 'active' });
  });

  it('keeps the last system admin and stops admins removing their own admin role', async () => {
    const r = repos(t.deps.db);
    const sysId = (await r.users.findByEmail(ROLE_EMAIL.system_admin))!.id;
    const self = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${sysId}/roles`, headers: bearer(tokens.system_admin), payload: { institution: 'regents', roles: [] } });
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ code: 'cannot_change_self' });
    const deact = await t.app.inject({ method: 'POST', url: `/api/v1/users/${sysId}/deactivate`, headers: bearer(tokens.system_admin) });
    expect(deact.json()).toMatchObject({ code: 'cannot_change_self' });
  });

  it('deactivating a user ends their sessions and tokens', async () => {
    const r = repos(t.deps.db);
    const issuerId = (await r.users.findByEmail(ROLE_EMAIL.issuer))!.id;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/users/${issuerId}/deactivate`, headers: bearer(tokens.system_admin) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'deactivated' });
    expect((await clients.issuer.get('/dashboard')).statusCode).toBe(302);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(tokens.issuer) })).statusCode).toBe(401);
    const signIn = await new Client(t.app).post('/sign-in', { email: ROLE_EMAIL.issuer, password: 'laurel-demo-2026' });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.body).toContain('This account has been deactivated');
    await t.app.inject({ method: 'POST', url: `/api/v1/users/${issuerId}/reactivate`, headers: bearer(tokens.system_admin) });
  });

  it('needs the CSRF header for cookie-authenticated API writes', async () => {
    const c = clients.system_admin;
    const noHeader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/institutions',
      headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/json' },
      payload: { slug: 'csrf-test', name: 'CSRF Test' },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json()).toMatchObject({ code: 'csrf_failed' });
    expect((await c.api('POST', '/api/v1/institutions', { slug: 'csrf-test', name: 'CSRF Test' })).statusCode).toBe(201);
  });
});
