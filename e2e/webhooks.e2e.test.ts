// Webhook delivery against a real `laurel serve` process: a bulk issue of 1,000 awards fans out
// award.issued to a receiver on 127.0.0.1 that answers slowly and verifies every message with the
// `standardwebhooks` library; the server is killed with SIGKILL in the middle of the deliveries and
// started again. Every event must arrive at least once and be acted on exactly once (the receiver
// dedupes by webhook-id), on SQLite and on PostgreSQL when TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../packages/server/src/config.ts';
import { actorForUser } from '../packages/server/src/domain/accounts/sessions.ts';
import { confirmBatch, createBatch } from '../packages/server/src/domain/issuance/batches.ts';
import { createWebhookEndpoint } from '../packages/server/src/domain/webhooks/endpoints.ts';
import { openLaurel, type Laurel } from '../packages/server/src/app/compose.ts';
import { repos } from '../packages/server/src/storage/repositories/index.ts';
import { startReceiver, type Receiver } from '../packages/server/test/support/webhook-receiver.ts';
import { freshPostgres } from './support/database.ts';
import { startServer, type RunningServer } from './support/server.ts';

const ROWS = 1_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function database(dialect: 'sqlite' | 'postgres'): Promise<string> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-hooks-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return path.join(dir, 'laurel.db');
  }
  const db = await freshPostgres(process.env.TEST_DATABASE_URL!, 'laurel_hooks');
  cleanups.push(db.drop);
  return db.url;
}

async function waitFor<T>(what: string, fn: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Red River's endpoint for award.issued, then a confirmed bulk file of ROWS rows (the running server issues it). */
async function setUp(env: Record<string, string>, rx: Receiver): Promise<{ rt: Laurel; endpointId: string }> {
  const rt = await openLaurel(loadConfig({ ...env, LAUREL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-hooks-cli-')), LAUREL_LOG_LEVEL: 'silent' }));
  cleanups.push(() => rt.close());
  const r = repos(rt.deps.db);
  const as = async (email: string) => (await actorForUser(rt.deps, (await r.users.findByEmail(email))!.id))!;
  const { endpoint, secret } = await createWebhookEndpoint(rt.deps, await as('admin@regents.example.org'), { slug: 'red-river', url: rx.url('/sis'), events: ['award.issued'] });
  rx.setSecret('/sis', secret);
  const org = (await r.organizations.findBySlug('red-river'))!;
  const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
  const lines = ['recipient_email,first_name,last_name'];
  for (let i = 1; i <= ROWS; i++) lines.push(`hook.learner${i}@example.com,Learner,Number ${i}`);
  const issuer = await as('issuer@redriver.example.edu');
  const b = await createBatch(rt.deps, issuer, { badgeClassId: bc.id, filename: 'hooks.csv', csv: `${lines.join('\n')}\n`, notify: false });
  await confirmBatch(rt.deps, issuer, b.id);
  return { rt, endpointId: endpoint.id };
}

const DIALECTS: ('sqlite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(DIALECTS)('webhook delivery with a real process on %s', (dialect) => {
  it(`survives SIGKILL in the middle of delivering ${ROWS.toLocaleString('en-US')} events: each arrives at least once and is acted on once`, async () => {
    // Slow enough that the kill lands while messages are in flight (16 at a time).
    const rx = await startReceiver({ delayMs: 80 });
    cleanups.push(() => rx.close());
    // A 15 s job lease (LAUREL_JOB_LEASE_SECONDS; 60 s by default for webhooks): the restarted process
    // takes over the killed one's claimed deliveries after it. One live process at a time, so a claim
    // running past the lease is never taken twice.
    const env = { LAUREL_DATABASE_URL: await database(dialect), LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1', LAUREL_JOB_LEASE_SECONDS: '15' };
    let server: RunningServer = await startServer(env);
    cleanups.push(() => server.stop());
    const { rt, endpointId } = await setUp(env, rx);
    await waitFor('some deliveries', () => rx.acted.size, (n) => n >= 150, 120_000);
    await server.kill();
    const atKill = rx.acted.size;
    expect(atKill).toBeLessThan(ROWS);
    server = await startServer(env);

    const delivered = async () => Number((await rt.deps.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<string | number>().as('n')).where('endpoint_id', '=', endpointId).where('delivered_at', 'is not', null).executeTakeFirstOrThrow()).n);
    // Deliveries the killed process had in flight are sent again once their lease (15 s here) runs out.
    await waitFor('every event delivered', delivered, (n) => n === ROWS, 300_000);

    const ids = (await rt.deps.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpointId).execute()).map((d) => d.id);
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    expect(rx.received.every((m) => m.verified)).toBe(true);
    // At least once: every event id arrived; exactly once acted: the receiver's deduped set is the events.
    for (const id of ids) expect(rx.seen(id), id).toBeGreaterThanOrEqual(1);
    expect(new Set(rx.acted.keys())).toEqual(new Set(ids));
    expect(rx.acted.size).toBe(ROWS);
    const awardIds = new Set([...rx.acted.values()].map((m) => m.payload!.data.award.id as string));
    expect(awardIds.size).toBe(ROWS);
    const repeats = ids.filter((id) => rx.seen(id) > 1).length;
    console.log(`webhooks e2e (${dialect}): ${atKill} acted on before the kill; ${repeats} ids arrived more than once; ${rx.received.length} requests for ${ROWS} events`);
  }, 500_000);
});
