// Liveness and readiness (docs/OBSERVABILITY.md). /healthz: the process answers HTTP — nothing else is
// checked, so a database outage never gets every process restarted. /readyz: this process can do its
// work — the database answers (within 2 s) and the job worker is running and polling (a heartbeat in
// the last minute); else 503 problem+json naming the failed check, for a load balancer to route around.
import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../domain/health.ts';
import { problem } from '../kit/problem.ts';

/** A polling worker whose last poll is older than this is stuck (queues poll every second). */
export const HEARTBEAT_STALE_MS = 60_000;
const DB_TIMEOUT_MS = 2_000;

type Check = { ok: true } | { ok: false; reason: string };

async function databaseCheck(app: FastifyInstance): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pingDatabase(app.laurel.deps),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    app.log.error({ err }, 'readiness: the database did not answer');
    return { ok: false, reason: 'The database is not reachable.' };
  } finally {
    clearTimeout(timer);
  }
}

function workerCheck(app: FastifyInstance, startedAt: Date): Check {
  const h = app.laurel.worker.health();
  if (!h.running) return { ok: false, reason: 'The job worker is stopped.' };
  if (!h.polling) return { ok: true };
  const beat = h.lastBeatAt ?? startedAt;
  const age = app.laurel.deps.clock().getTime() - beat.getTime();
  return age > HEARTBEAT_STALE_MS ? { ok: false, reason: `The job worker has not polled for ${Math.round(age / 1000)} s.` } : { ok: true };
}

export function registerHealth(app: FastifyInstance): void {
  const startedAt = app.laurel.deps.clock();
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const checks = { database: await databaseCheck(app), worker: workerCheck(app, startedAt) };
    const failed = Object.entries(checks).filter((e): e is [string, { ok: false; reason: string }] => !e[1].ok);
    if (failed.length === 0) return { status: 'ready', database: app.laurel.deps.dialect, worker: 'running' };
    return reply
      .status(503)
      .type('application/problem+json')
      .send(problem('service_unavailable', failed.map(([, c]) => c.reason).join(' '), { details: { failed: failed.map(([name]) => name), checks: Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, c.ok ? 'ok' : c.reason])) } }));
  });
}
