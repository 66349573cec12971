// Issue 16 item 5, complete exports: an institution's admin (and the system admin, for any institution
// and for the whole state) asks for a zip through the API; the background job writes it in parts with
// progress; the download unzips to CSV that parses, JSON lines whose every line is byte for byte the
// stored credential (and verifies), a manifest whose counts equal the database and whose checksums match,
// and nothing secret. A retried run leaves one complete set of parts; expiry deletes them. Both dialects.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM, type UserActor } from '../src/domain/actor.ts';
import { ensureStatusLists } from '../src/domain/credentials/status-lists.ts';
import { verifyCredentialHere } from '../src/domain/credentials/verify-credential.ts';
import { requestExport } from '../src/domain/exports/exports.ts';
import { purgeExpiredExports } from '../src/domain/exports/purge-expired-exports.ts';
import { runExport } from '../src/domain/exports/run-export.ts';
import { newId } from '../src/domain/ids.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { revokeAward } from '../src/domain/issuance/manage-awards.ts';
import { createPathway } from '../src/domain/pathways/create-pathway.ts';
import type { Award, Organization } from '../src/domain/issuance/types.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import { MFA_REQUIRED_SETTING } from '../src/domain/accounts/mfa-core.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeAward, makeBadgeClass } from './factories/awards.ts';
import { makeInstitution, makeMember, regents } from './factories/organizations.ts';
import { makeRequest } from './factories/requests.ts';
import { bearer, makeTestApp, signedIn, testHasher, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

type Json = Record<string, unknown>;
type Manifest = { scope: string; counts: Record<string, number>; files: { path: string; bytes: number; sha256: string }[]; organization: { id: string } | null };

// A 1×1 PNG and a tiny PDF, as attachments.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6a1c20000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(DIALECTS)('complete exports on %s', (dialect) => {
  let t: TestApp;
  let ours: Organization;
  let theirs: Organization;
  let admin: UserActor;
  let sysadmin: UserActor;
  let adminToken: Record<string, string>;
  let issuerToken: Record<string, string>;
  let theirAdminToken: Record<string, string>;
  let sysToken: Record<string, string>;
  const awards: Award[] = [];
  let foreign: Award;
  const secrets: string[] = [];

  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const csv = (files: Record<string, Uint8Array>, name: string) => parse(strFromU8(files[name]!), { columns: true, bom: false, relax_quotes: false }) as Record<string, string>[];

  async function exportVia(auth: Record<string, string>, body: Json): Promise<{ id: string; files: Record<string, Uint8Array>; raw: Buffer; resource: Json }> {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/exports', headers: auth, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json() as Json;
    expect(queued.state).toBe('queued');
    expect(res.headers.location).toBe(`/api/v1/exports/${String(queued.id)}`);
    await t.app.laurel.worker!.drain();
    const got = await t.app.inject({ method: 'GET', url: String(res.headers.location), headers: auth });
    expect(got.statusCode, got.body).toBe(200);
    const resource = got.json() as Json;
    expect(resource.state, JSON.stringify(resource)).toBe('done');
    const dl = await t.app.inject({ method: 'GET', url: String(resource.download_url).replace(t.config.publicUrl, ''), headers: auth });
    expect(dl.statusCode, dl.body.slice(0, 300)).toBe(200);
    expect(dl.headers['content-type']).toBe('application/zip');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment; filename="laurel-.*\.zip"$/);
    expect(dl.rawPayload.length).toBe(resource.size);
    expect(sha(dl.rawPayload)).toBe(resource.sha256);
    return { id: String(queued.id), files: unzipSync(new Uint8Array(dl.rawPayload)), raw: dl.rawPayload, resource };
  }

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false, env: { LAUREL_SIGNING_THREADS: '0' } });
    await ensureRegents(t.deps);
    ours = await makeInstitution(t.deps, { name: 'Université du Lac — 湖大学' });
    theirs = await makeInstitution(t.deps);
    await ensureStatusLists(t.deps);
    admin = await makeMember(t.deps, ours, 'institution_admin');
    const issuer = await makeMember(t.deps, ours, 'issuer');
    const theirAdmin = await makeMember(t.deps, theirs, 'institution_admin');
    sysadmin = await makeMember(t.deps, await regents(t.deps), 'system_admin');
    const r = repos(t.deps.db);
    const hash = await testHasher.hash(DEMO_PASSWORD);
    await r.users.setPassword(admin.userId, hash, new Date().toISOString());
    await r.users.setPassword(sysadmin.userId, hash, new Date().toISOString());
    // As the demo does: staff sign in with a password alone here (two-step enrolment has its own tests).
    await r.settings.set(MFA_REQUIRED_SETTING, false, new Date().toISOString(), null);
    secrets.push(hash);
    const tokens: { token: string; record: { id: string } }[] = [];
    for (const u of [admin, issuer, theirAdmin, sysadmin]) tokens.push(await createPersonalToken(t.deps, SYSTEM, { userId: u.userId, name: 'export test' }));
    [adminToken, issuerToken, theirAdminToken, sysToken] = tokens.map((x) => bearer(x.token)) as [Record<string, string>, Record<string, string>, Record<string, string>, Record<string, string>];
    secrets.push(...tokens.map((x) => x.token));
    for (const x of tokens) secrets.push(...(await t.deps.db.selectFrom('api_tokens').select('token_hash').where('id', '=', x.record.id).execute()).map((y) => y.token_hash));

    await makeRequest(t.deps, ours, { state: 'submitted', title: 'Programa de Soldadura' });
    await makeRequest(t.deps, theirs, { state: 'submitted', title: 'Their Secret Program' });
    const bc = await makeBadgeClass(t.deps, ours, { name: 'Soudure — 焊接 Basics' });
    const theirBc = await makeBadgeClass(t.deps, theirs, { name: 'Their Badge' });
    const names = ['Zoë Ångström', 'Łukasz Żółć', '山田 太郎', '=HYPERLINK("http://evil.example","x")'];
    for (const [i, name] of names.entries()) awards.push(await makeAward(t.deps, SYSTEM, bc, { recipient_name: name, recipient_email: `earner${i}@export.example.com` }));
    await revokeAward(t.deps, SYSTEM, { awardId: awards[1]!.id, reason: 'Issued in error' });
    const external = (name: string) => ({ kind: 'external', name, url: `https://example.org/${encodeURIComponent(name)}` });
    await createPathway(t.deps, SYSTEM, { institution: ours.slug, name: 'Parcours soudure', description: 'Deux certifications vers le diplôme.', components: [external('AWS Welder'), external('OSHA 10')], destination: { ...external('Diplôme'), credential_type: 'associate_degree' } });
    foreign = await makeAward(t.deps, SYSTEM, theirBc, { recipient_name: 'Someone Elsewhere' });
    for (const a of [...awards, foreign]) secrets.push((await r.awards.findById(a.id))!.claimTokenHash);
    const at = new Date().toISOString();
    for (const [org, kind, name, data, type] of [
      [ours, 'badge_image', 'badge.png', PNG, 'image/png'],
      [ours, 'letter', 'Lettre de soutien — été.pdf', PDF, 'application/pdf'],
      [theirs, 'letter', 'their-letter.pdf', PDF, 'application/pdf'],
    ] as const) {
      await r.attachments.insert({ id: newId(), organizationId: org.id, kind, filename: name, contentType: type, size: data.length, sha256: sha(data), data, createdBy: null, createdAt: at });
    }
    // Sealed signing keys must never leave the database either.
    secrets.push(...(await t.deps.db.selectFrom('organization_keys').select('secret_sealed').execute()).map((k) => k.secret_sealed));
  });
  afterAll(async () => t?.close());

  it('round-trips an institution: credentials byte-identical and verifying, counts, checksums, CSV', async () => {
    const { id, files } = await exportVia(adminToken, { scope: 'institution', organizationId: ours.id });
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Manifest;
    expect(manifest.scope).toBe('institution');
    expect(manifest.organization?.id).toBe(ours.id);
    // Every file but the manifest is listed, with its size and checksum.
    expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.keys(files).filter((p) => p !== 'manifest.json').sort());
    for (const f of manifest.files) {
      expect(files[f.path]!.length, f.path).toBe(f.bytes);
      expect(sha(files[f.path]!), f.path).toBe(f.sha256);
    }
    // Counts equal the database.
    const db = t.deps.db;
    const n = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string }> }) => Number((await q.executeTakeFirstOrThrow()).n);
    expect(manifest.counts.awards).toBe(await n(db.selectFrom('awards').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', ours.id)));
    expect(manifest.counts.awards).toBe(4);
    expect(manifest.counts.programs).toBe(await n(db.selectFrom('programs').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', ours.id)));
    expect(manifest.counts.requests).toBe(1);
    expect(manifest.counts.badge_classes).toBe(1);
    expect(manifest.counts.attachments).toBe(2);
    // The audit log as of the run's start: all but this export's own "finished" and "downloaded".
    const audited = await n(db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', ours.id));
    expect(manifest.counts.audit_events).toBe(audited - 2);
    expect(csv(files, 'audit-events.csv').map((x) => x.action)).toContain('export.requested');
    expect(manifest.counts.organizations).toBe(1);
    expect(manifest.counts.pathways).toBe(1);
    expect(csv(files, 'pathways.csv').map((x) => x.name)).toEqual(['Parcours soudure']);
    const pathwayLines = strFromU8(files['pathways.jsonl']!).trim().split('\n').map((l) => JSON.parse(l) as { components: { position: number; name: string }[] });
    expect(pathwayLines[0]!.components.map((c) => [Number(c.position), c.name])).toEqual([[0, 'AWS Welder'], [1, 'OSHA 10']]);

    // awards.csv parses, one row per award, unicode intact, the formula neutralised, no hash column.
    const rows = csv(files, 'awards.csv');
    expect(rows.map((x) => x.id).sort()).toEqual(awards.map((a) => a.id).sort());
    const byId = new Map(rows.map((x) => [x.id!, x]));
    expect(byId.get(awards[0]!.id)!.recipient_name).toBe('Zoë Ångström');
    expect(byId.get(awards[2]!.id)!.recipient_name).toBe('山田 太郎');
    expect(byId.get(awards[3]!.id)!.recipient_name).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(byId.get(awards[1]!.id)!.revocation_reason).toBe('Issued in error');
    expect(Object.keys(rows[0]!)).not.toContain('claim_token_hash');
    expect(Object.keys(rows[0]!)).not.toContain('credential');

    // Each credential line is the stored text, byte for byte, and verifies (the revoked one: signature good, status revoked).
    const lines = strFromU8(files['awards-credentials.jsonl']!).split('\n');
    expect(lines.at(-1)).toBe('');
    for (const row of rows) {
      const line = lines[Number(row.credential_line) - 1]!;
      const stored = (await repos(db).awards.findById(row.id!))!.credential;
      expect(Buffer.from(line, 'utf8').equals(Buffer.from(stored, 'utf8'))).toBe(true);
      const report = await verifyCredentialHere(t.deps, JSON.parse(line));
      expect(report.checks.find((c) => c.id === 'proof')?.status, JSON.stringify(report.checks)).toBe('passed');
      if (row.id === awards[1]!.id) expect(report.verified).toBe(false);
      else expect(report.verified, JSON.stringify(report.checks)).toBe(true);
    }
    // The VC-JWTs as stored.
    const jwts = csv(files, 'awards-vc-jwt.csv');
    expect(jwts.length).toBe(4);
    for (const j of jwts) {
      const stored = (await repos(db).awards.jwts(j.id!))!;
      expect(j.jwt_rs256).toBe(stored.rs256);
      expect(j.jwt_es256).toBe(stored.es256);
    }
    expect(jwts.length).toBe(manifest.counts.award_vc_jwts);

    // Revisions with their form as JSON; requests and events; attachments as files.
    const revs = strFromU8(files['revisions.jsonl']!).trim().split('\n').map((l) => JSON.parse(l) as { form: { title: string } });
    expect(revs.map((x) => x.form.title)).toContain('Programa de Soldadura');
    expect(csv(files, 'requests.csv').map((x) => x.title)).toEqual(['Programa de Soldadura']);
    expect(csv(files, 'request-events.csv')).toHaveLength(1);
    const att = csv(files, 'attachments.csv');
    expect(att).toHaveLength(2);
    for (const a of att) {
      expect(sha(files[a.file!]!)).toBe(a.sha256);
    }
    expect(att.map((a) => a.file).some((f) => f!.endsWith('/Lettre_de_soutien_été.pdf'))).toBe(true);
    expect(strFromU8(files['README.txt']!)).toContain('awards-credentials.jsonl');
  });

  it('holds nothing of another institution, and no secrets', async () => {
    const { raw, files } = await exportVia(adminToken, { scope: 'institution', organization_id: ours.id });
    const all = Object.values(files).map((f) => Buffer.from(f).toString('latin1')).join('\n') + Buffer.from(raw).toString('latin1');
    for (const s of [theirs.id, theirs.slug, foreign.id, 'Their Secret Program', 'Their Badge', 'Someone Elsewhere', 'their-letter.pdf']) expect(all, s).not.toContain(s);
    for (const s of secrets) expect(all.includes(s), 'a secret is in the export').toBe(false);
  });

  it('exports the whole state for the system admin, holding every institution', async () => {
    const { files } = await exportVia(sysToken, { scope: 'state' });
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Manifest;
    expect(manifest.scope).toBe('state');
    expect(csv(files, 'organizations.csv').map((o) => o.id)).toEqual(expect.arrayContaining([ours.id, theirs.id, (await regents(t.deps)).id]));
    expect(csv(files, 'awards.csv').map((a) => a.id).sort()).toEqual([...awards, foreign].map((a) => a.id).sort());
    expect(manifest.counts.attachments).toBe(3);
    const all = Object.values(files).map((f) => Buffer.from(f).toString('latin1')).join('\n');
    for (const s of secrets) expect(all.includes(s), 'a secret is in the export').toBe(false);
    // The system admin may export one institution too.
    await exportVia(sysToken, { scope: 'institution', organizationId: theirs.id });
  });

  it('refuses an issuer, another institution’s admin, and a state export by an institution admin', async () => {
    const post = (auth: Record<string, string>, payload: Json) => t.app.inject({ method: 'POST', url: '/api/v1/exports', headers: auth, payload });
    const issuer = await post(issuerToken, { scope: 'institution', organizationId: ours.id });
    expect(issuer.statusCode).toBe(403);
    expect(issuer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(issuer.json()).toMatchObject({ code: 'forbidden' });
    expect((await post(theirAdminToken, { scope: 'institution', organizationId: ours.id })).statusCode).toBe(403);
    expect((await post(adminToken, { scope: 'state' })).statusCode).toBe(403);
    expect((await post(adminToken, { scope: 'institution' })).json()).toMatchObject({ code: 'validation_failed' });
    expect((await post(adminToken, { scope: 'everything' })).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/exports', payload: { scope: 'state' } })).statusCode).toBe(401);
    // Someone else's export does not exist for them, nor its download.
    const mine = (await post(adminToken, { scope: 'institution', organizationId: ours.id })).json() as { id: string };
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/exports/${mine.id}`, headers: theirAdminToken })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/exports/${mine.id}`, headers: issuerToken })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/exports/${mine.id}/download`, headers: theirAdminToken })).statusCode).toBe(404);
    // Not ready yet: 409 export_not_ready.
    const early = await t.app.inject({ method: 'GET', url: `/api/v1/exports/${mine.id}/download`, headers: adminToken });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'export_not_ready' });
    await t.app.laurel.worker!.drain();
  });

  it('reports progress while it runs', async () => {
    const e = await requestExport(t.deps, admin, { scope: 'institution', organizationId: ours.id });
    const seen: { state: string; phase: string; done: number; total: number }[] = [];
    const outcome = await runExport(t.deps, { exportId: e.id }, {
      batchSize: 1,
      afterBatch: async () => {
        const row = (await repos(t.deps.db).exports.findById(e.id))!;
        seen.push({ state: row.state, phase: row.phase, done: row.doneItems, total: row.totalItems });
      },
    });
    expect(outcome).toBe('done');
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((s) => s.state === 'running' && s.total > 0 && s.done <= s.total)).toBe(true);
    expect(seen.some((s) => s.phase === 'Writing awards.csv' && s.done > 0 && s.done < s.total)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    const done = (await repos(t.deps.db).exports.findById(e.id))!;
    expect(done.state).toBe('done');
    expect(done.doneItems).toBe(done.totalItems);
    // The export page shows it (and the job runs nowhere twice: the queued job finds it done).
    await t.app.laurel.worker!.drain();
  });

  it('lets the process serve other work while it runs (it yields after every batch)', async () => {
    const e = await requestExport(t.deps, admin, { scope: 'institution', organizationId: ours.id });
    let finished = false;
    const run = runExport(t.deps, { exportId: e.id }, { batchSize: 1 }).then(() => {
      finished = true;
    });
    // A timer (as a page request's I/O would) gets its turn before the export ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(finished).toBe(false);
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    await run;
    expect(finished).toBe(true);
    await t.app.laurel.worker!.drain();
  });

  it('a run killed half-way and retried leaves exactly one complete zip', async () => {
    const e = await requestExport(t.deps, admin, { scope: 'institution', organizationId: ours.id });
    let batches = 0;
    // A tiny part size, so the killed run had stored several parts before it died.
    const tuning = { batchSize: 1, partBytes: 512 };
    await expect(
      runExport(t.deps, { exportId: e.id }, {
        ...tuning,
        afterBatch: async () => {
          if (++batches === 12) throw new Error('process killed');
        },
      }),
    ).rejects.toThrow('process killed');
    const r = repos(t.deps.db);
    expect(await r.exports.partCount(e.id)).toBe(0); // a failed try keeps nothing
    expect((await r.exports.findById(e.id))!.state).toBe('queued');
    expect((await r.exports.findById(e.id))!.error).toMatch(/process killed.*tried again/);
    // A run that dies without a word (lease runs out): its parts stay until the retry deletes them.
    const killed = runExport(t.deps, { exportId: e.id }, { ...tuning, afterBatch: async () => { if (++batches === 30) await new Promise(() => undefined); } });
    void killed;
    await expect.poll(async () => r.exports.partCount(e.id)).toBeGreaterThan(0);
    await expect.poll(() => batches).toBeGreaterThanOrEqual(30);
    expect(await r.exports.partCount(e.id)).toBeGreaterThan(0);
    expect(await runExport(t.deps, { exportId: e.id }, tuning)).toBe('done');
    const done = (await r.exports.findById(e.id))!;
    expect(done.attempts).toBe(3);
    expect(await r.exports.partCount(e.id)).toBe(done.parts);
    const parts: Buffer[] = [];
    for (let i = 0; i < done.parts; i++) parts.push((await r.exports.readPart(e.id, i))!);
    const zip = Buffer.concat(parts);
    expect(zip.length).toBe(done.size);
    expect(sha(zip)).toBe(done.sha256);
    expect(Object.keys(unzipSync(new Uint8Array(zip)))).toContain('awards-credentials.jsonl');
    await t.app.laurel.worker!.drain();
  });

  it('a last failed try fails the export for good, with its message on the page and in the API', async () => {
    const e = await requestExport(t.deps, admin, { scope: 'institution', organizationId: ours.id });
    await expect(
      runExport(t.deps, { exportId: e.id }, {
        batchSize: 1,
        attempt: 3,
        afterBatch: async (p) => {
          if (p.phase === 'Writing awards.csv') throw new Error('disk on fire');
        },
      }),
    ).rejects.toThrow('disk on fire');
    const api = (await t.app.inject({ method: 'GET', url: `/api/v1/exports/${e.id}`, headers: adminToken })).json() as Json;
    expect(api).toMatchObject({ state: 'failed', error: 'disk on fire', download_url: null });
    const dl = await t.app.inject({ method: 'GET', url: `/api/v1/exports/${e.id}/download`, headers: adminToken });
    expect(dl.statusCode).toBe(409);
    expect(dl.json()).toMatchObject({ code: 'export_not_ready', detail: expect.stringContaining('disk on fire') });
    const page = await signedIn(t.app, admin.email);
    const html = (await page.get(`/admin/exports/${e.id}`)).body;
    expect(html).toContain('The export failed');
    expect(html).toMatch(/role="alert"[^>]*>[^<]*disk on fire/);
    expect(html).not.toContain('http-equiv="refresh"');
    expect(await repos(t.deps.db).exports.partCount(e.id)).toBe(0);
    await t.app.laurel.worker!.drain();
  });

  it('expires after 7 days: the parts are deleted and the download says so', async () => {
    const { id } = await exportVia(adminToken, { scope: 'institution', organizationId: ours.id });
    const r = repos(t.deps.db);
    expect(await r.exports.partCount(id)).toBeGreaterThan(0);
    const real = t.clock.now;
    t.clock.now = new Date(Date.now() + 7 * 24 * 3_600_000 + 60_000);
    try {
      expect(await purgeExpiredExports(t.deps)).toBeGreaterThan(0);
    } finally {
      t.clock.now = real;
    }
    expect(await r.exports.partCount(id)).toBe(0);
    expect((await r.exports.findById(id))!.state).toBe('expired');
    const gone = await t.app.inject({ method: 'GET', url: `/api/v1/exports/${id}/download`, headers: adminToken });
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ code: 'export_expired' });
  });

  it('audits the request, the finish and the download', async () => {
    const actions = (await t.deps.db.selectFrom('audit_events').select('action').where('subject_type', '=', 'export').execute()).map((a) => a.action);
    for (const a of ['export.requested', 'export.finished', 'export.failed', 'export.downloaded', 'export.expired']) expect(actions).toContain(a);
  });

  it('the admin pages: export everything, confirm, progress kept current by its script, then a download link', async () => {
    const page = await signedIn(t.app, admin.email);
    const list = await page.get(`/admin/institutions/${ours.slug}/exports`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.body).toContain('Export everything');
    const confirm = await page.get(`/admin/institutions/${ours.slug}/exports/new`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toMatch(/7 days/);
    const posted = await page.post(`/admin/institutions/${ours.slug}/exports`, {});
    expect(posted.statusCode, posted.body).toBe(303);
    const at = String(posted.headers.location);
    expect(at).toMatch(/^\/admin\/exports\//);
    const queued = await page.get(at);
    // Kept current by a script polling the API; no timed refresh (axe meta-refresh, WCAG 2.2.1), and a link to check by hand.
    expect(queued.body).not.toContain('http-equiv="refresh"');
    expect(queued.body).toContain('src="/assets/exports.js"');
    expect(queued.body).toMatch(/data-export-url="\/api\/v1\/exports\/[0-9a-f-]+"/);
    expect(queued.body).toContain(`href="${at}">Check progress</a>`);
    expect(queued.body).toMatch(/<progress[^>]*>/);
    expect(queued.body).toContain('aria-live');
    await t.app.laurel.worker!.drain();
    const done = await page.get(at);
    expect(done.body).not.toContain('http-equiv="refresh"');
    const link = /href="(\/admin\/exports\/[^"]+\/download)"/.exec(done.body);
    expect(link, done.body).not.toBeNull();
    const dl = await page.get(link![1]!);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/zip');
    expect(Object.keys(unzipSync(new Uint8Array(dl.rawPayload)))).toContain('manifest.json');
    // Another institution's admin cannot see it; the state export page is the system admin's alone.
    expect((await page.get('/admin/exports')).statusCode).toBe(403);
    expect((await page.get(`/admin/institutions/${theirs.slug}/exports`)).statusCode).toBe(403);
    expect((await page.get(at.replace(/\/admin\/exports\//, '/admin/exports/x'))).statusCode).toBe(404);

    // The system admin's state export, from the Administration page.
    const sys = await signedIn(t.app, sysadmin.email);
    expect((await sys.get('/admin')).body).toContain('href="/admin/exports"');
    expect((await sys.get('/admin/exports/new')).body).toContain('Start the export');
    const started = await sys.post('/admin/exports', {});
    expect(started.statusCode).toBe(303);
    await t.app.laurel.worker!.drain();
    const state = await sys.get(String(started.headers.location));
    expect(state.body).toContain('The export is ready');
    expect(state.body).toMatch(/Download laurel-state-export-\d{4}-\d\d-\d\d\.zip \(\d/);
    const recent = await sys.get('/admin/exports');
    expect(recent.body).toContain('Ready');
  });
});
