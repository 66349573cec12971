// The issuing use cases behind the pages and the awards API: each answers the actor's own institution
// and refuses (or leaves out) another institution's data. Built from factories, on every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../src/domain/actor.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { createBatch } from '../src/domain/issuance/batches.ts';
import { getAward, getAwardDetail } from '../src/domain/issuance/get-award.ts';
import { getBadgeClassForIssuer } from '../src/domain/issuance/get-badge-class-for-issuer.ts';
import { listAwardRegister } from '../src/domain/issuance/award-register.ts';
import { getBatchDetail } from '../src/domain/issuance/get-batch-detail.ts';
import { getIssuingOverview } from '../src/domain/issuance/get-issuing-overview.ts';
import { issueAwardRequests } from '../src/domain/issuance/issue-award-requests.ts';
import { listIssuableBadgeClasses } from '../src/domain/issuance/list-issuable-badge-classes.ts';
import { listIssuingOrganizations } from '../src/domain/issuance/list-issuing-organizations.ts';
import { runIdempotent } from '../src/domain/issuance/run-idempotent.ts';
import type { Organization } from '../src/domain/issuance/types.ts';
import { makeAward, makeBadgeClass, type FactoryBadgeClass } from './factories/awards.ts';
import { makeInstitution, makeMember, makeUser } from './factories/organizations.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';

describe.each(DIALECTS)('issuing use cases on %s', (dialect) => {
  let t: TestApp;
  let ours: Organization;
  let theirs: Organization;
  let issuer: UserActor;
  let otherIssuer: UserActor;
  let earner: UserActor;
  let bc: FactoryBadgeClass;
  let theirBc: FactoryBadgeClass;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false, env: { LAUREL_SIGNING_THREADS: '0' } });
    await ensureRegents(t.deps);
    ours = await makeInstitution(t.deps);
    theirs = await makeInstitution(t.deps);
    issuer = await makeMember(t.deps, ours, 'issuer');
    otherIssuer = await makeMember(t.deps, theirs, 'issuer');
    earner = await makeUser(t.deps);
    bc = await makeBadgeClass(t.deps, ours, { expiresAfterMonths: 24 });
    theirBc = await makeBadgeClass(t.deps, theirs);
  });
  afterAll(async () => t?.close());

  it('listIssuingOrganizations: one’s own institutions; nobody else issues', async () => {
    expect((await listIssuingOrganizations(t.deps, issuer)).map((o) => o.id)).toEqual([ours.id]);
    await expect(listIssuingOrganizations(t.deps, earner)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('listIssuableBadgeClasses: the actor’s classes only; another institution’s are refused', async () => {
    const groups = await listIssuableBadgeClasses(t.deps, issuer);
    expect(groups.map((g) => g.organization.id)).toEqual([ours.id]);
    expect(groups[0]!.badgeClasses.map((c) => c.id)).toEqual([bc.id]);
    await expect(listIssuableBadgeClasses(t.deps, issuer, { organizationId: theirs.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listIssuableBadgeClasses(t.deps, earner)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('getIssuingOverview: counts per class of one’s own institution', async () => {
    await makeAward(t.deps, issuer, bc);
    const sections = await getIssuingOverview(t.deps, issuer);
    expect(sections.map((s) => s.organization.id)).toEqual([ours.id]);
    expect(sections[0]!.counts.get(bc.id)?.issued).toBeGreaterThan(0);
    expect((await getIssuingOverview(t.deps, otherIssuer)).flatMap((s) => s.badgeClasses.map((c) => c.id))).not.toContain(bc.id);
    await expect(getIssuingOverview(t.deps, earner)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('getBadgeClassForIssuer: another institution’s class is not found', async () => {
    expect((await getBadgeClassForIssuer(t.deps, issuer, bc.id)).badgeClass.id).toBe(bc.id);
    await expect(getBadgeClassForIssuer(t.deps, otherIssuer, bc.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getBadgeClassForIssuer(t.deps, earner, bc.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('listAwardRegister: one’s own institution’s awards; another institution is forbidden; bad filters are field errors', async () => {
    const a = await makeAward(t.deps, issuer, bc, { issuer_earner_id: 'LIST-1' });
    const mine = await listAwardRegister(t.deps, issuer, { q: 'LIST-1' });
    expect(mine.items.map((x) => x.award.id)).toEqual([a.id]);
    const filtered = await listAwardRegister(t.deps, issuer, { badge_class_id: bc.id, status: 'pending' });
    expect(filtered.filters).toMatchObject({ badge_class_id: bc.id, status: 'pending' });
    await expect(listAwardRegister(t.deps, issuer, { badge_class_id: theirBc.id, status: 'nonsense' })).rejects.toMatchObject({ code: 'validation_failed', fields: { badge_class_id: expect.any(String), status: expect.any(String) } });
    await expect(listAwardRegister(t.deps, otherIssuer, { institution: ours.slug, q: 'LIST-1' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await listAwardRegister(t.deps, otherIssuer, { q: 'LIST-1' })).items).toEqual([]);
    await expect(listAwardRegister(t.deps, earner, {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('getAward / getAwardDetail: with names, status and history; another institution gets not found', async () => {
    const a = await makeAward(t.deps, issuer, bc);
    const view = await getAward(t.deps, issuer, a.id);
    expect(view).toMatchObject({ badgeClassName: bc.name, institution: ours.slug, status: 'pending' });
    const detail = await getAwardDetail(t.deps, issuer, a.id);
    expect(detail.history.map((e) => e.action)).toContain('award.issued');
    await expect(getAward(t.deps, otherIssuer, a.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getAwardDetail(t.deps, otherIssuer, a.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('getBatchDetail: the upload with its rows; another institution gets not found', async () => {
    const b = await createBatch(t.deps, issuer, { badgeClassId: bc.id, filename: 'u.csv', csv: 'recipient_email,recipient_name\nu1@example.com,U One\nbad,U Two\n' });
    const d = await getBatchDetail(t.deps, issuer, b.id, { onlyProblems: false, page: 1, perPage: 100 });
    expect(d).toMatchObject({ badgeClassName: bc.name, total: 2, progress: { total: 2, invalid: 1 } });
    expect((await getBatchDetail(t.deps, issuer, b.id, { onlyProblems: true, page: 1, perPage: 100 })).rows.map((r) => r.status)).toEqual(['invalid']);
    await expect(getBatchDetail(t.deps, otherIssuer, b.id, { onlyProblems: false, page: 1, perPage: 100 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('issueAwardRequests: another institution’s class is refused per item in a batch, thrown for one', async () => {
    const requests = [
      { badge_class_id: bc.id, recipient_email: 'req1@example.com', recipient_name: 'Req One', suppress_notification: true },
      { badge_class_id: theirBc.id, recipient_email: 'req2@example.com', recipient_name: 'Req Two', suppress_notification: true },
    ];
    const res = await issueAwardRequests(t.deps, issuer, { requests, perItemErrors: true });
    expect(res.map((x) => x.ok)).toEqual([true, false]);
    expect(res[1]).toMatchObject({ ok: false, code: 'forbidden' });
    await expect(issueAwardRequests(t.deps, otherIssuer, { requests: [requests[0]!], perItemErrors: false })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('runIdempotent: replays for the same caller and request, refuses another request, keeps callers apart', async () => {
    let runs = 0;
    const run = async () => ({ status: 201, payload: { n: ++runs } });
    const first = await runIdempotent(t.deps, issuer, { area: 'test', key: 'k', request: { a: 1 } }, run);
    const again = await runIdempotent(t.deps, issuer, { area: 'test', key: 'k', request: { a: 1 } }, run);
    expect(first).toMatchObject({ status: 201, payload: { n: 1 }, replayed: false });
    expect(again).toMatchObject({ status: 201, payload: { n: 1 }, replayed: true });
    await expect(runIdempotent(t.deps, issuer, { area: 'test', key: 'k', request: { a: 2 } }, run)).rejects.toMatchObject({ code: 'idempotency_conflict' });
    // The same key from another institution's issuer is theirs: it runs, and sees nothing of ours.
    expect(await runIdempotent(t.deps, otherIssuer, { area: 'test', key: 'k', request: { a: 1 } }, run)).toMatchObject({ payload: { n: 2 }, replayed: false });
    // A failed run frees the key.
    await expect(runIdempotent(t.deps, issuer, { area: 'test', key: 'f', request: {} }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await runIdempotent(t.deps, issuer, { area: 'test', key: 'f', request: {} }, run)).toMatchObject({ replayed: false });
  });
});
