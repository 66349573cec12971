// Webhook fan-out: EVENTS (10,000) award.issued events, emitted by a real bulk issue (chunks of 250,
// one multi-row insert of deliveries and jobs per chunk), then delivered by the job worker exactly as
// `laurel serve` runs it (WEBHOOK_QUEUE: claims of 64, 16 in flight, Standard Webhooks signatures,
// the SSRF-guarded fetch with one connection per message, each attempt recorded) to a receiver in its
// own process on 127.0.0.1. Same-run reference: the same messages signed with `standardwebhooks` and
// POSTed from a plain loop, 16 in flight, one connection each, no database.
// Also a same-run reference for the emitting side: the same bulk issue with no endpoint subscribed.
// Run: npx tsx bench/webhooks/run.ts                         (SQLite in a temp dir)
//      DATABASE=postgres://postgres@127.0.0.1:5432/test npx tsx bench/webhooks/run.ts   (a fresh PostgreSQL database)
// Env: EVENTS (10000), THREADS (signing threads for the bulk issue; default one per core).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../../packages/server/src/config.ts';
import { actorForUser } from '../../packages/server/src/domain/accounts/sessions.ts';
import { batchProgress, confirmBatch, createBatch, ISSUE_QUEUE } from '../../packages/server/src/domain/issuance/batches.ts';
import { createWebhookEndpoint } from '../../packages/server/src/domain/webhooks/endpoints.ts';
import { WEBHOOK_QUEUE } from '../../packages/server/src/domain/webhooks/events.ts';
import { signingSecrets } from '../../packages/server/src/domain/webhooks/signing.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { openLaurel } from '../../packages/server/src/app/compose.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { benchDatabase } from '../support/database.ts';

/** PROFILE=file.cpuprofile: a CPU profile of the delivery phase only (node:inspector). */
async function startProfile(): Promise<() => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
    session.disconnect();
  };
}

const EVENTS = Number(process.env.EVENTS ?? 10_000);
const THREADS = Number(process.env.THREADS ?? os.availableParallelism());
const LANES = 16;
const here = path.dirname(fileURLToPath(import.meta.url));
const bench = await benchDatabase('laurel-bench-hooks-');
const dataDir = bench.dataDir;
const dbUrl = bench.url;

// The receiver, in a process of its own.
const receiver = spawn(process.execPath, [path.join(here, 'receiver.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) => receiver.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
const counts = async (): Promise<{ distinct: number; requests: number }> => (await fetch(`http://127.0.0.1:${port}/count`)).json() as never;

const config = loadConfig({ LAUREL_DATA_DIR: dataDir, LAUREL_DATABASE_URL: dbUrl, LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_SIGNING_THREADS: String(THREADS), LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' });
const log = { error: console.error, warn: console.warn, info: () => {} };
const rt = await openLaurel(config);
await seedDemo(rt.deps);
const r = repos(rt.deps.db);
const as = async (email: string) => (await actorForUser(rt.deps, (await r.users.findByEmail(email))!.id))!;
const issuer = await as('issuer@redriver.example.edu');
const org = (await r.organizations.findBySlug('red-river'))!;
const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
const issuing = rt.startJobs({ log, queues: [ISSUE_QUEUE], schedules: false });

/** A bulk issue of `rows` (EVENTS) awards (as `laurel serve` runs it); its seconds. */
async function bulkIssue(prefix: string, rows = EVENTS): Promise<number> {
  const lines = ['recipient_email,first_name,last_name'];
  for (let i = 1; i <= rows; i++) lines.push(`${prefix}${i}@example.com,Learner,Number ${i}`);
  const batch = await createBatch(rt.deps, issuer, { badgeClassId: bc.id, filename: 'bench.csv', csv: `${lines.join('\n')}\n`, notify: false });
  const start = performance.now();
  await confirmBatch(rt.deps, issuer, batch.id);
  issuing.wake();
  while (!(await batchProgress(rt.deps, issuer, batch.id)).finished) await new Promise((res) => setTimeout(res, 100));
  return (performance.now() - start) / 1000;
}

// Warm-up (the signing threads start, the JIT settles), so the two timed issues below compare fairly.
await bulkIssue('warm', 250);

// 0. Reference for emitting: the same bulk issue with no endpoint subscribed (no events written).
const issueNoSubscriberS = await bulkIssue('plain');

// 1. Emit: a bulk issue of EVENTS awards with the endpoint subscribed, the webhook queue not worked yet.
const { endpoint } = await createWebhookEndpoint(rt.deps, await as('admin@regents.example.org'), { slug: 'red-river', url: `http://127.0.0.1:${port}/hooks`, events: ['award.issued'] });
const issueS = await bulkIssue('learner');
await issuing.stop();
let t = 0;
const queued = (await r.webhooks.listDeliveries(endpoint.id, 1, 1)).total;

// 2. Deliver: a second composed Laurel on the same database works the webhook queue only.
const rt2 = await openLaurel(config, { migrate: false });
t = performance.now();
const profiler = process.env.PROFILE ? await startProfile() : null;
const delivering = rt2.startJobs({ log, queues: [WEBHOOK_QUEUE], schedules: false });
delivering.wake();
while ((await counts()).distinct < queued) await new Promise((res) => setTimeout(res, 50));
const deliverS = (performance.now() - t) / 1000;
await delivering.stop();
if (profiler) await profiler();
const delivered = await rt.deps.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<string | number>().as('n')).where('delivered_at', 'is not', null).executeTakeFirstOrThrow();

// 3. Reference: the same bodies and ids, signed and POSTed by a plain loop (LANES in flight, no database).
const rows = await rt.deps.db.selectFrom('webhook_deliveries').select(['id', 'payload']).execute();
const secrets = signingSecrets(rt.deps, (await r.webhooks.findEndpoint(endpoint.id))!, new Date());
const wh = new Webhook(secrets[0]!);
function postOne(id: string, body: string): Promise<void> {
  const at = new Date();
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': wh.sign(id, at, body) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/hooks', method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const before = (await counts()).requests;
t = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: LANES }, async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      await postOne(row.id, row.payload);
    }
  }),
);
const refS = (performance.now() - t) / 1000;
const refRequests = (await counts()).requests - before;

const laurelRate = queued / deliverS;
const refRate = rows.length / refS;
console.log(
  JSON.stringify(
    {
      database: config.database.dialect,
      events: EVENTS,
      deliveriesQueued: queued,
      delivered: Number(delivered.n),
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      bulkIssueNoSubscriberS: Number(issueNoSubscriberS.toFixed(1)),
      bulkIssueWithSubscriberS: Number(issueS.toFixed(1)),
      deliverS: Number(deliverS.toFixed(2)),
      laurelDeliveriesPerS: Math.round(laurelRate),
      referenceS: Number(refS.toFixed(2)),
      referencePostsPerS: Math.round(refRate),
      referenceRequests: refRequests,
      ratio: Number((laurelRate / refRate).toFixed(2)),
      bodyBytes: Buffer.byteLength(rows[0]?.payload ?? ''),
    },
    null,
    2,
  ),
);
receiver.kill();
await rt2.close();
await rt.close();
await bench.dispose();
