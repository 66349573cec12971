import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';
import { buildApp } from '../app/build-app.ts';
import { ensureEndorsements } from '../domain/credentials/endorsement.ts';
import { DEMO_PASSWORD } from '../domain/seed/demo.ts';
import { presentDemoUsers, seedDemoIfEmpty } from '../domain/seed/demo-on-start.ts';
import { openLaurel, type Laurel } from '../app/compose.ts';
import { answerMetricsAsks, clusterMetricsText } from './cluster-metrics.ts';

/** Worker → primary: this worker is listening on `port`. */
interface ListeningMessage {
  readonly type: 'laurel:listening';
  readonly port: number;
}

/**
 * `laurel serve`. With LAUREL_WORKERS > 1 this process becomes a small supervisor (node:cluster): it
 * migrates and seeds once, then runs that many app processes sharing the port, restarts one that
 * crashes, and stops them all on SIGINT/SIGTERM. Every app process is complete and stateless beyond
 * the database (sessions, jobs with leases, the inventory's change log), as with several machines.
 */
export async function serve(config: Config): Promise<void> {
  if (config.workers > 1 && cluster.isPrimary) return supervise(config);
  return serveOne(config);
}

/** Migrates, seeds an empty database with the demo data if asked, and lists the demo sign-ins present. */
async function prepare(config: Config): Promise<{ demoLines: string[]; rt: Laurel }> {
  const rt = await openLaurel(config);
  if (config.seedDemo && (await seedDemoIfEmpty(rt.deps))) console.log('Empty database: added the demo institutions and users.');
  const endorsed = await ensureEndorsements(rt.deps);
  if (endorsed) console.log(`Signed the State Regents' endorsement of ${endorsed} program${endorsed === 1 ? '' : 's'} (new, or signed under another public URL).`);
  const present = await presentDemoUsers(rt.deps);
  const demoLines = present.length ? [`\nDemo sign-ins (password: ${DEMO_PASSWORD})`, ...present.map((u) => `  ${u.role.padEnd(18)} ${u.email}`)] : [];
  return { demoLines, rt };
}

function banner(config: Config, port: number, demoLines: string[], processes: number): void {
  const where = config.database.dialect === 'sqlite' ? config.database.file : 'PostgreSQL';
  const many = processes > 1 ? `, ${processes} app processes` : '';
  console.log(`\nLaurel is running at http://localhost:${port}  (public URL ${config.publicUrl}, database ${where}${many})`);
  for (const line of demoLines) console.log(line);
  console.log('\nPress Ctrl+C to stop.');
}

async function serveOne(config: Config): Promise<void> {
  const worker = cluster.isWorker;
  // A cluster worker's supervisor has already migrated and seeded; it only opens the database.
  const prepared = worker ? { rt: await openLaurel(config), demoLines: [] } : await prepare(config);
  const { rt } = prepared;
  // JSON log lines on stdout at LAUREL_LOG_LEVEL; under LAUREL_WORKERS /metrics answers for all app processes.
  const app = await buildApp(rt, worker ? { metricsText: clusterMetricsText(rt.metrics.registry) } : {});
  let closing = false;
  const shutdown = async (why: string) => {
    if (closing) return;
    closing = true;
    if (!worker) console.log(`\n${why}: shutting down…`);
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A worker whose supervisor is gone stops too, rather than serving on unsupervised.
  if (worker) process.on('disconnect', () => void shutdown('supervisor gone'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (worker) process.send?.({ type: 'laurel:listening', port } satisfies ListeningMessage);
  else banner(config, port, prepared.demoLines, 1);
}

/** Restarts allowed within a minute before the supervisor gives up (a crash loop, not a one-off). */
const MAX_RESTARTS_PER_MINUTE = 5;

async function supervise(config: Config): Promise<void> {
  const { rt, demoLines } = await prepare(config);
  await rt.close();

  if (config.metricsToken) answerMetricsAsks();
  const listening = new Set<number>();
  const restarts: number[] = [];
  let stopping = false;
  let announced = false;

  const stopAll = (code: number) => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    if (alive.length === 0) process.exit(code);
    process.exitCode = code;
    for (const w of alive) w.kill('SIGTERM');
    // Whatever has not stopped in 10 s is killed.
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(code);
    }, 10_000).unref();
  };

  cluster.on('message', (w, msg: ListeningMessage) => {
    if (msg?.type !== 'laurel:listening') return;
    listening.add(w.id);
    if (!announced && listening.size === config.workers) {
      announced = true;
      banner(config, msg.port, demoLines, config.workers);
    }
  });
  cluster.on('exit', (w, code, signal) => {
    const wasListening = listening.delete(w.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!wasListening) {
      console.error(`An app process failed to start (${how}); stopping.`);
      return stopAll(1);
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      console.error(`App processes keep exiting (${restarts.length} in a minute, last with ${how}); stopping.`);
      return stopAll(1);
    }
    console.error(`App process ${w.process.pid} exited (${how}); starting another.`);
    cluster.fork();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.log(`\n${signal}: shutting down…`);
      stopAll(0);
    });
  }
  for (let i = 0; i < config.workers; i++) cluster.fork();
}
