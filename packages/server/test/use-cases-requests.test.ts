// The read use cases of requests, review, policy and the dashboard: each lets its own people in and keeps
// another institution's actor out (refused, hidden, or shown only their own), on every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../src/domain/actor.ts';
import { getDashboard } from '../src/domain/dashboard/get-dashboard.ts';
import { DomainError } from '../src/domain/errors.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { attachFile } from '../src/domain/programs/attachments.ts';
import { readAttachment } from '../src/domain/programs/read-attachment.ts';
import { getInstitutionRequests } from '../src/domain/programs/get-institution-requests.ts';
import { getRequestForEditing } from '../src/domain/programs/get-request-for-editing.ts';
import { getRequest } from '../src/domain/programs/get-request.ts';
import { listAuthoringInstitutions } from '../src/domain/programs/list-authoring-institutions.ts';
import { listRequests } from '../src/domain/programs/list-requests.ts';
import { getPolicySettings } from '../src/domain/review/get-policy-settings.ts';
import { getReviewQueue } from '../src/domain/review/get-review-queue.ts';
import type { Organization } from '../src/storage/repositories/organizations.ts';
import type { RequestRecord } from '../src/storage/repositories/requests.ts';
import { makeInstitution, makeMember, makeUser } from './factories/organizations.ts';
import { makeListed, makeRequest } from './factories/requests.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

// A complete 1×1 PNG (uploads check the header: signature, IHDR and its CRC).
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6a1c20000000049454e44ae426082', 'hex');

describe.each(DIALECTS)('request and review read use cases (%s)', (dialect) => {
  let t: TestApp;
  let a: Organization;
  let b: Organization;
  let authorA: UserActor;
  let authorB: UserActor;
  let adminB: UserActor;
  let reviewer: UserActor;
  let sysadmin: UserActor;
  let draftA: RequestRecord;
  let submittedA: RequestRecord;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
    const regents = await ensureRegents(t.deps);
    a = await makeInstitution(t.deps);
    b = await makeInstitution(t.deps);
    authorA = await makeMember(t.deps, a, 'program_author');
    authorB = await makeMember(t.deps, b, 'program_author');
    adminB = await makeUser(t.deps, [
      { role: 'institution_admin', organization: b },
      { role: 'issuer', organization: b },
    ]);
    reviewer = await makeMember(t.deps, regents, 'regents_reviewer');
    sysadmin = await makeMember(t.deps, regents, 'system_admin');
    draftA = await makeRequest(t.deps, a, { title: 'Draft of A', createdBy: authorA.userId });
    submittedA = await makeRequest(t.deps, a, { title: 'Submitted by A', state: 'submitted', createdBy: authorA.userId });
  });
  afterAll(async () => t?.close());

  it('getRequest: the institution sees its draft; another institution does not see it, nor its submitted one', async () => {
    expect((await getRequest(t.deps, authorA, draftA.id)).request.title).toBe('Draft of A');
    expect(await codeOf(getRequest(t.deps, authorB, draftA.id))).toBe('not_found');
    expect(await codeOf(getRequest(t.deps, authorB, submittedA.id))).toBe('not_found');
    // Regents staff see submitted requests, never drafts.
    expect(await codeOf(getRequest(t.deps, reviewer, submittedA.id))).toBe('ok');
    expect(await codeOf(getRequest(t.deps, reviewer, draftA.id))).toBe('not_found');
  });

  it('getRequestForEditing: only the institution gets the form with the policy', async () => {
    const { view, policy } = await getRequestForEditing(t.deps, authorA, { requestId: draftA.id });
    expect(view.canEdit).toBe(true);
    expect(policy.narrative_max_chars).toBeGreaterThan(0);
    expect(await codeOf(getRequestForEditing(t.deps, authorB, { requestId: draftA.id }))).toBe('not_found');
  });

  it('listRequests: own institution listed with its name; another institution refused, and sees only its own', async () => {
    const own = await listRequests(t.deps, authorA, { organization: a.slug });
    expect(own.items.map((q) => q.title).sort()).toEqual(['Draft of A', 'Submitted by A']);
    expect(own.items[0]!.institution).toEqual({ id: a.id, slug: a.slug, name: a.name });
    expect(await codeOf(listRequests(t.deps, authorB, { organization: a.slug }))).toBe('forbidden');
    expect((await listRequests(t.deps, authorB, {})).items).toEqual([]);
    // Regents staff see every institution's submitted requests, but no drafts.
    expect((await listRequests(t.deps, reviewer, { organization: a.slug })).items.map((q) => q.id)).toEqual([submittedA.id]);
  });

  it('getInstitutionRequests: groups the institution’s requests; another institution gets only its own, whatever it asks for', async () => {
    const mine = await getInstitutionRequests(t.deps, authorA, {});
    expect(mine.current?.id).toBe(a.id);
    expect(mine.canStart).toBe(true);
    expect(mine.groups.find((g) => g.id === 'yours')!.items.map((q) => q.id)).toEqual([draftA.id]);
    expect(mine.groups.find((g) => g.id === 'regents')!.items.map((q) => q.id)).toEqual([submittedA.id]);
    const other = await getInstitutionRequests(t.deps, authorB, { institution: a.slug });
    expect(other.current?.id).toBe(b.id);
    expect(other.institutions.map((o) => o.id)).toEqual([b.id]);
    expect(other.groups.flatMap((g) => g.items)).toEqual([]);
    expect((await getInstitutionRequests(t.deps, reviewer, {})).current).toBeNull();
  });

  it('listAuthoringInstitutions: only the institutions where the actor authors', async () => {
    expect((await listAuthoringInstitutions(t.deps, authorA)).map((o) => o.id)).toEqual([a.id]);
    expect((await listAuthoringInstitutions(t.deps, authorB)).map((o) => o.id)).toEqual([b.id]);
    expect(await listAuthoringInstitutions(t.deps, reviewer)).toEqual([]);
  });

  it('getReviewQueue: Regents staff only; institutions are refused', async () => {
    const queue = await getReviewQueue(t.deps, reviewer, { tab: 'queue', page: 1 });
    expect(queue.result!.items.map((q) => q.id)).toEqual([submittedA.id]);
    expect(queue.canDecide).toBe(false);
    expect(await codeOf(getReviewQueue(t.deps, authorA, { tab: 'queue', page: 1 }))).toBe('forbidden');
    expect(await codeOf(getReviewQueue(t.deps, adminB, { tab: 'rereview', page: 1 }))).toBe('forbidden');
  });

  it('getReviewQueue: recommendations carry who recommended which way, and the re-review tab lists due programs', async () => {
    const recommended = await makeRequest(t.deps, a, { title: 'Recommended of A', state: 'recommended_approve' });
    const { repos } = await import('../src/storage/repositories/index.ts');
    await repos(t.deps.db).requestEvents.insert({ id: `${recommended.id}-rec`, requestId: recommended.id, at: t.deps.clock().toISOString(), actorUserId: reviewer.userId, action: 'recommend_approve', fromState: 'in_review', toState: 'recommended_approve', comment: 'Strong program' });
    const recs = await getReviewQueue(t.deps, reviewer, { tab: 'recommendations', page: 1 });
    expect(recs.recommendations.get(recommended.id)).toEqual({ by: reviewer.name, toward: 'approval', comment: 'Strong program' });
    const listed = await makeRequest(t.deps, a, { title: 'Listed of A', state: 'listed' });
    await makeListed(t.deps, listed, 5);
    const due = await getReviewQueue(t.deps, reviewer, { tab: 'rereview', page: 1 });
    expect(due.result).toBeNull();
    expect(due.due.map((d) => d.request?.id)).toContain(listed.id);
  });

  it('getPolicySettings: system administrators only', async () => {
    expect((await getPolicySettings(t.deps, sysadmin)).skills_min).toBeGreaterThanOrEqual(0);
    expect(await codeOf(getPolicySettings(t.deps, adminB))).toBe('forbidden');
    expect(await codeOf(getPolicySettings(t.deps, reviewer))).toBe('forbidden');
  });

  it('getDashboard: an institution’s admin sees a part for their institution only', async () => {
    const dash = await getDashboard(t.deps, adminB);
    expect(dash.institutions.map((p) => p.organization.id)).toEqual([b.id]);
    expect(dash.institutions[0]!.stats!.byState).toEqual({});
    expect(dash.institutions[0]!.people).toBe(2); // authorB and adminB
    expect(dash.systemAdmin).toBeNull();
    expect(dash.regents).toBeNull();
    const mine = await getDashboard(t.deps, authorA);
    expect(mine.institutions[0]!.stats!.byState).toMatchObject({ draft: 1, submitted: 1 });
    expect(mine.institutions[0]!.issuing).toBeNull();
  });

  it('readAttachment: the institution reads its file; another institution does not see it', async () => {
    const meta = await attachFile(t.deps, authorA, { requestId: draftA.id, kind: 'badge_image', filename: 'badge.png', data: PNG });
    expect((await readAttachment(t.deps, authorA, meta.id)).meta.contentType).toBe('image/png');
    expect(await codeOf(readAttachment(t.deps, authorB, meta.id))).toBe('not_found');
    expect(await codeOf(readAttachment(t.deps, null, meta.id))).toBe('not_found');
  });
});
