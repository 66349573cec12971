// Three app nodes, each `laurel serve` in its own network namespace with its own address, against one
// PostgreSQL database, behind a balancer (issue #20, "several nodes"; docs/SCALING.md). A 1,500-row bulk
// file, its claim emails (to a real SMTP server) and its webhooks (to a receiver that verifies them with
// `standardwebhooks`) and changes to the inventory are each done once although all three nodes compete for
// them; one node is killed with SIGKILL while it holds a chunk of the file and the other two finish; the
// killed node starts again and takes work. Needs root and `ip` (it fails, never skips, without them).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../../packages/server/src/domain/accounts/sessions.ts';
import { createPersonalToken } from '../../packages/server/src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../../packages/server/src/domain/actor.ts';
import { confirmBatch, createBatch } from '../../packages/server/src/domain/issuance/batches.ts';
import { createWebhookEndpoint } from '../../packages/server/src/domain/webhooks/endpoints.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { startCluster, type Cluster } from './support/cluster.ts';
import { nodeName } from './support/netns.ts';
import type { AppNode } from './support/node.ts';

const ROWS = 1_500;
let c: Cluster;
let endpointId: string;
let reviewerToken: string;

beforeAll(async () => {
  c = await startCluster(3);
  const r = repos(c.rt.deps.db);
  const as = async (email: string) => (await actorForUser(c.rt.deps, (await r.users.findByEmail(email))!.id))!;
  const { endpoint, secret } = await createWebhookEndpoint(c.rt.deps, await as('admin@regents.example.org'), { slug: 'red-river', url: c.receiver.url('/sis'), events: ['award.issued', 'program.suspended', 'program.published'] });
  c.receiver.setSecret('/sis', secret);
  endpointId = endpoint.id;
  reviewerToken = (await createPersonalToken(c.rt.deps, SYSTEM, { userId: (await r.users.findByEmail('reviewer@regents.example.org'))!.id, name: 'multi-node test' })).token;
}, 400_000);

afterAll(async () => {
  await c?.close();
}, 120_000);

async function waitFor<T>(what: string, fn: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

const num = (v: string | number | bigint) => Number(v);

async function startBatch(rows: number, prefix: string): Promise<string> {
  const r = repos(c.rt.deps.db);
  const issuer = (await actorForUser(c.rt.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
  const org = (await r.organizations.findBySlug('red-river'))!;
  const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
  const lines = ['recipient_email,first_name,last_name'];
  for (let i = 1; i <= rows; i++) lines.push(`${prefix}${i}@example.com,Learner,Number ${i}`);
  const b = await createBatch(c.rt.deps, issuer, { badgeClassId: bc.id, filename: `${prefix}.csv`, csv: `${lines.join('\n')}\n`, notify: true });
  expect(b.invalidRows).toBe(0);
  await confirmBatch(c.rt.deps, issuer, b.id);
  return b.id;
}

async function batchState(batchId: string) {
  const db = c.rt.deps.db;
  const a = await db.selectFrom('awards').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('batch_row').distinct().as('d')]).where('batch_id', '=', batchId).executeTakeFirstOrThrow();
  const b = (await repos(db).issueBatches.findById(batchId))!;
  return { awards: num(a.n), distinctRows: num(a.d), status: b.status };
}

const chunkJobs = (batchId: string) =>
  c.rt.deps.db.selectFrom('jobs').select(['id', 'status', 'locked_by', 'attempts']).where('queue', '=', 'issue_batch').where('payload', 'like', `%${batchId}%`).execute();

/** Running chunks whose holder's lease has at least 5 s to run (the database's clock; the nodes share it). */
const heldChunks = (batchId: string) =>
  c.rt.deps.db
    .selectFrom('jobs')
    .select(['id', 'status', 'locked_by', 'attempts'])
    .where('queue', '=', 'issue_batch')
    .where('status', '=', 'running')
    .where('payload', 'like', `%${batchId}%`)
    .where('locked_until', '>', new Date(Date.now() + 5_000).toISOString())
    .execute();

/** The node (by its pid in the job's claim, `<host>:<pid>:…`) that holds a running chunk, if any. */
const holder = (lockedBy: string | null, nodes: readonly AppNode[]) => nodes.find((n) => lockedBy?.includes(`:${n.pid}:`));

/** How many emails and webhook messages are queued so far, and how many of them are sent (counted in SQL: polled). */
async function outbox() {
  const db = c.rt.deps.db;
  const e = await db.selectFrom('jobs').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>(eb.case().when('status', '=', 'done').then(1).else(0).end()).as('done')]).where('queue', '=', 'email').executeTakeFirstOrThrow();
  const h = await db.selectFrom('webhook_deliveries').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('delivered_at').as('done')]).where('endpoint_id', '=', endpointId).executeTakeFirstOrThrow();
  return { emails: num(e.n), emailsDone: num(e.done ?? 0), hooks: num(h.n), hooksDelivered: num(h.done) };
}

const allSent = (o: Awaited<ReturnType<typeof outbox>>) => o.emailsDone === o.emails && o.hooksDelivered === o.hooks;

/** Every queued message was received at least once; acted on (deduplicated by its id) exactly once each. */
async function expectDeliveredOnce(): Promise<{ emails: number; hooks: number; mailRepeats: number; hookRepeats: number }> {
  const db = c.rt.deps.db;
  const emailIds = (await db.selectFrom('jobs').select('id').where('queue', '=', 'email').execute()).map((j) => j.id);
  const hookIds = (await db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpointId).execute()).map((d) => d.id);
  for (const id of emailIds) expect(c.smtp.byId.get(`<${id}@laurel>`) ?? 0, `email ${id}`).toBeGreaterThanOrEqual(1);
  expect(c.smtp.byId.size).toBe(emailIds.length);
  expect(new Set(c.receiver.acted.keys())).toEqual(new Set(hookIds));
  expect(c.receiver.received.every((m) => m.verified)).toBe(true);
  return { emails: emailIds.length, hooks: hookIds.length, mailRepeats: c.smtp.received.length - c.smtp.byId.size, hookRepeats: c.receiver.received.length - c.receiver.acted.size };
}

async function inventoryHas(node: AppNode, title: string, programId: string): Promise<boolean> {
  const res = await fetch(`${node.url}/api/v1/inventory?q=${encodeURIComponent(title)}&per_page=50`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.some((i) => i.id === programId);
}

async function api(base: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${reviewerToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: await res.json() };
}

const inventoryChanges = async (programId: string) => num((await c.rt.deps.db.selectFrom('inventory_changes').select((eb) => eb.fn.countAll<string>().as('n')).where('program_id', '=', programId).executeTakeFirstOrThrow()).n);

/** One request through the balancer on a fresh connection (no keep-alive): which node answered is the balancer's choice. */
async function viaBalancer(p: string): Promise<number> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    http.get(`${c.publicUrl}${p}`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

const servedBy = (n: AppNode) => c.balancer.served.get(new URL(n.url).host) ?? 0;

let program: { requestId: string; programId: string; title: string };

describe('three app nodes in their own network namespaces on one PostgreSQL database', () => {
  it('answers through the balancer from every node, and each node reaches PostgreSQL only over the bridge', async () => {
    for (const n of c.nodes) expect(new URL(n.url).hostname).toMatch(/^10\.77\.0\.1[1-3]$/);
    // Inside a namespace the machine's PostgreSQL (127.0.0.1:5432) is not there: the nodes use the bridge.
    const probe = "require('net').connect(5432, '127.0.0.1').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })";
    expect(execFileSync('ip', ['netns', 'exec', nodeName(1), process.execPath, '-e', probe]).toString().trim()).toBe('ECONNREFUSED');
    const before = c.nodes.map(servedBy);
    for (let i = 0; i < 6; i++) expect(await viaBalancer('/readyz')).toBe(200);
    // Round robin over three live nodes: six fresh connections, two each.
    expect(c.nodes.map((n, i) => servedBy(n) - before[i]!)).toEqual([2, 2, 2]);
  });

  it('makes an inventory change sent to all three nodes at once exactly once, and every node searches the result', async () => {
    const list = await api(c.publicUrl, 'GET', '/requests?institution=red-river&state=approved&per_page=50');
    expect(list.status).toBe(200);
    let found: { id: string; version: number; program_id: string; title: string } | undefined;
    for (const item of list.json.items as { id: string }[]) {
      const one = await api(c.publicUrl, 'GET', `/requests/${item.id}`);
      if (one.json.program_status === 'active' && one.json.program_actions.includes('suspend')) {
        found = one.json;
        break;
      }
    }
    expect(found, 'an active Red River program the reviewer may suspend').toBeDefined();
    program = { requestId: found!.id, programId: found!.program_id, title: found!.title };
    for (const n of c.nodes) expect(await inventoryHas(n, program.title, program.programId), n.name).toBe(true);
    const changesBefore = await inventoryChanges(program.programId);

    // The same decision, with the same version, to each node directly and at once.
    const answers = await Promise.all(c.nodes.map((n) => api(n.url, 'POST', `/requests/${program.requestId}/transitions`, { action: 'suspend', comment: 'Checked by the multi-node test.', version: found!.version })));
    const won = answers.filter((a) => a.status === 200);
    expect(won, JSON.stringify(answers.map((a) => [a.status, a.json.code]))).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expect([a.status, a.json.code]).toEqual([409, 'request_conflict']);
    expect(await inventoryChanges(program.programId)).toBe(changesBefore + 1);
    for (const n of c.nodes) expect(await inventoryHas(n, program.title, program.programId), n.name).toBe(false);

    const back = await api(c.publicUrl, 'POST', `/requests/${program.requestId}/transitions`, { action: 'reinstate', version: won[0]!.json.version });
    expect(back.status, JSON.stringify(back.json)).toBe(200);
    expect(await inventoryChanges(program.programId)).toBe(changesBefore + 2);
    for (const n of c.nodes) expect(await inventoryHas(n, program.title, program.programId), n.name).toBe(true);
  });

  let victim: AppNode | undefined;

  it(`issues a ${ROWS.toLocaleString('en-US')}-row file once across the nodes; one is killed with SIGKILL holding a chunk and the others finish it`, async () => {
    const batchId = await startBatch(ROWS, 'nodes.learner');
    // Kill a node while it holds a chunk whose lease still runs (read from the database, not guessed from
    // time) once rows are being issued. Should the chunk be finished (or its lease lapse and another node
    // take it) in the instant before the kill, the node is started again and the next holder is killed.
    let victimPid = 0;
    let orphans: Awaited<ReturnType<typeof chunkJobs>> = [];
    let atKill = { awards: 0, distinctRows: 0, status: '' };
    for (let attempt = 1; attempt <= 3 && orphans.length === 0; attempt++) {
      if (victim) await victim.start();
      const seen = await waitFor(
        'a node holding a chunk after some rows are issued',
        async () => ({ state: await batchState(batchId), running: await heldChunks(batchId) }),
        (v) => v.state.status === 'done' || (v.state.awards >= 500 && v.running.length > 0),
      );
      expect(seen.state.status, 'the file finished before a node could be killed holding a chunk').not.toBe('done');
      victim = holder(seen.running[0]!.locked_by, c.nodes)!;
      victimPid = victim.pid;
      await victim.kill();
      orphans = (await chunkJobs(batchId)).filter((j) => j.status === 'running' && j.locked_by?.includes(`:${victimPid}:`));
      atKill = await batchState(batchId);
    }
    expect(orphans.length, 'chunks the killed node held').toBeGreaterThan(0);
    expect(atKill.awards).toBeLessThan(ROWS);

    // The file is marked done in the last row's transaction; its job is marked done just after: wait for both.
    await waitFor('the file and its chunks to finish on the two other nodes', async () => ({ s: await batchState(batchId), jobs: (await chunkJobs(batchId)).map((j) => j.status) }), (v) => v.s.status === 'done' && v.jobs.every((st) => st === 'done'), 600_000);
    expect(await batchState(batchId)).toEqual({ awards: ROWS, distinctRows: ROWS, status: 'done' });
    const jobs = await chunkJobs(batchId);
    for (const o of orphans) {
      const now = jobs.find((j) => j.id === o.id)!;
      // Taken over after the killed node's lease ran out, and finished by a survivor.
      expect(now.status).toBe('done');
      expect(now.locked_by).not.toContain(`:${victimPid}:`);
      expect(holder(now.locked_by, c.nodes)).toBeDefined();
      expect(now.attempts).toBeGreaterThanOrEqual(2);
    }
    const workers = new Set(jobs.map((j) => j.locked_by!.split(':')[1]));
    expect(workers.size, 'nodes that ran chunks').toBeGreaterThanOrEqual(2);

    await waitFor('every email and webhook message sent', outbox, allSent, 600_000);
    const claimEmails = num((await c.rt.deps.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('queue', '=', 'email').where('payload', 'like', '%nodes.learner%').executeTakeFirstOrThrow()).n);
    expect(claimEmails).toBe(ROWS);
    const repeats = await expectDeliveredOnce();
    // One award.issued per award, and the one suspension the three nodes raced for (a reinstatement sends no event).
    const types = await c.rt.deps.db.selectFrom('webhook_deliveries').select((eb) => ['event_type', eb.fn.countAll<string>().as('n')]).where('endpoint_id', '=', endpointId).groupBy('event_type').execute();
    expect(Object.fromEntries(types.map((t) => [t.event_type, num(t.n)]))).toEqual({ 'award.issued': ROWS, 'program.suspended': 1 });
    console.log(`nodes e2e: ${atKill.awards} awards at the kill of ${victim!.name} (${orphans.length} chunk(s) held); chunks by ${workers.size} processes; ${repeats.emails} emails (${repeats.mailRepeats} sent again), ${repeats.hooks} webhook messages (${repeats.hookRepeats} sent again)`);
  }, 1_200_000);

  it('starts the killed node again: it rejoins the balancer and takes jobs, and serves the inventory as changed', async () => {
    const back = victim!;
    await back.start();
    const before = servedBy(back);
    for (let i = 0; i < 3; i++) expect(await viaBalancer('/readyz')).toBe(200);
    expect(servedBy(back)).toBe(before + 1);
    expect(await inventoryHas(back, program.title, program.programId)).toBe(true);

    // A rolling restart: the other two stop (SIGTERM); the rejoined node alone takes the next file.
    const others = c.nodes.filter((n) => n !== back);
    await Promise.all(others.map((n) => n.stop()));
    for (let i = 0; i < 3; i++) expect(await viaBalancer('/readyz')).toBe(200);
    const batchId = await startBatch(500, 'rejoin.learner');
    await waitFor('the second file and its chunks to finish', async () => ({ s: await batchState(batchId), jobs: (await chunkJobs(batchId)).map((j) => j.status) }), (v) => v.s.status === 'done' && v.jobs.every((st) => st === 'done'), 600_000);
    expect(await batchState(batchId)).toEqual({ awards: 500, distinctRows: 500, status: 'done' });
    for (const j of await chunkJobs(batchId)) expect(j.locked_by).toContain(`:${back.pid}:`);
    await waitFor("the second file's emails and webhooks sent", outbox, allSent, 600_000);
    await expectDeliveredOnce();
    await Promise.all(others.map((n) => n.start()));
  }, 1_200_000);
});
