// The earner's reads as use cases, each with its authorization: a portfolio (badges, imports, addresses)
// is its earner's alone; a private badge answers only to its earner and its own institution's issuers —
// never to another earner or another institution; the public reads (profile, hosted OB 2.0 assertion,
// registry, endorsement) show only what anyone may see. Built with factories, on every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { newId } from '../src/domain/ids.ts';
import { getEndorsementCredential } from '../src/domain/credentials/get-endorsement-credential.ts';
import { getOb2Assertion } from '../src/domain/credentials/get-ob2-assertion.ts';
import { getOb2BadgeClass } from '../src/domain/credentials/get-ob2-badge-class.ts';
import { getOb2Issuer } from '../src/domain/credentials/get-ob2-issuer.ts';
import { getBadgeCertificate } from '../src/domain/portfolio/get-badge-certificate.ts';
import { getBadgeFile } from '../src/domain/portfolio/get-badge-file.ts';
import { getBadgeForViewer } from '../src/domain/portfolio/get-badge-for-viewer.ts';
import { getPublicProfile } from '../src/domain/portfolio/get-public-profile.ts';
import { listEarnerEmails } from '../src/domain/portfolio/list-earner-emails.ts';
import { listImportedBadges } from '../src/domain/portfolio/list-imported-badges.ts';
import { listPortfolio } from '../src/domain/portfolio/list-portfolio.ts';
import { viewClaim } from '../src/domain/portfolio/view-claim.ts';
import { listRegistry } from '../src/domain/verification/list-registry.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeAward, makeBadgeClass } from './factories/badges.ts';
import { makeInstitution, makeMember, makeUser } from './factories/organizations.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

describe.each(DIALECTS)('portfolio and badge reads on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
  });
  afterAll(async () => t?.close());

  async function world() {
    const home = await makeInstitution(t.deps);
    const other = await makeInstitution(t.deps);
    const badgeClass = await makeBadgeClass(t.deps, home);
    const earner = await makeUser(t.deps);
    const stranger = await makeUser(t.deps);
    const homeIssuer = await makeMember(t.deps, home, 'issuer');
    const otherIssuer = await makeMember(t.deps, other, 'issuer');
    const otherAdmin = await makeMember(t.deps, other, 'institution_admin');
    const { award: privateAward, claimToken } = await makeAward(t.deps, badgeClass, { email: earner.email, earnerUserId: earner.userId, claimState: 'accepted' });
    return { home, other, badgeClass, earner, stranger, homeIssuer, otherIssuer, otherAdmin, privateAward, claimToken };
  }

  it('lists a portfolio for its earner only; another earner or institution is refused', async () => {
    const w = await world();
    // A badge sent to the earner's address and not yet accepted is in the portfolio too.
    const pending = await makeAward(t.deps, await makeBadgeClass(t.deps, w.home), { email: w.earner.email });
    const mine = await listPortfolio(t.deps, w.earner, { userId: w.earner.userId });
    expect(mine.map((b) => b.award.id).sort()).toEqual([w.privateAward.id, pending.award.id].sort());
    expect(await listPortfolio(t.deps, w.earner)).toHaveLength(2);
    expect(await listPortfolio(t.deps, w.stranger)).toEqual([]);
    for (const who of [w.stranger, w.homeIssuer, w.otherIssuer, w.otherAdmin]) {
      await expect(listPortfolio(t.deps, who, { userId: w.earner.userId })).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(listPortfolio(t.deps, SYSTEM, { userId: w.earner.userId })).resolves.toHaveLength(2);
  });

  it('shows imported badges and extra addresses (the portfolio settings) to their owner only', async () => {
    const w = await world();
    const at = t.deps.clock().toISOString();
    await repos(t.deps.db).earnerEmails.insert({ id: newId(), userId: w.earner.userId, email: `extra-${w.earner.userId}@example.com`, tokenHash: null, verifiedAt: at, at });
    expect((await listEarnerEmails(t.deps, w.earner, { userId: w.earner.userId })).map((e) => e.email)).toEqual([`extra-${w.earner.userId}@example.com`]);
    expect(await listImportedBadges(t.deps, w.earner, { userId: w.earner.userId })).toEqual([]);
    for (const who of [w.stranger, w.otherIssuer, w.homeIssuer]) {
      await expect(listEarnerEmails(t.deps, who, { userId: w.earner.userId })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(listImportedBadges(t.deps, who, { userId: w.earner.userId })).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('shows a private badge to its earner and its institution, and to no one else', async () => {
    const w = await world();
    const input = { awardId: w.privateAward.id };
    expect(await getBadgeForViewer(t.deps, w.earner, input)).toMatchObject({ owner: true, issuer: false, view: { award: { id: w.privateAward.id } } });
    expect(await getBadgeForViewer(t.deps, w.homeIssuer, input)).toMatchObject({ owner: false, issuer: true });
    for (const who of [null, w.stranger, w.otherIssuer, w.otherAdmin]) {
      await expect(getBadgeForViewer(t.deps, who, input)).rejects.toMatchObject({ code: 'not_found' });
      await expect(getBadgeFile(t.deps, who, { ...input, format: 'json' })).rejects.toMatchObject({ code: 'not_found' });
    }
    expect((await getBadgeFile(t.deps, w.earner, { ...input, format: 'json' })).body).toBe(w.privateAward.credential);
    await expect(getBadgeForViewer(t.deps, w.earner, { awardId: 'no-such-award' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('shows a public, accepted badge to anyone', async () => {
    const w = await world();
    const { award } = await makeAward(t.deps, await makeBadgeClass(t.deps, w.home), { email: w.earner.email, earnerUserId: w.earner.userId, claimState: 'accepted', visibility: 'public' });
    for (const who of [null, w.stranger, w.otherIssuer]) expect(await getBadgeForViewer(t.deps, who, { awardId: award.id })).toMatchObject({ owner: false, view: { award: { id: award.id } } });
  });

  it('lists only public, accepted, unrevoked badges on a public profile, whoever looks', async () => {
    const w = await world();
    const pub = await makeAward(t.deps, await makeBadgeClass(t.deps, w.home), { email: w.earner.email, earnerUserId: w.earner.userId, claimState: 'accepted', visibility: 'public' });
    await makeAward(t.deps, await makeBadgeClass(t.deps, w.home), { email: w.earner.email, earnerUserId: w.earner.userId, claimState: 'accepted', visibility: 'public', revokedAt: t.deps.clock().toISOString() });
    for (const who of [null, w.earner, w.stranger, w.otherAdmin, w.homeIssuer]) {
      const profile = await getPublicProfile(t.deps, who, { userId: w.earner.userId });
      expect(profile.name).toBe(w.earner.name);
      expect(profile.badges.map((b) => b.award.id)).toEqual([pub.award.id]);
    }
    await expect(getPublicProfile(t.deps, null, { userId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('opens a claim only with its token', async () => {
    const w = await world();
    expect((await viewClaim(t.deps, null, { token: w.claimToken })).award.id).toBe(w.privateAward.id);
    await expect(viewClaim(t.deps, w.otherIssuer, { token: 'not-the-token' })).rejects.toMatchObject({ code: 'claim_link_invalid' });
  });

  it('serves the hosted OB 2.0 assertion and issuer publicly, but never a declined badge', async () => {
    const w = await world();
    const assertion = await getOb2Assertion(t.deps, null, { awardId: w.privateAward.id });
    expect(assertion).toMatchObject({ id: `${t.deps.config.publicUrl}/ob2/assertions/${w.privateAward.id}` });
    const declined = await makeAward(t.deps, await makeBadgeClass(t.deps, w.home), { email: w.earner.email, claimState: 'declined' });
    for (const who of [null, w.homeIssuer, w.otherIssuer]) await expect(getOb2Assertion(t.deps, who, { awardId: declined.award.id })).rejects.toMatchObject({ code: 'not_found' });
    expect(await getOb2Issuer(t.deps, null, { slug: w.home.slug })).toMatchObject({ name: w.home.name });
    await expect(getOb2Issuer(t.deps, null, { slug: 'no-such-issuer' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await getOb2BadgeClass(t.deps, null, { badgeClassId: w.badgeClass.id })).toMatchObject({ id: `${t.deps.config.publicUrl}/ob2/badge-classes/${w.badgeClass.id}` });
    await expect(getOb2BadgeClass(t.deps, null, { badgeClassId: newId() })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('gives the PDF certificate of a private badge to its earner and issuer only', async () => {
    const w = await world();
    const mine = await getBadgeCertificate(t.deps, w.earner, { awardId: w.privateAward.id });
    expect(mine.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await getBadgeCertificate(t.deps, w.homeIssuer, { awardId: w.privateAward.id })).pdf.length).toBeGreaterThan(0);
    for (const who of [null, w.stranger, w.otherIssuer, w.otherAdmin]) await expect(getBadgeCertificate(t.deps, who, { awardId: w.privateAward.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists only active organizations in the registry, and 404s a program without an endorsement', async () => {
    const active = await makeInstitution(t.deps);
    const inactive = await makeInstitution(t.deps, { status: 'inactive' });
    const slugs = (await listRegistry(t.deps, null)).map((i) => i.slug);
    expect(slugs).toContain(active.slug);
    expect(slugs).not.toContain(inactive.slug);
    const listed = await makeBadgeClass(t.deps, active);
    await expect(getEndorsementCredential(t.deps, null, { programId: listed.programId })).rejects.toMatchObject({ code: 'not_found' });
  });
});
