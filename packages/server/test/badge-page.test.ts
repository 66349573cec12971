// The public badge page's verification panel: signature, registry, and the Regents' endorsement itself —
// which fails after the program is suspended, while the badge's own signature still passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { transitionRequest } from '../src/domain/review/transition.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';

describe('badge page verification panel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp('sqlite', { env: { LAUREL_SIGNING_THREADS: '0' } });
  });
  afterAll(async () => t?.close());

  it('shows the endorsement as verified, then as revoked after suspension, with the signature still passing', async () => {
    const r = repos(t.deps.db);
    const as = async (email: string) => (await actorForUser(t.deps, (await r.users.findByEmail(email))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const endorsedProgram = await t.deps.db.selectFrom('programs').select('id').where('organization_id', '=', org.id).where('endorsement', '=', 'endorsed').where('status', '=', 'active').executeTakeFirstOrThrow();
    const bc = (await r.badgeClasses.findByProgram(endorsedProgram.id))!;
    const award = await issueAward(t.deps, await as('issuer@redriver.example.edu'), { badgeClassId: bc.id, raw: { recipient_email: 'viewer@example.com', recipient_name: 'Vi Ewer' } });
    const awardId = award.id;
    const admin = await signedIn(t.app, 'issuer@redriver.example.edu');
    const before = await admin.get(`/badges/${awardId}`);
    expect(before.statusCode, before.body.slice(0, 300)).toBe(200);
    expect(before.body).toContain('Endorsed by the State Regents (the endorsement itself verified)');
    expect(before.body).toMatch(/Passed<\/span><span class="usa-icon-list__content"><strong>Endorsed by the State Regents[^<]*\.<\/strong> Endorsed by State Regents: the Regents’ signed endorsement/);
    expect(before.body).toContain('Issuer is an institution of the state registry');
    // Crawlers (LinkedIn, Facebook) get complete Open Graph tags with an absolute PNG card; verifiers find the JSON.
    expect(before.body).toContain(`<meta property="og:image" content="http://laurel.test/programs/${endorsedProgram.id}/og.png"/>`);
    expect(before.body).toContain('<meta property="og:title"');
    expect(before.body).toContain(`<link rel="alternate" type="application/ld+json" href="http://laurel.test/badges/${awardId}.json"/>`);

    const req = (await r.requests.forProgram(endorsedProgram.id)).find((q) => q.state === 'approved')!;
    await transitionRequest(t.deps, await as('reviewer@regents.example.org'), { requestId: req.id, action: 'suspend', comment: 'Partner withdrew.' });
    const after = await admin.get(`/badges/${awardId}`);
    expect(after.body).toMatch(/Failed<\/span><span class="usa-icon-list__content"><strong>Endorsed by the State Regents[^<]*\.<\/strong> The State Regents’ endorsement of this program has been revoked/);
    expect(after.body).toMatch(/Passed<\/span><span class="usa-icon-list__content"><strong>Signature\.<\/strong>/);
    expect(after.body).toContain('This badge did not verify.');
  });

  it('shows a revocation at once, though verification results are cached', async () => {
    const { revokeAward } = await import('../src/domain/issuance/manage-awards.ts');
    const r = repos(t.deps.db);
    const issuerActor = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[2]!;
    const award = await issueAward(t.deps, issuerActor, { badgeClassId: bc.id, raw: { recipient_email: 'cached@example.com', recipient_name: 'Cache Test' } });
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    const first = await c.get(`/badges/${award.id}`);
    expect(first.body).toMatch(/Passed<\/span><span class="usa-icon-list__content"><strong>Not revoked or suspended\.<\/strong>/);
    expect((await c.get(`/badges/${award.id}`)).body).toMatch(/Passed<\/span><span class="usa-icon-list__content"><strong>Not revoked or suspended\.<\/strong>/);
    await revokeAward(t.deps, issuerActor, { awardId: award.id, reason: 'Issued in error' });
    const after = await c.get(`/badges/${award.id}`);
    expect(after.body).toMatch(/Failed<\/span><span class="usa-icon-list__content"><strong>Not revoked or suspended\.<\/strong>/);
  });

  it('shows exactly the right failed check for an expired, a revoked and a tampered badge, on the page and in the API', async () => {
    const { revokeAward } = await import('../src/domain/issuance/manage-awards.ts');
    const r = repos(t.deps.db);
    const issuerActor = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[3]!;
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    const failedOf = (checks: { id: string; status: string }[]) => checks.filter((x) => x.status === 'failed').map((x) => x.id);
    const api = async (credential: unknown) => (await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential } })).json() as { verified: boolean; checks: { id: string; status: string }[] };

    const expired = await issueAward(t.deps, issuerActor, { badgeClassId: bc.id, raw: { recipient_email: 'old@example.com', recipient_name: 'Old Timer', issued_at: '2020-01-15', expires_at: '2021-01-15' } });
    expect(failedOf((await api(JSON.parse(expired.credential))).checks)).toEqual(['validity']);
    expect((await c.get(`/badges/${expired.id}`)).body).toMatch(/Failed<\/span><span class="usa-icon-list__content"><strong>Within its dates \(not expired\)\.<\/strong>/);

    const revoked = await issueAward(t.deps, issuerActor, { badgeClassId: bc.id, raw: { recipient_email: 'gone@example.com', recipient_name: 'Gone Away' } });
    await revokeAward(t.deps, issuerActor, { awardId: revoked.id, reason: 'Issued in error' });
    expect(failedOf((await api(JSON.parse(revoked.credential))).checks)).toEqual(['status']);
    const revokedPage = (await c.get(`/badges/${revoked.id}`)).body;
    expect(revokedPage).toMatch(/Failed<\/span><span class="usa-icon-list__content"><strong>Not revoked or suspended\.<\/strong>/);
    expect(revokedPage).toContain('Issued in error');

    const good = await issueAward(t.deps, issuerActor, { badgeClassId: bc.id, raw: { recipient_email: 'tamper@example.com', recipient_name: 'Tam Per' } });
    const tampered = JSON.parse(good.credential) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = `${tampered.credentialSubject.achievement.name} (Honors)`;
    expect(failedOf((await api(tampered)).checks)).toEqual(['proof']);
    const ok = await api(JSON.parse(good.credential));
    expect(ok.verified).toBe(true);
  });
});
