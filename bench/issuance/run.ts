// Bulk issuing end to end: a 10,000-row CSV is uploaded (parsed, checked, stored for the preview),
// confirmed, and issued by the job worker exactly as `laurel serve` runs it: chunks of 250 rows, DI
// signing in worker threads, each chunk's awards, audit events, batch rows and claim emails (queued in
// the outbox) written in one transaction. Also measures DI signing on one thread (the per-core rate).
// Run: npx tsx bench/issuance/run.ts                       (SQLite in a temp dir)
//      DATABASE=postgres://postgres@127.0.0.1:5432/test npx tsx bench/issuance/run.ts   (a fresh PostgreSQL database)
// Env: ROWS (10000), THREADS (signing threads; default one per core).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { loadConfig } from '../../packages/server/src/config.ts';
import { actorForUser } from '../../packages/server/src/domain/accounts/sessions.ts';
import { unsignedAwardCredential, badgeClassContext } from '../../packages/server/src/domain/issuance/achievement.ts';
import { batchProgress, confirmBatch, createBatch, ISSUE_QUEUE } from '../../packages/server/src/domain/issuance/batches.ts';
import { inProcessSigner } from '../../packages/server/src/domain/issuance/issue-awards.ts';
import { currentKey, signingKeyMaterial } from '../../packages/server/src/domain/credentials/org-keys.ts';
import { allocateStatusIndexes } from '../../packages/server/src/domain/credentials/status-lists.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { openLaurel } from '../../packages/server/src/app/compose.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { benchDatabase } from '../support/database.ts';

const ROWS = Number(process.env.ROWS ?? 10_000);
const THREADS = Number(process.env.THREADS ?? os.availableParallelism());
const bench = await benchDatabase('laurel-bench-');
const dataDir = bench.dataDir;
const dbUrl = bench.url;

const config = loadConfig({ LAUREL_DATA_DIR: dataDir, LAUREL_DATABASE_URL: dbUrl, LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_SIGNING_THREADS: String(THREADS) });
const rt = await openLaurel(config);
await seedDemo(rt.deps);
const r = repos(rt.deps.db);
const issuer = (await actorForUser(rt.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
const org = (await r.organizations.findBySlug('red-river'))!;
// An endorsed program's badge class: its credentials carry the Regents' signed endorsement (the largest case).
let bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
let ctx = await badgeClassContext(rt.deps, bc.id);
for (const candidate of await r.badgeClasses.listForOrganization(org.id)) {
  const c = await badgeClassContext(rt.deps, candidate.id);
  if (c.achievement.endorsement?.length && c.programActive) {
    bc = candidate;
    ctx = c;
    break;
  }
}

// 1. The per-core signing rate of a real award credential (one thread, after a warm-up).
const key = signingKeyMaterial(rt.deps, org, await currentKey(rt.deps, org));
const statuses = await allocateStatusIndexes(rt.deps, { organization: org, purpose: 'revocation', count: 300 });
const sample = statuses.map((s, i) => unsignedAwardCredential(ctx, { id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`, recipientEmail: `s${i}@example.com`, issuedAt: new Date().toISOString(), expiresAt: null, evidenceUrl: null, evidenceNarrative: null, status: s }));
const sign = inProcessSigner(rt.deps);
await sign(key, sample.slice(0, 50));
let t = performance.now();
await sign(key, sample.slice(50));
const perCore = 250 / ((performance.now() - t) / 1000);

// 2. Upload and preview.
const lines = ['recipient_email,first_name,last_name,issued_at'];
for (let i = 1; i <= ROWS; i++) lines.push(`learner${i}@example.com,Learner,Number ${i},2026-05-15`);
t = performance.now();
const batch = await createBatch(rt.deps, issuer, { badgeClassId: bc.id, filename: 'bench.csv', csv: `${lines.join('\n')}\n` });
const uploadS = (performance.now() - t) / 1000;

// 3. Confirm and issue through the job worker, as a serve process does.
// The composition root's job worker and signing pool (LAUREL_SIGNING_THREADS), bulk queue only.
const worker = rt.startJobs({ log: { error: console.error, warn: console.warn, info: () => {} }, queues: [ISSUE_QUEUE], schedules: false });
t = performance.now();
await confirmBatch(rt.deps, issuer, batch.id);
worker.wake();
for (;;) {
  const p = await batchProgress(rt.deps, issuer, batch.id);
  if (p.finished) break;
  await new Promise((res) => setTimeout(res, 200));
}
const issueS = (performance.now() - t) / 1000;
await worker.stop();

const p = await batchProgress(rt.deps, issuer, batch.id);
const emails = await rt.deps.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string | number>().as('n')).where('queue', '=', 'email').where('status', '=', 'pending').executeTakeFirstOrThrow();
const awards = await rt.deps.db.selectFrom('awards').select((eb) => eb.fn.countAll<string | number>().as('n')).where('batch_id', '=', batch.id).executeTakeFirstOrThrow();
console.log(
  JSON.stringify(
    {
      database: config.database.dialect,
      rows: ROWS,
      signingThreads: THREADS,
      cpus: os.cpus().length,
      node: process.version,
      embeddedEndorsement: Boolean(ctx.achievement.endorsement?.length),
      credentialBytes: Buffer.byteLength(JSON.stringify(sample[0])),
      signPerCorePerS: Math.round(perCore),
      uploadAndPreviewS: Number(uploadS.toFixed(1)),
      issueS: Number(issueS.toFixed(1)),
      totalS: Number((uploadS + issueS).toFixed(1)),
      awardsPerS: Math.round(ROWS / issueS),
      issued: p.issued,
      failed: p.failed,
      awards: Number(awards.n),
      emailsQueued: Number(emails.n),
    },
    null,
    2,
  ),
);
await rt.close();
await bench.dispose();
