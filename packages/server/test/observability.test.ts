// Issue #20 point 4, observability: /metrics (Prometheus text, bearer-protected), JSON logs whose request
// id follows a request into the jobs it queued, and /readyz naming the check that failed. Real servers on
// 127.0.0.1 (fetch), on SQLite and PostgreSQL; log lines read from pino's stream.
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { queueEmail } from '../src/domain/email.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeBadgeClass, makeAward } from './factories/awards.ts';
import { regents } from './factories/organizations.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { Scrape } from './support/prometheus.ts';

const TOKEN = 'ops2-metrics-token-0123456789abcdef';

type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const a = t.app.server.address();
  if (!a || typeof a !== 'object') throw new Error('not listening');
  return `http://127.0.0.1:${a.port}`;
}

async function scrape(base: string): Promise<Scrape> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return new Scrape(await res.text());
}

/** GET the form (for its CSRF token and cookie), then post it, as a browser would; `headers` on the post. */
async function postForm(base: string, path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const page = await fetch(`${base}${path}`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
    body: new URLSearchParams({ ...form, _csrf: csrf }).toString(),
  });
}

describe.each(DIALECTS)('observability on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  const lines: LogLine[] = [];
  const raw: string[] = [];

  beforeAll(async () => {
    const logStream = {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    };
    t = await makeTestApp(dialect, { env: { LAUREL_METRICS_TOKEN: TOKEN }, build: { logger: { logLevel: 'info', logStream } } });
    base = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a scrape without the token, or with a wrong one (401 problem+json)', async () => {
    const none = await fetch(`${base}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await none.json()) as { code: string }).code).toBe('unauthenticated');
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${base}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` } });
    expect(basic.status).toBe(401);
  });

  it('counts requests in the latency histogram by route template, never the raw URL', async () => {
    const before = await scrape(base);
    const labels = { method: 'GET', route: '/badges/:id', status_class: '4xx' };
    const count = (s: Scrape) => s.line('laurel_http_request_duration_seconds_count', labels);
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) expect((await fetch(`${base}/badges/${id}`)).status).toBe(404);
    const after = await scrape(base);
    expect(after.family('laurel_http_request_duration_seconds').type).toBe('HISTOGRAM');
    expect(count(after) - count(before)).toBe(2);
    for (const id of ids) expect(after.text).not.toContain(id);
    // A 404 without a route is one series, whatever the path.
    await fetch(`${base}/no/such/${randomUUID()}`);
    expect((await scrape(base)).line('laurel_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
  });

  it('reports queue depth, the oldest job and the mail outbox from the database, cached for 5 s by the app clock', async () => {
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    const before = await scrape(base);
    const pending = before.value('laurel_job_queue_depth', { queue: 'email', state: 'pending' });
    const mail = before.value('laurel_outbox_backlog', { kind: 'mail' });
    // Every queue reports, at 0 when empty.
    expect(before.sample('laurel_job_queue_depth', { queue: 'webhook', state: 'failed' })?.value).toBe('0');
    await queueEmail(repos(t.deps.db), { to: 'metrics@example.com', subject: 'Metrics', text: 'One more in the outbox.', html: '<p>One more.</p>' }, t.clock.now.toISOString());
    // Within the cache window the scrape still shows the old numbers.
    expect((await scrape(base)).value('laurel_job_queue_depth', { queue: 'email', state: 'pending' })).toBe(pending);
    t.clock.now = new Date(t.clock.now.getTime() + 30_000);
    const after = await scrape(base);
    expect(after.value('laurel_job_queue_depth', { queue: 'email', state: 'pending' })).toBe(pending + 1);
    expect(after.value('laurel_outbox_backlog', { kind: 'mail' })).toBe(mail + 1);
    expect(after.value('laurel_job_oldest_age_seconds', { queue: 'email' })).toBeGreaterThanOrEqual(30);
    expect(after.value('laurel_db_up')).toBe(1);
    await t.app.laurel.worker.drain();
    t.clock.now = new Date(t.clock.now.getTime() + 30_000);
    const drained = await scrape(base);
    expect(drained.value('laurel_job_queue_depth', { queue: 'email', state: 'pending' })).toBe(0);
    expect(drained.value('laurel_job_oldest_age_seconds', { queue: 'email' })).toBe(0);
  });

  it('counts signatures by suite, and reports the database pool and the process', async () => {
    const before = await scrape(base);
    const bc = await makeBadgeClass(t.deps, await regents(t.deps));
    await makeAward(t.deps, SYSTEM, bc);
    const after = await scrape(base);
    for (const suite of ['eddsa-rdfc-2022', 'jwt-rs256', 'jwt-es256']) expect(after.value('laurel_signing_total', { suite }) - before.value('laurel_signing_total', { suite })).toBe(1);
    expect(after.family('laurel_signing_total').type).toBe('COUNTER');
    expect(after.value('laurel_db_pool_max', { dialect })).toBe(dialect === 'sqlite' ? 1 : 10);
    expect(after.value('laurel_db_pool_total', { dialect })).toBeGreaterThanOrEqual(1);
    if (dialect === 'postgres') expect(after.sample('laurel_db_pool_waiting', { dialect })?.value).toBe('0');
    else expect(after.family('laurel_db_pool_idle').metrics).toEqual([]);
    expect(after.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(after.families.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it("carries a request's id into the job it queued: the worker's line for that job has the same requestId", async () => {
    const requestId = `ops2-${randomUUID()}`;
    const res = await postForm(base, '/forgot-password', { email: 'student@example.com' }, { 'x-request-id': requestId });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const done = lines.length;
    await t.app.laurel.worker.drain();
    const jobLine = lines.slice(done).find((l) => l.msg === 'job done' && l.queue === 'email' && l.requestId === requestId);
    expect(jobLine).toMatchObject({ requestId, queue: 'email', attempt: 1 });
    expect(typeof jobLine!.jobId).toBe('string');
    // The request's own line: JSON, the route template, the status, the same id.
    const requestLine = lines.find((l) => l.msg === 'request completed' && l.requestId === requestId);
    expect(requestLine).toMatchObject({ method: 'POST', route: '/forgot-password', statusCode: 200 });
    // No personal data or secret in any line: not the address, not a cookie, not the CSRF field.
    const all = raw.join('');
    expect(all).not.toContain('student@example.com');
    expect(all).not.toMatch(/laurel_session|_csrf|cookie/i);
  });

  it('replaces an unsafe incoming X-Request-Id with a new one', async () => {
    for (const bad of ['has space', 'x'.repeat(129), 'quote"d', 'a\u00e9']) {
      const res = await fetch(`${base}/healthz`, { headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id');
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('is ready while the database answers and the worker runs', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: dialect, worker: 'running' });
  });
});

describe.each(DIALECTS)('readiness failures on %s', (dialect) => {
  it('answers 503 naming the worker once it is stopped, then the database once it is closed; /healthz stays 200', async () => {
    const t = await makeTestApp(dialect, { seed: false, env: { LAUREL_METRICS_TOKEN: TOKEN } });
    let dbClosed = false;
    try {
      const base = await listen(t);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      await t.laurel.worker!.stop();
      const stopped = await fetch(`${base}/readyz`);
      expect(stopped.status).toBe(503);
      expect(stopped.headers.get('content-type')).toContain('application/problem+json');
      expect(await stopped.json()).toMatchObject({ code: 'service_unavailable', failed: ['worker'], checks: { database: 'ok', worker: 'The job worker is stopped.' } });

      await t.db.close();
      dbClosed = true;
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ code: 'service_unavailable', failed: ['database', 'worker'], checks: { database: 'The database is not reachable.' } });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      // The scrape still answers, saying the database did not.
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      const s = await scrape(base);
      expect(s.value('laurel_db_up')).toBe(0);
      expect(s.family('laurel_job_queue_depth').metrics).toEqual([]);
    } finally {
      await t.app.close();
      if (!dbClosed) await t.db.close();
      await t.fresh.drop();
    }
  });

  it('keeps /metrics off (404) when no LAUREL_METRICS_TOKEN is set', async () => {
    const t = await makeTestApp(dialect, { seed: false });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    } finally {
      await t.close();
    }
  });
});

describe('metrics of several app processes (LAUREL_WORKERS), aggregated as the supervisor does', () => {
  it('adds up counters and histograms, and takes the database-read gauges once', async () => {
    // Two app processes' registries on one database.
    const a = await makeTestApp('sqlite', { seed: false, env: { LAUREL_METRICS_TOKEN: TOKEN } });
    const two = await makeTestApp('sqlite', { seed: false, env: { LAUREL_METRICS_TOKEN: TOKEN }, fresh: a.fresh });
    try {
      await queueEmail(repos(a.deps.db), { to: 'one@example.com', subject: 'One', text: 'One.', html: '<p>One.</p>' }, a.clock.now.toISOString());
      for (const t of [a, two]) {
        t.laurel.metrics.domain.signed('eddsa-rdfc-2022', 3);
        await t.app.inject({ method: 'GET', url: '/healthz' });
      }
      const merged = AggregatorRegistry.aggregate([await a.laurel.metrics.registry.getMetricsAsJSON(), await two.laurel.metrics.registry.getMetricsAsJSON()]);
      const s = new Scrape(await merged.metrics());
      expect(s.value('laurel_signing_total', { suite: 'eddsa-rdfc-2022' })).toBe(6);
      expect(s.line('laurel_http_request_duration_seconds_count', { route: '/healthz' })).toBe(2);
      // One email queued in the shared database: 1, not 2.
      expect(s.value('laurel_job_queue_depth', { queue: 'email', state: 'pending' })).toBe(1);
      expect(s.value('laurel_outbox_backlog', { kind: 'mail' })).toBe(1);
      expect(s.value('laurel_db_pool_total', { dialect: 'sqlite' })).toBe(2);
    } finally {
      await two.app.close();
      await two.db.close();
      await a.close();
    }
  });
});
