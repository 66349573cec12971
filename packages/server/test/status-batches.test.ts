// Issue 12 point 11: revoking or suspending from a CSV file runs as background jobs like bulk issuing:
// upload → preview with every row's error → confirm → jobs → progress and error report; each row is
// applied exactly once, even when its job runs twice; another institution sees none of it. On every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import type { UserActor } from '../src/domain/actor.ts';
import { confirmStatusBatch, createStatusBatch, processStatusBatchChunk, STATUS_QUEUE } from '../src/domain/issuance/change-status-by-csv.ts';
import { getStatusBatchDetail, getStatusBatchErrorReport, getStatusBatchProgress } from '../src/domain/issuance/get-status-batch.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { revokeAward, suspendAward } from '../src/domain/issuance/manage-awards.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, signedIn, type Client, type TestApp } from './helpers/app.ts';

async function badgeClassOf(t: TestApp, slug: string) {
  const r = repos(t.deps.db);
  return (await r.badgeClasses.listForOrganization((await r.organizations.findBySlug(slug))!.id))[0]!;
}

async function userActor(t: TestApp, email: string): Promise<UserActor> {
  return (await actorForUser(t.deps, (await repos(t.deps.db).users.findByEmail(email))!.id))!;
}

function file(rows: readonly (readonly [string, string])[]): string {
  return `award_id,reason\r\n${rows.map(([id, reason]) => `${id},"${reason}"`).join('\r\n')}\r\n`;
}

/** A multipart upload of the revoke / suspend form, as a browser sends it. */
async function upload(c: Client, csv: string, action: 'revoke' | 'suspend') {
  const boundary = '----laurel-test-boundary';
  const body = [`--${boundary}`, 'Content-Disposition: form-data; name="action"', '', action, `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="changes.csv"', 'Content-Type: text/csv', '', csv, `--${boundary}--`, ''].join('\r\n');
  if (!c.csrf) await c.get('/issuing/revoke-csv');
  return c.app.inject({ method: 'POST', url: `/issuing/revoke-csv?_csrf=${encodeURIComponent(c.csrf)}`, headers: { accept: 'text/html', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
}

describe.each(DIALECTS)('revoke / suspend by CSV on %s', (dialect) => {
  let t: TestApp;
  let issuer: UserActor;
  let otherIssuer: UserActor;
  let bcId: string;
  let theirBcId: string;
  let n = 0;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_SIGNING_THREADS: '0' } });
    issuer = await userActor(t, 'issuer@redriver.example.edu');
    otherIssuer = await userActor(t, 'admin@prairiestate.example.edu');
    bcId = (await badgeClassOf(t, 'red-river')).id;
    theirBcId = (await badgeClassOf(t, 'prairie-state')).id;
  });
  afterAll(async () => t?.close());

  const award = async (actor = issuer, badgeClassId = bcId) => (await issueAward(t.deps, actor, { badgeClassId, raw: { recipient_email: `status-${dialect}-${++n}@example.com`, recipient_name: `Status Person ${n}`, suppress_notification: true } })).id;
  const auditCount = async (awardId: string, action: string) => (await repos(t.deps.db).audit.list({ subjectId: awardId, page: 1, perPage: 100 })).items.filter((e) => e.action === action).length;

  it('previews every row with its error; confirming applies the valid rows once, in the background', async () => {
    const [a, b, gone, noReason] = [await award(), await award(), await award(), await award()];
    const theirs = await award(otherIssuer, theirBcId);
    await revokeAward(t.deps, issuer, { awardId: gone, reason: 'Earlier' });
    const csv = file([
      [a, 'Issued in error'],
      [b, 'Issued in error'],
      [gone, 'Again'],
      ['no-such-award', 'Typo'],
      [theirs, 'Not ours'],
      [a, 'Twice in the file'],
      [noReason, ''],
    ]);
    const batch = await createStatusBatch(t.deps, issuer, { action: 'revoke', filename: 'revoke.csv', csv });
    expect(batch).toMatchObject({ status: 'preview', totalRows: 7, invalidRows: 5 });
    const detail = await getStatusBatchDetail(t.deps, issuer, batch.id, { onlyProblems: false, page: 1, perPage: 100 });
    expect(detail.rows.map((r) => [r.rowNumber, r.status, r.message])).toEqual([
      [2, 'pending', null],
      [3, 'pending', null],
      [4, 'invalid', 'This award is already revoked.'],
      [5, 'invalid', expect.stringMatching(/^No award of .+ has this id\.$/)],
      [6, 'invalid', expect.stringMatching(/^No award of .+ has this id\.$/)],
      [7, 'invalid', 'The same award is already on row 2.'],
      [8, 'invalid', expect.stringContaining('Give a reason')],
    ]);
    // Nothing changed yet.
    expect((await repos(t.deps.db).awards.findById(a))!.revokedAt).toBeNull();

    await confirmStatusBatch(t.deps, issuer, batch.id);
    await confirmStatusBatch(t.deps, issuer, batch.id); // a second click queues nothing more
    const jobs = await t.deps.db.selectFrom('jobs').select(['id', 'payload']).where('queue', '=', STATUS_QUEUE).execute();
    expect(jobs.filter((j) => j.payload.includes(batch.id))).toHaveLength(1);
    expect((await getStatusBatchProgress(t.deps, issuer, batch.id)).finished).toBe(false);
    await t.app.laurel.worker.drain();
    expect(await getStatusBatchProgress(t.deps, issuer, batch.id)).toMatchObject({ status: 'done', done: 2, failed: 0, invalid: 5, pending: 0, percent: 100, finished: true });
    const r = repos(t.deps.db);
    for (const id of [a, b]) expect((await r.awards.findById(id))!.revocationReason).toBe('Issued in error');
    expect((await r.awards.findById(theirs))!.revokedAt).toBeNull();
    expect((await r.awards.findById(noReason))!.revokedAt).toBeNull();

    // The job run again (a crashed worker's lease expired) applies nothing twice.
    const payload = { batchId: batch.id, from: 2, to: 3 };
    expect(await processStatusBatchChunk(t.deps, payload)).toEqual({ applied: 0, failed: 0 });
    for (const id of [a, b]) expect(await auditCount(id, 'award.revoked')).toBe(1);

    const report = await getStatusBatchErrorReport(t.deps, issuer, batch.id);
    expect(report.split('\r\n')[0]).toBe('row,award_id,reason,error');
    expect(report).toContain('no-such-award');
    expect(report).toContain('already revoked');
    expect(report).not.toContain(`${b},`);
  });

  it('every row is applied exactly once when two runs of the same job overlap', async () => {
    const ids = [await award(), await award(), await award()];
    const batch = await createStatusBatch(t.deps, issuer, { action: 'suspend', filename: 's.csv', csv: file(ids.map((id) => [id, 'Under review'])) });
    await confirmStatusBatch(t.deps, issuer, batch.id);
    const payload = { batchId: batch.id, from: 2, to: 4 };
    const runs = await Promise.all([processStatusBatchChunk(t.deps, payload), processStatusBatchChunk(t.deps, payload)]);
    expect(runs.reduce((s, x) => s + x.applied, 0)).toBe(3);
    await t.app.laurel.worker.drain(); // the queued job itself: a third run
    for (const id of ids) {
      expect((await repos(t.deps.db).awards.findById(id))!.suspensionReason).toBe('Under review');
      expect(await auditCount(id, 'award.suspended')).toBe(1);
    }
    expect(await getStatusBatchProgress(t.deps, issuer, batch.id)).toMatchObject({ done: 3, failed: 0, finished: true });
  });

  it('a row whose award changed after the preview fails with a reason, and the rest still apply', async () => {
    const [a, b] = [await award(), await award()];
    const batch = await createStatusBatch(t.deps, issuer, { action: 'suspend', filename: 's.csv', csv: file([[a, 'Check'], [b, 'Check']]) });
    await suspendAward(t.deps, issuer, { awardId: a, reason: 'Meanwhile' });
    await confirmStatusBatch(t.deps, issuer, batch.id);
    await t.app.laurel.worker.drain();
    const detail = await getStatusBatchDetail(t.deps, issuer, batch.id, { onlyProblems: true, page: 1, perPage: 10 });
    expect(detail.rows.map((r) => [r.awardId, r.status, r.message])).toEqual([[a, 'failed', 'This award is already suspended.']]);
    expect(await getStatusBatchProgress(t.deps, issuer, batch.id)).toMatchObject({ done: 1, failed: 1, finished: true });
  });

  it('another institution’s issuer cannot preview, confirm or see the file', async () => {
    const a = await award();
    const batch = await createStatusBatch(t.deps, issuer, { action: 'revoke', filename: 'r.csv', csv: file([[a, 'Mine']]) });
    const notFound = expect.objectContaining({ code: 'not_found' });
    await expect(getStatusBatchDetail(t.deps, otherIssuer, batch.id, { onlyProblems: false, page: 1, perPage: 10 })).rejects.toEqual(notFound);
    await expect(confirmStatusBatch(t.deps, otherIssuer, batch.id)).rejects.toEqual(notFound);
    await expect(getStatusBatchProgress(t.deps, otherIssuer, batch.id)).rejects.toEqual(notFound);
    await expect(getStatusBatchErrorReport(t.deps, otherIssuer, batch.id)).rejects.toEqual(notFound);
    // Their own upload of our award finds nothing to change.
    const theirs = await createStatusBatch(t.deps, otherIssuer, { action: 'revoke', filename: 'r.csv', csv: file([[a, 'Not theirs']]) });
    expect(theirs.invalidRows).toBe(1);
    await expect(confirmStatusBatch(t.deps, otherIssuer, theirs.id)).rejects.toMatchObject({ code: 'invalid_transition' });

    const other = await signedIn(t.app, 'admin@prairiestate.example.edu');
    for (const url of [`/issuing/status-batches/${batch.id}`, `/issuing/status-batches/${batch.id}/progress.json`, `/issuing/status-batches/${batch.id}/errors.csv`]) {
      expect((await other.get(url)).statusCode, url).toBe(404);
    }
    expect((await other.post(`/issuing/status-batches/${batch.id}/confirm`, {})).statusCode).toBe(404);
    expect((await other.get('/issuing/revoke-csv')).body).not.toContain(batch.id);
    expect((await repos(t.deps.db).awards.findById(a))!.revokedAt).toBeNull();
  });

  it('pages: upload → preview → confirm → progress → error report', async () => {
    const [a, b] = [await award(), await award()];
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    const up = await upload(c, file([[a, 'Page test'], [b, 'Page test'], ['nope', 'Page test']]), 'revoke');
    expect(up.statusCode, up.body.slice(0, 300)).toBe(303);
    const url = String(up.headers.location);
    expect(url).toMatch(/^\/issuing\/status-batches\//);
    const preview = await c.get(url);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Check the file before you revoke');
    expect(preview.body).toContain('Revoke 2 badges');
    expect(preview.body).toContain('No award of');
    expect((await repos(t.deps.db).awards.findById(a))!.revokedAt).toBeNull();

    const confirm = await c.post(`${url}/confirm`, {});
    expect(confirm.statusCode).toBe(303);
    const running = await c.get(url);
    expect(running.body).toContain('Revoking started');
    expect(running.body).toContain(`${url}/progress.json`);
    await t.app.laurel.worker.drain();
    const done = await c.get(url);
    expect(done.body).toContain('Revoking finished');
    expect(done.body).toContain('2</span> revoked');
    const progress = await c.get(`${url}/progress.json`);
    expect(progress.json()).toMatchObject({ finished: true, done: 2, invalid: 1 });
    const report = await c.get(`${url}/errors.csv`);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body).toContain('nope');
    expect((await c.get('/issuing/revoke-csv')).body).toContain(url);

    const bad = await upload(c, 'id,why\r\nx,y\r\n', 'suspend');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('award_id and reason');
  });
});
