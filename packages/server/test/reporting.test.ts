// Issue #16 items 1–2: the Regents' and an institution's reports. Data is made through the real domain
// operations (issue, accept, decline, revoke, suspend, reinstate, make public, request transitions on both
// paths, inventory listings and revisions, badge page views, verifications, LinkedIn clicks) on a
// controlled clock over several months; then every chart row and tile is compared with a direct count
// over the base tables (plain queries here, independent of the rollups). Also: a rolled-back change
// leaves the rollups alone, the migration's backfill equals the maintained rollups, the filters, who may
// read which report, and bad filters. Both dialects.
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/storage/migrations/index.ts';
import type { UserActor } from '../src/domain/actor.ts';
import { DomainError } from '../src/domain/errors.ts';
import { newId } from '../src/domain/ids.ts';
import { revokeAward, suspendAward, reinstateAward } from '../src/domain/issuance/manage-awards.ts';
import type { Award } from '../src/storage/repositories/awards.ts';
import type { Organization } from '../src/storage/repositories/organizations.ts';
import { acceptAward, declineAward, setAwardVisibility } from '../src/domain/portfolio/portfolio.ts';
import { publishRevision } from '../src/domain/programs/lifecycle.ts';
import { emptyForm } from '../src/domain/programs/form.ts';
import { getInstitutionReport, getRegentsReport, parseReportFilters, type Report, type ReportFilters } from '../src/domain/reporting/index.ts';
import { transitionRequest } from '../src/domain/review/transition.ts';
import { countDueForRereview, programsDueForRereview } from '../src/domain/review/rereview.ts';
import { inTransaction } from '../src/domain/deps.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { rebuildRollups } from '../src/storage/repositories/rollups-backfill.ts';
import { makeAward, makeBadgeClass, type FactoryBadgeClass } from './factories/awards.ts';
import { makeInstitution, makeMember, makeUser, regents } from './factories/organizations.ts';
import { makeProgram } from './factories/programs.ts';
import { makeRequest } from './factories/requests.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { direct, snapshot } from './support/reporting-direct.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const NOW = new Date('2026-09-05T12:00:00.000Z');

describe.each(DIALECTS)('the reports on %s', (dialect) => {
  let t: TestApp;
  let a: Organization;
  let b: Organization;
  let issuerA: UserActor;
  let issuerB: UserActor;
  let authorA: UserActor;
  let reviewer: UserActor;
  let chancellor: UserActor;
  let publicAward: Award;
  const classes: FactoryBadgeClass[] = [];
  const at = (ms: number) => (t.clock.now = new Date(ms));

  /** Runs the operations in time order, each with the clock at its time. */
  async function play(ops: { at: number; run: () => Promise<unknown> }[]): Promise<void> {
    for (const op of ops.sort((x, y) => x.at - y.at)) {
      at(op.at);
      await op.run();
    }
  }

  async function awardsOf(org: Organization, bcs: FactoryBadgeClass[], count: number, issuer: UserActor) {
    const ops: { at: number; run: () => Promise<unknown> }[] = [];
    for (let i = 0; i < count; i++) {
      const issuedAt = T0 + Math.floor((i * 173 * DAY) / count) + (i % 5) * 3_600_000;
      const bc = bcs[i % bcs.length]!;
      const email = `earner-${org.slug}-${i}@reports.example.com`;
      let award: Award | undefined;
      let earner: UserActor | undefined;
      ops.push({
        at: issuedAt,
        run: async () => {
          earner = await makeUser(t.deps, [], { email });
          award = await makeAward(t.deps, issuer, bc, { recipient_email: email, recipient_name: `Earner ${i}` });
        },
      });
      if (i % 3 === 0) ops.push({ at: issuedAt + ((i * 37) % 200) * 3_600_000 + 1, run: () => acceptAward(t.deps, earner!, award!.id) });
      if (i % 6 === 0) ops.push({ at: issuedAt + ((i * 37) % 200) * 3_600_000 + 2, run: () => setAwardVisibility(t.deps, earner!, { awardId: award!.id, visibility: 'public' }) });
      if (i % 7 === 2) ops.push({ at: issuedAt + 5 * DAY, run: () => declineAward(t.deps, earner!, award!.id) });
      if (i % 5 === 4) ops.push({ at: issuedAt + 9 * DAY, run: () => revokeAward(t.deps, issuer, { awardId: award!.id, reason: 'Issued in error' }) });
      if (i % 8 === 1) ops.push({ at: issuedAt + 2 * DAY, run: () => suspendAward(t.deps, issuer, { awardId: award!.id, reason: 'Under review' }) });
      if (i % 16 === 1) ops.push({ at: issuedAt + 4 * DAY, run: () => reinstateAward(t.deps, issuer, { awardId: award!.id, reason: 'Cleared' }) });
      if (i === 0 && org === a) ops.push({ at: issuedAt + 100 * DAY, run: async () => (publicAward = (await repos(t.deps.db).awards.findById(award!.id))!) });
    }
    await play(ops);
  }

  async function requestsOf(org: Organization, author: UserActor, plans: { endorsed: boolean; steps: [day: number, action: string, comment?: string][] }[]) {
    const ops: { at: number; run: () => Promise<unknown> }[] = [];
    for (const [k, p] of plans.entries()) {
      let id = '';
      const skills = [...[['Welding', 'Blueprint reading'], ['Nursing', 'Patient care', 'Nursing'], ['Welding', 'Safety']][k % 3]!, 'Teamwork', 'Communication', 'Problem solving']; // the rules want five
      ops.push({ at: T0 + k * 3_600_000, run: async () => (id = (await makeRequest(t.deps, org, { endorsementRequested: p.endorsed, createdBy: author.userId, form: { skills, partners: [{ name: `Partner ${k % 2}`, role: 'Employer', letter_attachment_id: null }] } })).id) });
      for (const [day, action, comment] of p.steps) {
        const by = ['submit', 'resubmit', 'withdraw'].includes(action) ? author : ['approve', 'deny'].includes(action) ? chancellor : reviewer;
        ops.push({ at: T0 + day * DAY + k * 3_600_000 + 7 * 60_000 * (action.length % 5), run: () => transitionRequest(t.deps, by, { requestId: id, action, ...(comment ? { comment } : {}) }) });
      }
    }
    await play(ops);
  }

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
    await ensureRegents(t.deps);
    at(T0 - 10 * DAY);
    a = await makeInstitution(t.deps, { name: 'Alpha College' });
    b = await makeInstitution(t.deps, { name: 'Beta University' });
    const r = await regents(t.deps);
    issuerA = await makeMember(t.deps, a, 'issuer');
    issuerB = await makeMember(t.deps, b, 'issuer');
    authorA = await makeMember(t.deps, a, 'program_author');
    const authorB = await makeMember(t.deps, b, 'program_author');
    reviewer = await makeMember(t.deps, r, 'regents_reviewer');
    chancellor = await makeMember(t.deps, r, 'chancellor');
    classes.push(await makeBadgeClass(t.deps, a, { name: 'Alpha Welding' }), await makeBadgeClass(t.deps, a, { name: 'Alpha Nursing', expiresAfterMonths: 6 }), await makeBadgeClass(t.deps, a, { name: 'Alpha Safety', expiresAfterMonths: 7 }));
    const bcB = await makeBadgeClass(t.deps, b, { name: 'Beta Coding', expiresAfterMonths: 12 });
    await awardsOf(a, classes, 30, issuerA);
    await awardsOf(b, [bcB], 8, issuerB);
    await requestsOf(a, authorA, [
      { endorsed: true, steps: [[1, 'submit'], [4, 'start_review'], [30, 'request_changes', 'Add outcomes.'], [39, 'resubmit'], [41, 'start_review'], [60, 'recommend_approve'], [79, 'approve']] },
      { endorsed: false, steps: [[31, 'submit'], [32, 'start_review'], [90, 'list']] },
      { endorsed: false, steps: [[62, 'submit'], [70, 'start_review'], [150, 'reject', 'Not a fit.']] },
      { endorsed: true, steps: [[95, 'submit'], [99, 'withdraw']] },
    ]);
    await requestsOf(b, authorB, [
      { endorsed: true, steps: [[2, 'submit'], [3, 'start_review'], [33, 'recommend_deny', 'Thin evidence.'], [160, 'deny', 'Denied.']] },
      { endorsed: true, steps: [[140, 'submit'], [170, 'start_review']] },
      { endorsed: false, steps: [[10, 'submit'], [11, 'start_review'], [12, 'list']] },
    ]);
    // The inventory: listings with several focus areas, skills and partners; one revised, one suspended.
    at(T0 + 20 * DAY);
    const partners = (names: string[]) => names.map((name) => ({ name, role: 'Employer', letter_attachment_id: null }));
    const p1 = await makeProgram(t.deps, a, { endorsement: 'endorsed', form: { credential_type: 'certificate', level: 'advanced', focus_areas: ['career_preparation', 'workforce_need'], skills: ['Welding', 'Safety'], partners: partners(['Acme Steel', 'Red Dirt Energy']) } });
    await makeProgram(t.deps, a, { form: { credential_type: 'micro_credential', level: 'foundational', focus_areas: ['career_preparation'], skills: ['Welding'], partners: partners(['Acme Steel']) } });
    await makeProgram(t.deps, b, { endorsement: 'endorsed', form: { credential_type: 'micro_credential', level: null, focus_areas: ['global_competency'], skills: ['Coding', 'Safety'], partners: partners(['Tulsa Tech Co']) } });
    await makeProgram(t.deps, b, { state: 'suspended', form: { credential_type: 'degree', focus_areas: ['workforce_need'], skills: ['Gone'], partners: partners(['Nobody']) } });
    at(T0 + 40 * DAY);
    const rev2 = newId();
    const form2 = { ...emptyForm(), title: p1.title, narrative: 'Revised.', credential_type: 'certificate' as const, level: 'intermediate' as const, focus_areas: ['innovation_leadership' as const], skills: ['Welding', 'Leadership'], partners: partners(['Acme Steel']) };
    await repos(t.deps.db).revisions.insert({ id: rev2, programId: p1.id, number: 2, title: p1.title, form: form2, createdBy: null, at: t.clock.now.toISOString() });
    await inTransaction(t.deps, (tr) => publishRevision(tr, { programId: p1.id, revisionId: rev2, endorsement: 'endorsed', at: t.clock.now.toISOString(), rereviewMonths: 12 }));
    await repos(t.deps.db).programs.update(p1.id, { rereview_due_at: '2026-09-20T00:00:00.000Z' });
    // Badge engagement, counted through the routes (anonymous visitors).
    at(Date.parse('2026-08-14T10:00:00.000Z'));
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ method: 'GET', url: `/badges/${publicAward.id}` })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: JSON.parse(publicAward.credential) } })).statusCode).toBe(200);
    at(Date.parse('2026-07-03T10:00:00.000Z'));
    const hop = await t.app.inject({ method: 'GET', url: `/badges/${publicAward.id}/linkedin` });
    expect(hop.statusCode).toBe(303);
    expect(new URL(hop.headers.location as string).origin).toBe('https://www.linkedin.com');
    at(NOW.getTime());
  }, 240_000);

  afterAll(async () => {
    await t?.close();
  });

  const filters = (q: Record<string, string> = {}) => parseReportFilters({ from: '2026-03', to: '2026-09', ...q }, NOW);
  const tile = (r: Report, id: string) => r.tiles.find((x) => x.id === id)!.value;
  const chart = (r: Report, id: string) => r.charts.find((c) => c.id === id)!;

  it('the institution report: every chart row and tile equals a direct count over awards', async () => {
    const f = filters();
    const report = await getInstitutionReport(t.deps, issuerA, a.id, f);
    const want = await direct(t.deps.db).institution(a.id, f, NOW);
    for (const [id, value] of Object.entries(want.tiles)) expect([id, tile(report, id)]).toEqual([id, value]);
    for (const [id, rows] of Object.entries(want.charts)) expect([id, chart(report, id).rows]).toEqual([id, rows]);
    expect(report.charts.map((c) => c.id)).toEqual(['badges-issued', 'claim-rate', 'public-share', 'declines-revocations', 'expiries-due', 'badge-engagement']);
    for (const c of report.charts) expect([c.id, c.rows.length > 0]).toEqual([c.id, true]);
    // The figures are not trivial: each kind of change happened.
    expect(want.tiles['declined']).toBeGreaterThan(0);
    expect(want.tiles['revoked']).toBeGreaterThan(0);
    expect(want.tiles['expiring-30']).toBeGreaterThan(0);
    expect(tile(report, 'page-views')).toBe(3);
    expect(tile(report, 'verifications')).toBe(2);
    expect(tile(report, 'linkedin-clicks')).toBe(1);
    expect(chart(report, 'badges-issued').summary).toMatch(/^30 badges issued from Mar 2026 to Sep 2026; most in /);
  });

  it('the Regents report: every chart row and tile equals a direct count over requests, events, the inventory and awards', async () => {
    for (const q of [{}, { institution: a.id }, { endorsement: 'endorsed' }, { endorsement: 'not_endorsed', institution: b.id }, { from: '2026-04', to: '2026-05' }] as Record<string, string>[]) {
      const f = filters(q);
      const report = await getRegentsReport(t.deps, reviewer, f);
      const want = await direct(t.deps.db).regents(f, NOW);
      for (const [id, value] of Object.entries(want.tiles)) expect([JSON.stringify(q), id, tile(report, id)]).toEqual([JSON.stringify(q), id, value]);
      for (const [id, rows] of Object.entries(want.charts)) expect([JSON.stringify(q), id, chart(report, id).rows]).toEqual([JSON.stringify(q), id, rows]);
    }
    const all = await getRegentsReport(t.deps, chancellor, filters());
    for (const c of all.charts) expect([c.id, c.rows.length > 0]).toEqual([c.id, true]);
    expect(tile(all, 'requests-submitted')).toBe(7);
    expect(tile(all, 'rereviews-due')).toBe(1);
    // The dashboard's figure is the same count (index-backed), and agrees with the list the re-review queue shows.
    expect(await countDueForRereview(t.deps)).toBe((await programsDueForRereview(t.deps)).length);
    expect(chart(all, 'time-to-decision').rows.find((r) => r.path === 'Endorsed path' && r.stage === 'Submission → decision')!.decisions).toBe(2);
  });

  it('a date range narrows the institution report; months without badges are zero rows', async () => {
    const f = filters({ from: '2026-05', to: '2026-06' });
    const report = await getInstitutionReport(t.deps, reviewer, a.id, f);
    const want = await direct(t.deps.db).institution(a.id, f, NOW);
    for (const [id, value] of Object.entries(want.tiles)) expect([id, tile(report, id)]).toEqual([id, value]);
    for (const [id, rows] of Object.entries(want.charts)) expect([id, chart(report, id).rows]).toEqual([id, rows]);
    const late = await getInstitutionReport(t.deps, issuerA, a.id, filters({ from: '2026-09', to: '2026-10' }));
    expect(chart(late, 'badges-issued').rows).toEqual([]);
    expect(chart(late, 'badges-issued').empty).toBe('No badge was issued from Sep 2026 to Oct 2026.');
    const b1 = await getInstitutionReport(t.deps, issuerB, b.id, filters({ from: '2026-01' }));
    expect(chart(b1, 'badges-issued').rows.filter((r) => r.month === '2026-01')).toEqual([{ month: '2026-01', badge_class: 'Beta Coding', issued: 0 }]);
  });

  it('a change in a transaction that rolls back leaves the rollups as they were', async () => {
    const before = await snapshot(t.deps.db);
    const live = await t.deps.db.selectFrom('awards').select('id').where('organization_id', '=', a.id).where('revoked_at', 'is', null).where('claim_state', '=', 'pending').executeTakeFirstOrThrow();
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await repos(trx).awards.setRevoked(live.id, NOW.toISOString(), 'test');
        await repos(trx).awards.setVisibility(live.id, 'public', NOW.toISOString());
        await repos(trx).inventory.remove((await trx.selectFrom('inventory_entries').select('program_id').executeTakeFirstOrThrow()).program_id);
        expect(await snapshot(trx)).not.toEqual(before);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await snapshot(t.deps.db)).toEqual(before);
  });

  it('the backfill the migration runs gives the rollups the writers kept', async () => {
    const kept = await snapshot(t.deps.db);
    await t.deps.db.transaction().execute(async (trx) => {
      for (const table of ['report_award_months', 'report_claim_days', 'report_expiries', 'report_request_months', 'report_decision_hours', 'report_program_stock', 'report_program_values'] as const) await trx.deleteFrom(table).execute();
      expect((await snapshot(trx))['report_award_months']).toEqual([]);
      await rebuildRollups(trx);
    });
    expect(await snapshot(t.deps.db)).toEqual(kept);
    expect(kept['report_award_months']!.length).toBeGreaterThan(10);
  });

  it('who may read which report', async () => {
    const f = filters();
    const no = async (p: Promise<unknown>) => expect(await p.then(() => 'allowed', (e: unknown) => (e instanceof DomainError ? e.code : String(e)))).toBe('forbidden');
    await no(getRegentsReport(t.deps, issuerA, f));
    await no(getRegentsReport(t.deps, authorA, f));
    await no(getInstitutionReport(t.deps, issuerB, a.id, f));
    await no(getInstitutionReport(t.deps, authorA, a.id, f));
    const admin = await makeMember(t.deps, a, 'institution_admin');
    expect((await getInstitutionReport(t.deps, admin, a.id, f)).charts.length).toBe(6);
    expect((await getInstitutionReport(t.deps, chancellor, a.id, f)).charts.length).toBe(6);
    const sys = await makeUser(t.deps, [{ role: 'system_admin', organization: await regents(t.deps) }]);
    expect((await getRegentsReport(t.deps, sys, f)).charts.length).toBe(9);
    await expect(getRegentsReport(t.deps, reviewer, { ...f, institutionId: 'no-such-org' })).rejects.toMatchObject({ code: 'validation_failed', fields: { institution: expect.any(String) } });
    await expect(getInstitutionReport(t.deps, reviewer, 'no-such-org', f)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a verification of a credential that is not one of ours counts nothing', async () => {
    const before = await snapshot(t.deps.db);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: { ...JSON.parse(publicAward.credential), id: 'urn:uuid:00000000-0000-4000-8000-000000000000' } } });
    expect(res.statusCode).toBe(200);
    expect(await snapshot(t.deps.db)).toEqual(before);
  });

  it('migration 0019 run on a database that already holds awards, requests and programs fills its rollups from them', async () => {
    const kept = await snapshot(t.deps.db);
    const migrator = new Migrator({ db: t.deps.db, provider: { getMigrations: async () => migrations } });
    // Down to just before 0019 (the later migrations come off first), then up again.
    const down = await migrator.migrateTo('20261201_0018_award_register');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => `${r.migrationName} ${r.status}`)).toContain('20261201_0019_reporting Success');
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results?.map((r) => `${r.migrationName} ${r.status}`)).toContain('20261201_0019_reporting Success');
    // Badge events have no base rows: going down dropped them, and nothing can count them again.
    expect({ ...(await snapshot(t.deps.db)), report_badge_events: [] }).toEqual({ ...kept, report_badge_events: [] });
  });
});

describe('report filters', () => {
  const now = new Date('2026-09-10T12:00:00.000Z');
  const bad = (q: Record<string, unknown>) => {
    try {
      parseReportFilters(q, now);
    } catch (e) {
      return e instanceof DomainError ? { code: e.code, fields: e.fields } : e;
    }
    return 'accepted';
  };

  it('defaults to the twelve months up to now, and reads institution and endorsement', () => {
    expect(parseReportFilters({}, now)).toEqual({ from: '2025-10', to: '2026-09' });
    expect(parseReportFilters({ to: '2026-02' }, now)).toEqual({ from: '2025-03', to: '2026-02' });
    expect(parseReportFilters({ from: '2026-12' }, now)).toEqual({ from: '2026-12', to: '2026-12' });
    expect(parseReportFilters({ from: '2022-10', to: '2027-09', institution: 'abc-123', endorsement: 'endorsed' }, now)).toEqual({ from: '2022-10', to: '2027-09', institutionId: 'abc-123', endorsement: 'endorsed' });
    expect(parseReportFilters({ endorsement: 'all', institution: '' }, now)).toEqual({ from: '2025-10', to: '2026-09' });
  });

  it('names each bad field', () => {
    expect(bad({ from: '2026-13' })).toMatchObject({ code: 'validation_failed', fields: { from: expect.stringContaining('YYYY-MM') } });
    expect(bad({ to: 'Sept' })).toMatchObject({ code: 'validation_failed', fields: { to: expect.stringContaining('YYYY-MM') } });
    expect(bad({ from: '2026-05', to: '2026-04' })).toMatchObject({ fields: { to: 'Choose a month on or after the “from” month.' } });
    expect(bad({ from: '2021-09', to: '2026-09' })).toMatchObject({ fields: { from: 'Choose a range of at most 60 months.' } });
    expect(bad({ from: '2021-10', to: '2026-09' })).toBe('accepted');
    expect(bad({ endorsement: 'maybe', institution: 'a b' })).toMatchObject({ fields: { endorsement: expect.any(String), institution: expect.any(String) } });
  });
});
