// Issue 12 point 1: the verifier reads Laurel's own resources in-process, never over the network. With
// LAUREL_PUBLIC_URL on a loopback port (and that host allow-listed, so a network fetch WOULD be tried),
// our own badge verifies by its page URL and its .json URL while nothing listens there; then a real
// listener on that port counts connections and must see none. Any other address on our origin is refused
// with the one generic fetch failure.
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { fetchBadgeFromUrl } from '../src/domain/verification/verify-any.ts';
import { FETCH_FAILED_MESSAGE } from '../src/net/safe-fetch.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { Client, makeTestApp, type TestApp } from './helpers/app.ts';

type Result = { verified: boolean; outcome: string; checks: { id: string; status: string; message: string }[]; issuer: { known: boolean }; source: string };

describe('the verifier answers our own origin in-process', () => {
  let t: TestApp;
  let port = 0;
  let base = '';
  let connections = 0;
  let listener: net.Server | undefined;

  beforeAll(async () => {
    // Find a free port, then leave it free: nothing listens on our public origin.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    base = `http://127.0.0.1:${port}`;
    t = await makeTestApp('sqlite', { env: { LAUREL_PUBLIC_URL: base, LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1', LAUREL_SIGNING_THREADS: '0' } });
  });
  afterAll(async () => {
    listener?.close();
    await t?.close();
  });

  /** A badge issued through the domain, accepted and public (its page is visible to anyone). */
  async function publicBadge(email: string): Promise<string> {
    const r = repos(t.deps.db);
    const issuer = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
    const award = await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: email, recipient_name: 'Own Origin' } });
    await t.db.kysely.updateTable('awards').set({ claim_state: 'accepted', claimed_at: award.issuedAt, visibility: 'public' }).where('id', '=', award.id).execute();
    return award.id;
  }

  const verify = async (url: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url } })).json() as Result;
  const check = (r: Result, id: string) => r.checks.find((c) => c.id === id);

  async function expectOwnBadgeVerifies(id: string): Promise<void> {
    for (const url of [`${base}/badges/${id}`, `${base}/badges/${id}.json`, `HTTP://127.1:${port}/badges/${id}.json`, `${base}/badges/${id}.png`, `${base}/badges/${id}.jwt`, `${base}/badges/${id}.jwt?alg=ES256`]) {
      const r = await verify(url);
      expect(r, `${url}: ${JSON.stringify(r.checks)}`).toMatchObject({ verified: true, outcome: 'verified', issuer: { known: true } });
      for (const c of ['proof', 'issuer_key', 'status', 'issuer_known']) expect(check(r, c)?.status, `${url} ${c}`).toBe('passed');
      // The stored JWT of the algorithm the address names, as the route serves it.
      if (url.endsWith('.jwt')) expect(check(r, 'proof')?.message, url).toContain('RS256');
      if (url.endsWith('alg=ES256')) expect(check(r, 'proof')?.message, url).toContain('ES256');
    }
    // The /verify form and portfolio import (fetchBadgeFromUrl) take the same road.
    const page = await new Client(t.app).post('/verify', { url: `${base}/badges/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This badge is genuine, current and issued by an institution of the state system.');
    const got = await fetchBadgeFromUrl(t.deps, `${base}/badges/${id}`);
    expect(got).toMatchObject({ source: `${base}/badges/${id}.json` });
  }

  it('verifies our own badge by its page URL and its .json URL while nothing listens on the public origin', async () => {
    await expectOwnBadgeVerifies(await publicBadge('own.one@example.com'));
  });

  it('verifies it again with a real listener on that port, which receives 0 connections', async () => {
    listener = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => listener!.listen(port, '127.0.0.1', r));
    await expectOwnBadgeVerifies(await publicBadge('own.two@example.com'));
    // OB 2.0 hosted documents, the endorsement, DID document and status list: in-process too.
    const id = await publicBadge('own.three@example.com');
    const ob2 = await verify(`${base}/ob2/assertions/${id}`);
    expect(ob2.checks.find((c) => c.id === 'fetch'), JSON.stringify(ob2.checks)).toBeUndefined();
    expect(ob2.checks.filter((c) => c.status === 'failed' && c.id !== 'issuer_known'), JSON.stringify(ob2.checks)).toEqual([]);
    const { verifierFetcher } = await import('../src/domain/credentials/own-origin.ts');
    const f = verifierFetcher(t.deps);
    const did = await f.get(`${base}/orgs/red-river/did.json`);
    expect(did).toMatchObject({ status: 200, contentType: 'application/did+json' });
    expect(JSON.parse(did!.body.toString('utf8'))).toMatchObject({ id: expect.stringContaining(':orgs:red-river') });
    expect(await f.get(`${base}/orgs/red-river/status/revocation/1`)).toMatchObject({ status: 200, contentType: 'application/vc+ld+json' });
    expect(await f.get(`${base}/orgs/no-such-org/did.json`)).toBeNull();
    expect(await f.get(`${base}/badges/00000000-0000-7000-8000-000000000000.json`)).toBeNull();
    expect(connections).toBe(0);
  });

  it('refuses any other address on our origin with the one generic failure, without a connection', async () => {
    if (!listener) {
      listener = net.createServer((s) => {
        connections++;
        s.destroy();
      });
      await new Promise<void>((r) => listener!.listen(port, '127.0.0.1', r));
    }
    const before = connections;
    const messages = new Set<string>();
    for (const path of ['/', '/healthz', '/api/v1/users', '/admin', '/sign-in', '/verify?url=x', '/registry.json', '/badges/not-an-id', '/badges/00000000-0000-7000-8000-000000000000/certificate.pdf', '/orgs/red-river/keys', '/ob2/assertions/a/b', '/%zz']) {
      const r = await verify(`${base}${path}`);
      expect(r.verified, path).toBe(false);
      messages.add(r.checks.map((c) => `${c.id}:${c.message}`).join('|'));
    }
    expect([...messages]).toEqual([`fetch:Could not get the badge: ${FETCH_FAILED_MESSAGE}`]);
    expect(connections).toBe(before);
  });
});
