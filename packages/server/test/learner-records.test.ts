// Learner records (CLR 2.0) on every dialect: the use cases (who may, which badges, the signed record as
// stored, its audit event), the record through Laurel's verifier and the Digital Bazaar libraries, the
// portfolio import of a CLR (JSON and baked PNG), and the pages and API through app.inject().
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { createDocumentLoader, extractPng, validateClrSchema } from '@laurel/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM, type UserActor } from '../src/domain/actor.ts';
import { organizationDid } from '../src/domain/credentials/did.ts';
import { localResolver } from '../src/domain/credentials/resolver.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { revokeAward } from '../src/domain/issuance/manage-awards.ts';
import { createLearnerRecord } from '../src/domain/portfolio/create-learner-record.ts';
import { getLearnerRecord, getLearnerRecordFile, verifyLearnerRecord } from '../src/domain/portfolio/get-learner-record.ts';
import { exportPortfolioZip, importExternalBadges } from '../src/domain/portfolio/import-export.ts';
import { strFromU8, unzipSync } from 'fflate';
import { listLearnerRecords } from '../src/domain/portfolio/list-learner-records.ts';
import { acceptAward } from '../src/domain/portfolio/portfolio.ts';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { createUser } from '../src/domain/accounts/users.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

async function badgeClassOf(t: TestApp, slug: string, index = 0) {
  const r = repos(t.deps.db);
  const org = (await r.organizations.findBySlug(slug))!;
  return (await r.badgeClasses.listForOrganization(org.id))[index]!;
}

async function userActor(t: TestApp, email: string): Promise<UserActor> {
  const u = (await repos(t.deps.db).users.findByEmail(email))!;
  return (await actorForUser(t.deps, u.id))!;
}

describe.each(DIALECTS)('learner records (CLR 2.0) on %s', (dialect) => {
  let t: TestApp;
  let student: UserActor;
  let accepted: string[];
  let pendingId: string;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_SIGNING_THREADS: '0' } });
    student = await userActor(t, 'student@example.com');
    const issue = async (slug: string, index = 0) => issueAward(t.deps, SYSTEM, { badgeClassId: (await badgeClassOf(t, slug, index)).id, raw: { recipient_email: 'student@example.com', recipient_name: 'Alex Rivera' } });
    // Two institutions, so the record spans them; a revoked and a pending badge stay out of it.
    const a = await issue('red-river');
    const b = await issue('prairie-state');
    const revoked = await issue('northern-plains');
    const pending = await issue('red-river', 1);
    for (const x of [a, b, revoked]) await acceptAward(t.deps, student, x.id);
    await revokeAward(t.deps, SYSTEM, { awardId: revoked.id, reason: 'Issued in error' });
    accepted = [a.id, b.id];
    pendingId = pending.id;
  });
  afterAll(async () => t?.close());

  async function earner(email: string): Promise<UserActor> {
    await createUser(t.deps, SYSTEM, { email, name: 'Other Earner', password: DEMO_PASSWORD, role: 'earner' });
    return userActor(t, email);
  }

  it('offers only accepted badges that are still valid', async () => {
    const { badges, records } = await listLearnerRecords(t.deps, student);
    expect(badges.map((v) => v.award.id).sort()).toEqual([...accepted].sort());
    expect(badges.map((v) => v.award.id)).not.toContain(pendingId);
    expect(records).toEqual([]);
  });

  it('makes a record of all of them: a ClrCredential signed by the State Regents, badges embedded as stored, audited', async () => {
    const record = await createLearnerRecord(t.deps, student, {});
    expect(record.partial).toBe(false);
    expect(record.badgeCount).toBe(2);
    const clr = JSON.parse(record.credential) as Record<string, any>;
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(clr.issuer.id).toBe(organizationDid(t.config, 'regents'));
    expect(validateClrSchema(clr, { tolerateCompacted: false })).toEqual({ valid: true, compacted: false, errors: [] });
    const r = repos(t.deps.db);
    const stored = await Promise.all(record.awardIds.map(async (id) => (await r.awards.findById(id))!.credential));
    expect(clr.credentialSubject.verifiableCredential.map((c: unknown) => JSON.stringify(c))).toEqual(stored);
    expect((await r.learnerRecords.findById(record.id))?.credential).toBe(record.credential);
    const events = await t.deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', record.id).execute();
    expect(events.map((e) => e.action)).toEqual(['learner_record.created']);
  });

  it('makes a partial record of the chosen badges', async () => {
    const record = await createLearnerRecord(t.deps, student, { awardIds: [accepted[1]!] });
    expect(record).toMatchObject({ partial: true, badgeCount: 1, awardIds: [accepted[1]] });
    expect((JSON.parse(record.credential) as { partial: boolean }).partial).toBe(true);
    const { records } = await listLearnerRecords(t.deps, student);
    expect(records[0]!.id).toBe(record.id);
  });

  it('refuses an empty choice, a badge that is not an accepted valid one of theirs, and an earner without badges', async () => {
    const refused = { code: 'learner_record_no_badges', fields: { badges: expect.any(String) } };
    await expect(createLearnerRecord(t.deps, student, { awardIds: [] })).rejects.toMatchObject(refused);
    await expect(createLearnerRecord(t.deps, student, { awardIds: [pendingId] })).rejects.toMatchObject(refused);
    const other = await earner(`nobadges-${dialect}@example.com`);
    await expect(createLearnerRecord(t.deps, other, {})).rejects.toMatchObject(refused);
  });

  it("keeps a record from anyone but its earner (not found)", async () => {
    const { records } = await listLearnerRecords(t.deps, student);
    const other = await userActor(t, 'issuer@redriver.example.edu');
    await expect(getLearnerRecord(t.deps, other, { id: records[0]!.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(getLearnerRecordFile(t.deps, other, { id: records[0]!.id, format: 'json' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it("verifies in Laurel's verifier: the record and each badge, every issuer in the registry", async () => {
    const { records } = await listLearnerRecords(t.deps, student);
    const all = records.find((x) => !x.partial)!;
    const result = await verifyLearnerRecord(t.deps, student, { id: all.id });
    expect(result.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(result.outcome).toBe('verified');
    expect(result.issuer).toMatchObject({ known: true, slug: 'regents' });
    expect(result.embedded?.map((e) => [e.outcome, e.issuer.known])).toEqual([['verified', true], ['verified', true]]);
    expect(result.checks.find((c) => c.id === 'credentials')?.message).toMatch(/^2 of 2 credentials verified/);
  });

  it('verifies with the Digital Bazaar libraries called directly (DIDs from the database), and a tampered record fails', async () => {
    const { records } = await listLearnerRecords(t.deps, student);
    const clr = JSON.parse(records.find((x) => !x.partial)!.credential) as Record<string, any>;
    const resolver = localResolver(t.deps);
    const documentLoader = createDocumentLoader({
      resolve: async (url) => {
        // The badges' revocation lists, as Laurel serves them (signed by their institution).
        if (url.startsWith('http')) {
          const list = await resolver.fetchStatusList!(url);
          return typeof list === 'string' ? JSON.parse(list) : list;
        }
        const did = url.split('#')[0]!;
        const doc = (await resolver.resolveDid!(did)) as { '@context': unknown; verificationMethod: Array<{ id: string }> };
        if (url === did) return doc;
        const vm = doc.verificationMethod.find((m) => m.id === url);
        return vm ? { '@context': doc['@context'], ...vm } : undefined;
      },
    });
    const verify = (credential: object) => vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, checkStatus });
    const outer = await verify(clr);
    expect(outer.error).toBeUndefined();
    expect(outer.verified).toBe(true);
    for (const inner of clr.credentialSubject.verifiableCredential) expect((await verify(inner)).verified).toBe(true);
    const tampered = structuredClone(clr);
    tampered.credentialSubject.verifiableCredential[0].credentialSubject.achievement.name = 'Doctor of Everything';
    expect((await verify(tampered)).verified).toBe(false);
    expect((await verify({ ...clr, name: 'Learner record of someone else' })).verified).toBe(false);
  });

  it('downloads the record as signed, and as a PNG with it baked in', async () => {
    const { records } = await listLearnerRecords(t.deps, student);
    const json = await getLearnerRecordFile(t.deps, student, { id: records[0]!.id, format: 'json' });
    expect(json.body).toBe(records[0]!.credential);
    const png = await getLearnerRecordFile(t.deps, student, { id: records[0]!.id, format: 'png' });
    expect(extractPng(png.body as Buffer)?.payload).toBe(records[0]!.credential);
  });

  it('the portfolio zip carries each learner record as signed, listed in the manifest', async () => {
    const { records } = await listLearnerRecords(t.deps, student);
    const files = unzipSync(new Uint8Array(await exportPortfolioZip(t.deps, student)));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { learner_records: Array<{ id: string; file: string }> };
    expect(manifest.learner_records.map((r) => r.id)).toEqual(records.map((r) => r.id));
    for (const r of records) expect(strFromU8(files[`learner-records/${r.id}.json`]!)).toBe(r.credential);
  });

  it('imports a CLR into another portfolio as its badges, once; a tampered one is refused; the earner’s own are skipped', async () => {
    const { records } = await listLearnerRecords(t.deps, student);
    const all = records.find((x) => !x.partial)!;
    const other = await earner(`importer-${dialect}@example.com`);
    const png = (await getLearnerRecordFile(t.deps, student, { id: all.id, format: 'png' })).body as Buffer;
    const first = await importExternalBadges(t.deps, other, { bytes: png });
    expect(first.record).toMatchObject({ skipped: 0 });
    expect(first.badges.map((e) => [e.outcome, e.credential])).toEqual((JSON.parse(all.credential).credentialSubject.verifiableCredential as unknown[]).map((c) => ['verified', JSON.stringify(c)]));
    const again = await importExternalBadges(t.deps, other, { text: all.credential });
    expect(again).toMatchObject({ badges: [], record: { skipped: 2 } });
    const own = await importExternalBadges(t.deps, student, { text: all.credential });
    expect(own).toMatchObject({ badges: [], record: { skipped: 2 } });
    const tampered = JSON.parse(all.credential) as Record<string, any>;
    tampered.credentialSubject.verifiableCredential[1].validFrom = '2020-01-01T00:00:00Z';
    await expect(importExternalBadges(t.deps, other, { text: JSON.stringify(tampered) })).rejects.toMatchObject({ code: 'badge_import_failed', fields: { file: expect.stringMatching(/learner record did not verify/) } });
  });

  it('pages: the form with its empty state and errors, create, the record page, downloads, and the verifier page', async () => {
    const c = await signedIn(t.app, 'student@example.com');
    const page = await c.get('/portfolio/learner-record');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Learner record (CLR)</h1>');
    expect(page.body).toContain(`value="${accepted[0]}"`);
    expect(page.body).not.toContain(`value="${pendingId}"`);
    const bad = await c.post('/portfolio/learner-record', { scope: 'chosen' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/usa-error-message[^>]*>Choose at least one badge, or all of them\./);
    expect(bad.body).toContain('id="scope-chosen" type="radio" name="scope" value="chosen" checked');
    const made = await c.post('/portfolio/learner-record', { scope: 'chosen', badges: [accepted[0]!] });
    expect(made.statusCode).toBe(303);
    const at = String(made.headers.location);
    expect(at).toMatch(/^\/portfolio\/learner-records\/[0-9a-f-]{36}$/);
    const shown = await c.get(at);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('This learner record is genuine');
    expect(shown.body).toContain('Badges in this learner record');
    const json = await c.get(`${at}/clr.json`);
    expect(json.headers['content-type']).toMatch(/^application\/vc\+ld\+json/);
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="learner-record-.*\.json"$/);
    expect(JSON.parse(json.body).type).toEqual(['VerifiableCredential', 'ClrCredential']);
    const png = await c.get(`${at}/clr.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(extractPng(png.rawPayload)?.payload).toBe(json.body);
    const issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
    expect((await issuer.get(at)).statusCode).toBe(404);
    expect((await issuer.get('/portfolio/learner-record')).body).toContain('No badges to put in a record yet');
    const verified = await c.post('/verify', { credential: json.body });
    expect(verified.body).toContain('This learner record is genuine');
    expect(verified.body).toContain('CLR 2.0 learner record structure');
    // The import page takes the record: another earner gets its badge, told it came from the record.
    const other = await earner(`pageimport-${dialect}@example.com`);
    const importer = await signedIn(t.app, other.email);
    const imported = await importer.post('/portfolio/import', { text: json.body });
    expect(imported.statusCode).toBe(303);
    expect((await importer.get('/portfolio')).body).toContain(`Imported 1 badge from the learner record “Learner record of Alex Rivera”, verified.`);
    const refused = await importer.post('/portfolio/import', { text: json.body.replace('"Learner record of Alex Rivera"', '"Learner record of Someone"') });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('This learner record did not verify, so none of its badges were imported');
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: JSON.parse(json.body) } });
    expect(api.json()).toMatchObject({ outcome: 'verified', embedded: [{ outcome: 'verified', issuer: { known: true } }] });
  });

  it('API: /api/v1/learner-records lists, makes and reads the earner’s records; the OB 3.0 upsert refuses a record', async () => {
    const c = await signedIn(t.app, 'student@example.com');
    const made = await c.api('POST', '/api/v1/learner-records', { award_ids: [accepted[0]] });
    expect(made.statusCode).toBe(201);
    const body = made.json() as { id: string; partial: boolean; award_ids: string[]; json_url: string; credential: { type: string[] } };
    expect(body).toMatchObject({ partial: true, award_ids: [accepted[0]], json_url: `/portfolio/learner-records/${body.id}/clr.json` });
    expect(made.headers.location).toBe(`/api/v1/learner-records/${body.id}`);
    expect(body.credential.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    const one = await c.api('GET', `/api/v1/learner-records/${body.id}`);
    expect(JSON.stringify(one.json().credential)).toBe((await repos(t.deps.db).learnerRecords.findById(body.id))!.credential);
    expect((await c.api('GET', '/api/v1/learner-records')).json().items[0].id).toBe(body.id);
    const none = await c.api('POST', '/api/v1/learner-records', { award_ids: [] });
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ code: 'learner_record_no_badges', errors: [{ field: 'badges' }] });
    const issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
    expect((await issuer.api('GET', `/api/v1/learner-records/${body.id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/learner-records' })).statusCode).toBe(401);
    const { verifiedExternalBadge } = await import('../src/domain/portfolio/import-export.ts');
    await expect(verifiedExternalBadge(t.deps, student, one.json().credential)).rejects.toMatchObject({ code: 'badge_import_failed', message: expect.stringMatching(/learner record/) });
  });
});
