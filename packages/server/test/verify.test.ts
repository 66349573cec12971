// The public verifier (page and API), the SSRF guard on remote fetches, and the issuer registry.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bakePng, buildAchievement, buildOpenBadgeCredential, createSigner, generateEd25519Key, signDataIntegrity } from '@laurel/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { organizationDid } from '../src/domain/credentials/did.ts';
import { createSafeFetcher, isBlockedAddress, RemoteFetchRefused } from '../src/net/safe-fetch.ts';
import { bearer, Client, makeTestApp, type TestApp } from './helpers/app.ts';

type Obj = Record<string, unknown>;
type Result = { verified: boolean; outcome: string; checks: { id: string; status: string; message: string }[]; issuer: { known: boolean; name: string | null } };
const check = (r: Result, id: string) => r.checks.find((c) => c.id === id);

// A 1×1 PNG, to bake credentials into.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6a1c20000000049454e44ae426082', 'hex');

describe('SSRF guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '169.254.169.254', '192.168.1.1', '172.16.0.9', '::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0', '100.64.0.1'])('blocks %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111'])('allows public %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });

  it('refuses loopback, private, link-local and file: URLs by default, without connecting', async () => {
    const f = createSafeFetcher();
    for (const url of ['http://127.0.0.1:9/x', 'http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd', 'http://localhost:9/x', 'http://[::1]:9/x', 'gopher://example.org/']) {
      await expect(f.get(url), url).rejects.toBeInstanceOf(RemoteFetchRefused);
    }
  });

  it('fetches from an allow-listed host, with a size limit and redirects re-checked', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/doc') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      if (req.url === '/big') return res.writeHead(200, { 'content-type': 'application/json' }).end('x'.repeat(5000));
      if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      return res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const f = createSafeFetcher({ allowHosts: ['127.0.0.1'], maxBytes: 1000 });
      expect((await f.get(`${base}/doc`))!.body.toString()).toBe('{"ok":true}');
      expect(await f.get(`${base}/missing`)).toBeNull();
      await expect(f.get(`${base}/big`)).rejects.toMatchObject({ reason: expect.stringMatching(/larger than 1000 bytes/) });
      await expect(f.get(`${base}/to-metadata`)).rejects.toBeInstanceOf(RemoteFetchRefused);
    } finally {
      server.close();
    }
  });
});

describe('verifier', () => {
  let t: TestApp;
  let issued: Obj;
  let external: Obj;

  beforeAll(async () => {
    t = await makeTestApp('sqlite', { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    const token = bearer((await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'red-river', name: 'registrar' })).token);
    const did = organizationDid(t.config, 'red-river');
    const credential = buildOpenBadgeCredential({
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: { id: did, type: ['Profile'], name: 'Red River Community College' },
      achievement: buildAchievement({ id: 'http://laurel.test/orgs/red-river/achievements/welding-1', name: 'Welding I', description: 'Safe MIG welding.', criteria: { narrative: 'Passed the practical.' }, achievementType: 'MicroCredential' }),
      recipient: { email: 'student@example.com', salt: 'pepper' },
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    const res = await t.app.inject({ method: 'POST', url: '/credentials/issue', headers: token, payload: { credential, options: { credentialStatus: { type: 'BitstringStatusListEntry' } } } });
    expect(res.statusCode, res.body).toBe(201);
    issued = (res.json() as { verifiableCredential: Obj }).verifiableCredential;

    // An issuer outside the state: a did:key, which needs no fetching.
    const seed = new Uint8Array(32).fill(9);
    const probe = await generateEd25519Key({ controller: 'did:example:probe', seed });
    const keyDid = `did:key:${probe.publicKeyMultibase}`;
    const key = await generateEd25519Key({ controller: keyDid, id: `${keyDid}#${probe.publicKeyMultibase}`, seed });
    external = (await signDataIntegrity({
      credential: buildOpenBadgeCredential({
        id: `urn:uuid:${crypto.randomUUID()}`,
        issuer: { id: keyDid, type: ['Profile'], name: 'Elsewhere Academy' },
        achievement: buildAchievement({ id: 'https://elsewhere.example/a/1', name: 'Knots', description: 'Ties knots.', criteria: { narrative: 'Tied ten knots.' } }),
        recipient: { email: 'someone@example.com', salt: 's' },
        validFrom: new Date(Date.now() - 60_000).toISOString(),
      }),
      signer: await createSigner(key),
    })) as unknown as Obj;
  });
  afterAll(async () => t?.close());

  const verify = async (payload: unknown) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: payload as object });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Result;
  };

  it('verifies a badge issued here, and knows its issuer from the registry', async () => {
    const r = await verify({ credential: issued });
    expect(r).toMatchObject({ verified: true, outcome: 'verified', issuer: { known: true, name: 'Red River Community College' } });
    for (const id of ['format', 'schema', 'proof', 'issuer_key', 'validity', 'status', 'issuer_known']) expect(check(r, id)?.status, id).toBe('passed');
  });

  it('fails a tampered badge on its signature', async () => {
    const tampered = structuredClone(issued) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = 'Welding II';
    const r = await verify({ credential: tampered });
    expect(r.verified).toBe(false);
    expect(check(r, 'proof')?.status).toBe('failed');
  });

  it('verifies a valid badge from another issuer but does not count it as a state institution', async () => {
    const r = await verify({ credential: external });
    expect(check(r, 'proof')?.status).toBe('passed');
    expect(r.verified).toBe(true);
    expect(check(r, 'issuer_known')).toMatchObject({ status: 'failed' });
    expect(r.issuer.known).toBe(false);
  });

  it('says "could not check", not valid, when a status list cannot be fetched', async () => {
    const seed = new Uint8Array(32).fill(3);
    const probe = await generateEd25519Key({ controller: 'did:example:probe', seed });
    const keyDid = `did:key:${probe.publicKeyMultibase}`;
    const key = await generateEd25519Key({ controller: keyDid, id: `${keyDid}#${probe.publicKeyMultibase}`, seed });
    const cred = await signDataIntegrity({
      credential: buildOpenBadgeCredential({
        id: `urn:uuid:${crypto.randomUUID()}`,
        issuer: { id: keyDid, type: ['Profile'], name: 'Private Status Co' },
        achievement: buildAchievement({ id: 'https://private.example/a/1', name: 'X', description: 'X.', criteria: { narrative: 'X.' } }),
        recipient: { email: 'x@example.com', salt: 's' },
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        credentialStatus: { id: 'http://10.0.0.1/status/1#5', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: 'http://10.0.0.1/status/1' },
      }),
      signer: await createSigner(key),
    });
    const r = await verify({ credential: cred });
    expect(check(r, 'status')?.status).toBe('unknown');
    expect(r).toMatchObject({ verified: false, outcome: 'indeterminate' });
  });

  it('verifies a JSON string, a baked PNG upload and a URL to an allow-listed host', async () => {
    expect((await verify({ credential: JSON.stringify(issued) })).verified).toBe(true);
    const baked = bakePng(PNG, issued);
    const boundary = 'vb';
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="badge.png"\r\nContent-Type: image/png\r\n\r\n`), baked, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(up.json()).toMatchObject({ verified: true, format: expect.any(String) });
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify(issued)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const r = await verify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/badge.json` });
      expect(r.verified).toBe(true);
    } finally {
      server.close();
    }
  });

  it('refuses to fetch private addresses for a URL, answering "could not check"', async () => {
    for (const url of ['http://10.1.1.1/badge', 'http://169.254.169.254/latest', 'file:///etc/passwd']) {
      const r = await verify({ url });
      expect(r, url).toMatchObject({ verified: false, outcome: 'indeterminate' });
      expect(check(r, 'fetch')?.message, url).toMatch(/Could not get the badge/);
    }
  });

  it('answers bad input with a clear problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    const garbage = await verify({ credential: 'not a badge at all' });
    expect(garbage.verified).toBe(false);
    expect(check(garbage, 'format')?.status).toBe('failed');
  });

  it('shows the same checks on the verifier page, with JavaScript off', async () => {
    const c = new Client(t.app);
    await c.get('/verify');
    const ok = await c.post('/verify', { credential: JSON.stringify(issued) });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('This badge is genuine, current and issued by an institution of the state system.');
    expect(ok.body).toContain('Issuer is an institution of the state registry');
    const bad = await c.post('/verify', { credential: '{ not json' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="credential-error"[^>]*>This is not valid JSON/);
    const refused = await c.post('/verify', { url: 'http://127.0.0.2/x' });
    expect(refused.body).toContain('Could not check');
  });

  it('says on the page which badge, whose, issued by whom and when', async () => {
    const c = new Client(t.app);
    await c.get('/verify');
    const ok = await c.post('/verify', { credential: JSON.stringify(issued) });
    const facts = /<dl class="laurel-verify-facts"[\s\S]*?<\/dl>/.exec(ok.body)?.[0] ?? '';
    expect(facts).toContain('Welding I');
    expect(facts).toContain('Red River Community College');
    expect(facts).toMatch(/hashed email address/);
    // Issued "about a minute ago" by the test: the date in the configured zone (America/Chicago by default).
    const issuedDay = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'America/Chicago' }).format(new Date(String(issued.validFrom)));
    expect(facts).toContain(issuedDay);
    expect(facts).toMatch(/Issued on/);
  });

  it('leads a tampered badge with the failure and says what cannot be trusted', async () => {
    const c = new Client(t.app);
    await c.get('/verify');
    const tampered = structuredClone(issued) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = 'Welding II';
    const res = await c.post('/verify', { credential: JSON.stringify(tampered) });
    const section = /<section aria-labelledby="verify-result-h"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
    const alert = /<div class="usa-alert[\s\S]*?<\/div>\s*<\/div>/.exec(section)?.[0] ?? '';
    expect(alert).toContain('This badge did not verify.');
    expect(alert).toMatch(/cannot be trusted/);
    expect(alert).not.toMatch(/Issuer:/);
    // The failed check comes first; the checks that passed are folded away, not eight green rows under the failure.
    const statuses = [...section.replace(/<details[\s\S]*?<\/details>/g, '').matchAll(/class="laurel-check-status">([^<]+)</g)].map((m) => m[1]);
    expect(statuses).toEqual(['Failed']);
    expect(section).toMatch(/<details[^>]*>\s*<summary>\d+ other checks passed/);
    // What the badge claims is shown as a claim, not as fact.
    expect(section).toMatch(/What this badge claims \(not verified\)/);
    expect(section).toContain('Welding II');
  });

  it('takes a file upload with the form token in the body, not in the address bar', async () => {
    const c = new Client(t.app);
    const form = await c.get('/verify');
    expect(form.body).not.toContain('/verify?_csrf=');
    expect(form.body).toMatch(/<form[^>]+action="\/verify"[^>]+enctype="multipart\/form-data"/i);
    const boundary = 'pb';
    const part = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const file = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="badge.png"\r\nContent-Type: image/png\r\n\r\n`), bakePng(PNG, issued), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const send = (payload: Buffer) => t.app.inject({ method: 'POST', url: '/verify', headers: { accept: 'text/html', cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    const ok = await send(Buffer.concat([part('_csrf', c.csrf), file]));
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200);
    expect(ok.body).toContain('This badge is genuine, current and issued by an institution of the state system.');
    const forged = await send(Buffer.concat([part('_csrf', 'not-the-token'), file]));
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('csrf_failed');
    expect((await send(file)).statusCode).toBe(403);
  });

  it('publishes the issuer registry as a page and as JSON', async () => {
    const json = (await t.app.inject({ method: 'GET', url: '/registry.json' })).json() as { issuers: { slug: string; did: string; keys: unknown[] }[] };
    const rr = json.issuers.find((i) => i.slug === 'red-river')!;
    expect(rr.did).toBe(organizationDid(t.config, 'red-river'));
    expect(rr.keys.length).toBeGreaterThan(0);
    expect(json.issuers.map((i) => i.slug)).toEqual(expect.arrayContaining(['regents', 'prairie-state', 'northern-plains', 'red-river']));
    const page = await t.app.inject({ method: 'GET', url: '/registry', headers: { accept: 'text/html' } });
    expect(page.body).toContain('Red River Community College');
  });

  it('imports an external badge into a portfolio from a link, verified first, and refuses private addresses', async () => {
    const { importExternalBadge } = await import('../src/domain/portfolio/import-export.ts');
    const { actorForUser } = await import('../src/domain/accounts/sessions.ts');
    const { repos } = await import('../src/storage/repositories/index.ts');
    const student = (await actorForUser(t.deps, (await repos(t.deps.db).users.findByEmail('student@example.com'))!.id))!;
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify(external)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const e = await importExternalBadge(t.deps, student, { text: `http://127.0.0.1:${(server.address() as AddressInfo).port}/knots.json` });
      expect(e).toMatchObject({ name: 'Knots', issuerName: 'Elsewhere Academy', outcome: 'verified' });
    } finally {
      server.close();
    }
    await expect(importExternalBadge(t.deps, student, { text: 'http://10.0.0.7/badge.json' })).rejects.toMatchObject({ code: 'validation_failed', fields: { text: expect.stringMatching(/could not be fetched/) } });
  });
});
