// Laurel's Prometheus metrics (prom-client), one registry per composed Laurel (no global registry: tests
// build many apps in one process). Counters and histograms are this process's own; the job-queue and
// outbox gauges are read from the database at scrape time (cached a few seconds), so every process of
// an installation reports the same numbers — and under LAUREL_WORKERS the supervisor's aggregate takes
// one copy of them rather than the sum (aggregator 'first'). docs/OBSERVABILITY.md lists them all.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DomainMetrics } from '../domain/deps.ts';
import type { JobBacklog } from '../domain/health.ts';
import type { PoolStats } from '../storage/db.ts';

/** The gauges read from the database are reused for this long (by the app's clock) between scrapes. */
export const BACKLOG_CACHE_MS = 5_000;

/** The queues that report as outboxes: mail and webhook deliveries waiting to go out. */
const OUTBOX_KINDS: Readonly<Record<string, string>> = { email: 'mail', webhook: 'webhooks' };
const STATES = ['pending', 'running', 'failed'] as const;

export interface MetricsSources {
  /** Every queue this installation has: each reports, at 0 when empty, so an alert never sees a missing series. */
  readonly queues: readonly string[];
  readonly clock: () => Date;
  readonly readBacklog: () => Promise<JobBacklog>;
  readonly poolStats: () => PoolStats;
  readonly dialect: string;
}

export interface RequestObservation {
  readonly method: string;
  /** Fastify's route template (routeOptions.url), never the raw URL; `unmatched` for a 404 with no route. */
  readonly route: string;
  readonly statusCode: number;
  readonly seconds: number;
}

export interface LaurelMetrics {
  readonly registry: Registry;
  /** What the domain counts (signatures). */
  readonly domain: DomainMetrics;
  observeRequest(o: RequestObservation): void;
  /** prom-client's default process metrics (CPU, memory, event loop, GC), once: only an app that serves /metrics pays for them. */
  collectProcessMetrics(): void;
  /** The exposition text (this process's registry). */
  render(): Promise<string>;
  readonly contentType: string;
}

/** One snapshot of the database-read gauges at a time, reused for BACKLOG_CACHE_MS. */
function backlogCache(src: MetricsSources) {
  let cached: { at: number; value: Promise<JobBacklog | undefined> } | undefined;
  return (): Promise<JobBacklog | undefined> => {
    const now = src.clock().getTime();
    if (!cached || now - cached.at >= BACKLOG_CACHE_MS || now < cached.at) {
      // A failed read reports no queue numbers this time (laurel_db_up 0) rather than failing the scrape.
      cached = { at: now, value: src.readBacklog().catch(() => undefined) };
    }
    return cached.value;
  };
}

function backlogGauges(registry: Registry, src: MetricsSources): void {
  const snapshot = backlogCache(src);
  new Gauge({
    name: 'laurel_job_queue_depth',
    help: 'Jobs in the database queue by state (pending: waiting or scheduled for a retry; running: claimed; failed: gave up). Read from the database: the same on every process.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    aggregator: 'first',
    async collect() {
      const b = await snapshot();
      this.reset();
      if (!b) return;
      for (const queue of src.queues) for (const state of STATES) this.set({ queue, state }, 0);
      for (const c of b.counts) this.set({ queue: c.queue, state: c.status }, c.n);
    },
  });
  new Gauge({
    name: 'laurel_job_oldest_age_seconds',
    help: 'Seconds since the oldest due pending job of the queue became due (0 when none waits). Read from the database.',
    labelNames: ['queue'],
    registers: [registry],
    aggregator: 'first',
    async collect() {
      const b = await snapshot();
      this.reset();
      if (!b) return;
      const now = src.clock().getTime();
      for (const queue of src.queues) this.set({ queue }, 0);
      for (const o of b.oldestReady) this.set({ queue: o.queue }, Math.max(0, (now - Date.parse(o.runAt)) / 1000));
    },
  });
  new Gauge({
    name: 'laurel_outbox_backlog',
    help: 'Messages waiting to go out (pending or being sent): kind mail (the email queue) or webhooks (the webhook delivery queue). Read from the database.',
    labelNames: ['kind'],
    registers: [registry],
    aggregator: 'first',
    async collect() {
      const b = await snapshot();
      this.reset();
      if (!b) return;
      for (const kind of Object.values(OUTBOX_KINDS)) this.set({ kind }, 0);
      for (const c of b.counts) {
        const kind = OUTBOX_KINDS[c.queue];
        if (kind && c.status !== 'failed') this.inc({ kind }, c.n);
      }
    },
  });
  new Gauge({
    name: 'laurel_db_up',
    help: '1 when the last read of the job queues for these metrics worked, 0 when the database did not answer it.',
    registers: [registry],
    aggregator: 'min',
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
}

function poolGauges(registry: Registry, src: MetricsSources): void {
  const gauge = (name: string, help: string, pick: (s: PoolStats) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['dialect'],
      registers: [registry],
      collect() {
        this.reset();
        const v = pick(src.poolStats());
        if (v !== undefined) this.set({ dialect: src.dialect }, v);
      },
    });
  gauge('laurel_db_pool_max', 'Connections the pool may open (SQLite: 1).', (s) => s.max);
  gauge('laurel_db_pool_total', 'Connections open now (SQLite: 1, the one connection).', (s) => s.total);
  gauge('laurel_db_pool_idle', 'Open connections not in use (PostgreSQL only).', (s) => s.idle);
  gauge('laurel_db_pool_waiting', 'Queries waiting for a connection (PostgreSQL only): above 0 for long, the pool is too small or queries too slow.', (s) => s.waiting);
}

export function createMetrics(src: MetricsSources): LaurelMetrics {
  const registry = new Registry();
  const http = new Histogram({
    name: 'laurel_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status class.',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const signing = new Counter({
    name: 'laurel_signing_total',
    help: 'Signatures made by this process, by suite (eddsa-rdfc-2022 Data Integrity proofs; jwt-rs256 and jwt-es256 VC-JWTs).',
    labelNames: ['suite'],
    registers: [registry],
  });
  backlogGauges(registry, src);
  poolGauges(registry, src);
  let processMetrics = false;
  return {
    registry,
    domain: { signed: (suite, n) => signing.inc({ suite }, n) },
    observeRequest: (o) => http.observe({ method: o.method, route: o.route, status_class: `${Math.floor(o.statusCode / 100)}xx` }, o.seconds),
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
