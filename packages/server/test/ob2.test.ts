// Every award is also an Open Badges 2.0 hosted Assertion (with its BadgeClass and Issuer); a revoked
// award says `revoked: true`.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { revokeAward } from '../src/domain/issuance/manage-awards.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';

describe('OB 2.0 hosted verification', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp('sqlite', { env: { LAUREL_SIGNING_THREADS: '0' } });
  });
  afterAll(async () => t?.close());

  it('serves the Assertion, BadgeClass and Issuer, and marks a revoked award', async () => {
    const r = repos(t.deps.db);
    const issuer = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
    const award = await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: 'Ob2.Fan@example.com', recipient_name: 'Ob Two' } });
    // Served once the earner has accepted it (issue 12 point 6; the rule is tested below).
    await t.db.kysely.updateTable('awards').set({ claim_state: 'accepted', claimed_at: award.issuedAt }).where('id', '=', award.id).execute();

    const res = await t.app.inject({ method: 'GET', url: `/ob2/assertions/${award.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    const a = res.json() as { '@context': string; type: string; id: string; badge: string; verification: { type: string }; recipient: { type: string; hashed: boolean; salt: string; identity: string }; revoked?: boolean };
    expect(a).toMatchObject({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: `http://laurel.test/ob2/assertions/${award.id}`, verification: { type: 'hosted' }, recipient: { type: 'email', hashed: true } });
    expect(a.recipient.identity).toBe(`sha256$${createHash('sha256').update(`ob2.fan@example.com${a.recipient.salt}`).digest('hex')}`);
    expect(a.revoked).toBeUndefined();

    const badge = (await t.app.inject({ method: 'GET', url: new URL(a.badge).pathname })).json() as { type: string; issuer: string; name: string; criteria: unknown };
    expect(badge).toMatchObject({ type: 'BadgeClass', name: bc.name });
    const iss = (await t.app.inject({ method: 'GET', url: new URL(badge.issuer).pathname })).json() as { type: string; name: string };
    expect(iss).toMatchObject({ type: 'Issuer', name: 'Red River Community College' });

    await revokeAward(t.deps, issuer, { awardId: award.id, reason: 'Issued in error' });
    const revoked = (await t.app.inject({ method: 'GET', url: `/ob2/assertions/${award.id}` })).json() as { revoked?: boolean; revocationReason?: string };
    expect(revoked).toMatchObject({ revoked: true, revocationReason: 'Issued in error' });
    expect((await t.app.inject({ method: 'GET', url: '/ob2/assertions/nope' })).statusCode).toBe(404);
  });

  it('serves the Assertion only for awards meant to be verifiable: accepted (revoked → revoked: true), never pending or declined', async () => {
    const r = repos(t.deps.db);
    const issuer = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[1]!;
    const issue = async (email: string, claimState: 'pending' | 'accepted' | 'declined') => {
      const a = await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: email, recipient_name: 'Hosted Rule', evidence_url: 'https://example.org/evidence' } });
      if (claimState !== 'pending') await t.db.kysely.updateTable('awards').set({ claim_state: claimState, claimed_at: a.issuedAt }).where('id', '=', a.id).execute();
      return a.id;
    };
    const get = (id: string, accept = 'application/ld+json') => t.app.inject({ method: 'GET', url: `/ob2/assertions/${id}`, headers: { accept } });

    const pending = await issue('hosted.pending@example.com', 'pending');
    const declined = await issue('hosted.declined@example.com', 'declined');
    for (const id of [pending, declined]) {
      const res = await get(id);
      expect(res.statusCode, id).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'not_found' });
      // Nothing of the award leaks: no date, evidence or email hash.
      expect(res.body).not.toContain('example.org/evidence');
      expect(res.body).not.toContain('sha256$');
      // A browser gets the error page, still 404.
      expect((await get(id, 'text/html')).statusCode).toBe(404);
    }
    // A revoked pending award is not served either: it was never meant to be verifiable.
    await revokeAward(t.deps, issuer, { awardId: pending, reason: 'Issued in error' });
    expect((await get(pending)).statusCode).toBe(404);

    const accepted = await issue('hosted.accepted@example.com', 'accepted');
    const ok = await get(accepted);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ type: 'Assertion', evidence: [{ id: 'https://example.org/evidence' }] });
    expect((ok.json() as { revoked?: boolean }).revoked).toBeUndefined();

    await revokeAward(t.deps, issuer, { awardId: accepted, reason: 'Issued in error' });
    const revoked = await get(accepted);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ type: 'Assertion', revoked: true, revocationReason: 'Issued in error' });
  });

  it('verifies a badge downloaded from Laurel in the verifier from its PNG, SVG, JSON and JWT', async () => {
    const r = repos(t.deps.db);
    const issuer = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[1]!;
    const award = await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: 'formats@example.com', recipient_name: 'Four Formats' } });
    // The issuer may download any of the institution's awards.
    const { signedIn } = await import('./helpers/app.ts');
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const ext of ['png', 'svg', 'json', 'jwt'] as const) {
      const file = await t.app.inject({ method: 'GET', url: `/badges/${award.id}.${ext}`, headers: { cookie } });
      expect(file.statusCode, `${ext}: ${file.body.slice(0, 200)}`).toBe(200);
      const boundary = 'fmt';
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="badge.${ext}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.rawPayload, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      const body = res.json() as { verified: boolean; checks: { id: string; status: string }[]; issuer: { known: boolean } };
      expect(body.verified, `${ext}: ${JSON.stringify(body.checks)}`).toBe(true);
      expect(body.issuer.known).toBe(true);
    }
  });
});
