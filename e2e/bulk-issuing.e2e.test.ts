// Bulk issuing against real `laurel serve` processes: a server killed with SIGKILL in the middle of a
// 5,000-row job and started again finishes with exactly 5,000 awards (on SQLite, and on PostgreSQL when
// TEST_DATABASE_URL is set); two processes on one SQLite file share a job and issue every row once (on
// PostgreSQL, three nodes sharing a job is e2e/nodes).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../packages/server/src/config.ts';
import { actorForUser } from '../packages/server/src/domain/accounts/sessions.ts';
import { confirmBatch, createBatch } from '../packages/server/src/domain/issuance/batches.ts';
import { openLaurel, type Laurel as Runtime } from '../packages/server/src/app/compose.ts';
import { repos } from '../packages/server/src/storage/repositories/index.ts';
import { freshPostgres } from './support/database.ts';
import { startServer, type RunningServer } from './support/server.ts';

const ROWS = 5_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function database(dialect: 'sqlite' | 'postgres'): Promise<string> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-bulk-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return path.join(dir, 'laurel.db');
  }
  const db = await freshPostgres(process.env.TEST_DATABASE_URL!, 'laurel_bulk');
  cleanups.push(db.drop);
  return db.url;
}

function csv(rows: number): string {
  const lines = ['recipient_email,first_name,last_name'];
  for (let i = 1; i <= rows; i++) lines.push(`bulk.learner${i}@example.com,Learner,Number ${i}`);
  return `${lines.join('\n')}\n`;
}

/** Uploads and confirms a batch through the same use cases the pages call, as the Red River issuer. */
async function startBatch(env: Record<string, string>): Promise<{ rt: Runtime; batchId: string }> {
  const rt = await openLaurel(loadConfig({ ...env, LAUREL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-bulk-cli-')), LAUREL_LOG_LEVEL: 'silent' }));
  cleanups.push(() => rt.close());
  const r = repos(rt.deps.db);
  const user = (await r.users.findByEmail('issuer@redriver.example.edu'))!;
  const actor = (await actorForUser(rt.deps, user.id))!;
  const org = (await r.organizations.findBySlug('red-river'))!;
  const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
  const b = await createBatch(rt.deps, actor, { badgeClassId: bc.id, filename: 'big.csv', csv: csv(ROWS), notify: true });
  expect(b.invalidRows).toBe(0);
  await confirmBatch(rt.deps, actor, b.id);
  return { rt, batchId: b.id };
}

async function counts(rt: Runtime, batchId: string): Promise<{ awards: number; distinctRows: number; issuedRows: number; status: string; emails: number }> {
  const db = rt.deps.db;
  const a = await db.selectFrom('awards').select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.count<string | number>('batch_row').distinct().as('d')]).where('batch_id', '=', batchId).executeTakeFirstOrThrow();
  const rows = await repos(db).issueBatches.countsByStatus(batchId);
  const b = (await repos(db).issueBatches.findById(batchId))!;
  const e = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<string | number>().as('n')).where('queue', '=', 'email').where('payload', 'like', '%bulk.learner%').executeTakeFirstOrThrow();
  return { awards: Number(a.n), distinctRows: Number(a.d), issuedRows: rows.issued, status: b.status, emails: Number(e.n) };
}

async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const DIALECTS: ('sqlite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(DIALECTS)('bulk issuing with real processes on %s', (dialect) => {
  it(`survives SIGKILL in the middle of a ${ROWS.toLocaleString('en-US')}-row job: exactly ${ROWS.toLocaleString('en-US')} awards, none twice`, async () => {
    // A 15 s job lease (LAUREL_JOB_LEASE_SECONDS; 30 s by default for bulk chunks): the restarted process
    // takes over the killed one's chunk after it. One live process at a time, so no chunk is taken twice.
    const env = { LAUREL_DATABASE_URL: await database(dialect), LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_JOB_LEASE_SECONDS: '15' };
    let server: RunningServer = await startServer(env);
    cleanups.push(() => server.stop());
    const { rt, batchId } = await startBatch(env);
    const mid = await waitFor('some rows issued', () => counts(rt, batchId), (c) => c.awards >= 500, 120_000);
    await server.kill();
    const atKill = await counts(rt, batchId);
    expect(atKill.awards).toBeLessThan(ROWS);
    expect(atKill.awards).toBeGreaterThanOrEqual(mid.awards);
    server = await startServer(env);
    await waitFor('the batch to finish', () => counts(rt, batchId), (c) => c.status === 'done', 240_000);
    // Counted again after "done": counts() is several queries, not one snapshot.
    const done = await counts(rt, batchId);
    expect(done).toMatchObject({ awards: ROWS, distinctRows: ROWS, issuedRows: ROWS, emails: ROWS });
  }, 400_000);

  // On PostgreSQL, processes sharing one job (three of them, one killed) is the multi-node test's
  // (e2e/nodes, run by CI); here it is SQLite's, where the processes share one file.
  if (dialect === 'sqlite') {
    it('two processes on one database share a job and issue every row exactly once', async () => {
      const env = { LAUREL_DATABASE_URL: await database(dialect), LAUREL_MASTER_KEY: randomBytes(32).toString('base64') };
      const a = await startServer(env);
      cleanups.push(() => a.stop());
      const b = await startServer(env);
      cleanups.push(() => b.stop());
      const { rt, batchId } = await startBatch(env);
      await waitFor('the batch to finish', () => counts(rt, batchId), (c) => c.status === 'done', 240_000);
      // Counted again after "done": counts() is several queries, not one snapshot.
      const done = await counts(rt, batchId);
      const problems = await repos(rt.deps.db).issueBatches.rows(batchId, { status: ['failed', 'invalid', 'pending'], limit: 3 });
      expect(done, JSON.stringify(problems)).toMatchObject({ awards: ROWS, distinctRows: ROWS, issuedRows: ROWS, emails: ROWS });
      const jobs = await rt.deps.db.selectFrom('jobs').select(['locked_by', 'attempts', 'last_error']).where('queue', '=', 'issue_batch').execute();
      expect(new Set(jobs.map((j) => j.locked_by)).size, JSON.stringify(jobs)).toBe(2);
    }, 400_000);
  }
});
