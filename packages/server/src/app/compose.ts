// The one composition root. Everything that runs Laurel — `laurel serve`, every CLI command, the test
// helpers and the benches — builds its dependencies here: the domain's Deps, the job handlers (mail,
// bulk issuing), the periodic checks (re-review and expiry reminders) and the signing pool. Nothing
// else constructs these, so a process is wired the same way whichever door it came in by.
import { purgeExpiredOAuth } from '../domain/oauth/purge-expired.ts';
import { EXPORT_QUEUE, type ExportJobPayload } from '../domain/exports/exports.ts';
import { purgeExpiredExports } from '../domain/exports/purge-expired-exports.ts';
import { purgeExpiredData, RETENTION_QUEUE, scheduleRetentionPurge } from '../domain/privacy/purge.ts';
import { BACKUP_QUEUE, runScheduledBackup, scheduleBackup, type ScheduledBackupPayload } from '../domain/backup/scheduled-backup.ts';
import { runExport } from '../domain/exports/run-export.ts';
import { createDocumentLoader } from '@laurel/credentials';
import type { Config } from '../config.ts';
import { argon2Hasher } from '../domain/accounts/passwords.ts';
import { ensureOrganizationKeys } from '../domain/credentials/org-keys.ts';
import { ensureStatusLists } from '../domain/credentials/status-lists.ts';
import type { Deps, PasswordHasher } from '../domain/deps.ts';
import { EMAIL_QUEUE, type EmailMessage } from '../domain/email.ts';
import { ensureRegents } from '../domain/institutions/institutions.ts';
import { ISSUE_QUEUE, processBatchChunk, type ChunkPayload } from '../domain/issuance/batches.ts';
import type { SignMany } from '../domain/issuance/issue-awards.ts';
import { processStatusBatchChunk, STATUS_QUEUE, type StatusChunkPayload } from '../domain/issuance/change-status-by-csv.ts';
import { sendExpiryReminders } from '../domain/issuance/reminders.ts';
import { notifyDueRereviews } from '../domain/review/rereview.ts';
import { MONTHLY_REPORT_QUEUE, scheduleMonthlyReport, sendMonthlyReport, type MonthlyReportPayload } from '../domain/reporting/monthly-report.ts';
import { announceExpiredAwards } from '../domain/webhooks/announce-expired-awards.ts';
import { checkPlacementResults, LTI_CHECK_QUEUE, queueAutomaticChecks, type CheckPayload } from '../domain/lti/check-results.ts';
import { createWebhookDeliverer, WEBHOOK_TIMEOUT_MS } from '../domain/webhooks/deliver.ts';
import type { DeliveryJob } from '../domain/webhooks/emit.ts';
import { WEBHOOK_QUEUE } from '../domain/webhooks/events.ts';
import { runPathwayProgressJob } from '../domain/pathways/milestones.ts';
import { PATHWAY_PROGRESS_QUEUE, type PathwayProgressPayload } from '../domain/pathways/progress-jobs.ts';
import { CTDL_QUEUE, publishToRegistry, type CtdlJob } from '../domain/ctdl/publish-to-registry.ts';
import { createSigningPool, type SigningPool } from '../jobs/signing-pool.ts';
import { RetryJob, startWorker, type JobHandler, type QueueOptions, type Worker, type WorkerLog } from '../jobs/worker.ts';
import { createSecretBox, loadMasterKey } from '../keys.ts';
import { createMailTransport, type MailTransport } from '../mail/transport.ts';
import { createSafeFetcher, type RemoteFetcher } from '../net/safe-fetch.ts';
import { createGuardedFetch, type GuardedFetch } from '../net/guarded-fetch.ts';
import { migrateToLatest, openDatabase, type Db } from '../storage/db.ts';
import { createSearchIndex } from '../storage/search/index.ts';
import { readJobBacklog } from '../domain/health.ts';
import { createMetrics, type LaurelMetrics } from './metrics.ts';

export interface ComposeOptions {
  readonly config: Config;
  readonly db: Db;
  readonly masterKey: Buffer;
  readonly passwords?: PasswordHasher;
  readonly clock?: () => Date;
  readonly mail?: MailTransport;
  /** Remote document fetcher for the verifier; tests pass one that reaches no network. */
  readonly remote?: RemoteFetcher;
  /** fetch() for OpenID Connect (token endpoint POSTs), SSRF-guarded; tests pass one that reaches no network. */
  readonly fetch?: GuardedFetch;
  /** close() closes the database too (a process that opened it itself: openLaurel). */
  readonly ownsDatabase?: boolean;
}

export interface JobsOptions {
  readonly log: WorkerLog;
  /** Poll for jobs in the background (default true). Tests turn it off and call worker.drain(). */
  readonly autoPoll?: boolean;
  /** The queues this process works (default: all). `laurel issue` works the bulk queue only. */
  readonly queues?: readonly string[];
  /** Run the hourly re-review and expiry-reminder checks (default: when autoPoll). */
  readonly schedules?: boolean;
}

/** A wired Laurel: what a process needs to serve pages, run commands or work jobs. */
export interface Laurel {
  readonly config: Config;
  readonly db: Db;
  readonly masterKey: Buffer;
  readonly deps: Deps;
  readonly mail: MailTransport;
  /** This process's Prometheus registry (app/metrics.ts); `/metrics` serves it when LAUREL_METRICS_TOKEN is set. */
  readonly metrics: LaurelMetrics;
  /** The job worker, once startJobs has been called. */
  readonly worker: Worker | undefined;
  /** Starts this process's job worker (once) and, if asked, the periodic checks. */
  startJobs(opts: JobsOptions): Worker;
  /** The bulk-issue signing pool's signMany (its threads start on first use); undefined with LAUREL_SIGNING_THREADS=0. The issuance bench signs on it alone. */
  signer(): SignMany | undefined;
  /** Stops the worker, the schedules and the signing pool, closes the mail transport, and the database if this owns it. */
  close(): Promise<void>;
}

const HOUR = 3_600_000;

/** A queue's lease: its own, unless LAUREL_JOB_LEASE_SECONDS sets one for all. */
function leaseFor(config: Config, ms: number): number {
  return config.jobLeaseSeconds ? config.jobLeaseSeconds * 1000 : ms;
}

/**
 * Re-review reminders, expiry reminders, award.expired webhooks, LTI checks, the OAuth purge, expired
 * exports, the monthly report and the day's retention purge: run at start and hourly; mark-then-send is safe across processes.
 */
function periodicChecks(deps: Deps, log: WorkerLog): () => void {
  return () => {
    void notifyDueRereviews(deps).catch((err: unknown) => log.error({ err }, 're-review check failed'));
    void sendExpiryReminders(deps).catch((err: unknown) => log.error({ err }, 'expiry reminder check failed'));
    void announceExpiredAwards(deps).catch((err: unknown) => log.error({ err }, 'award.expired webhook check failed'));
    void queueAutomaticChecks(deps).catch((err: unknown) => log.error({ err }, 'LTI results check scheduling failed'));
    void purgeExpiredOAuth(deps).catch((err: unknown) => log.error({ err }, 'OAuth purge failed'));
    void purgeExpiredExports(deps).catch((err: unknown) => log.error({ err }, 'export purge failed'));
    void scheduleMonthlyReport(deps).catch((err: unknown) => log.error({ err }, 'monthly report scheduling failed'));
    void scheduleRetentionPurge(deps).catch((err: unknown) => log.error({ err }, 'retention purge scheduling failed'));
    void scheduleBackup(deps).catch((err: unknown) => log.error({ err }, 'backup scheduling failed'));
  };
}

/** The monthly report's and the complete exports' queues: long jobs, one at a time per process. */
function reportingHandlers(deps: Deps, config: Config): Record<string, JobHandler | QueueOptions> {
  return {
    // The monthly report to the Regents' staff: drawn (charts, PDF) and queued as one email each.
    [MONTHLY_REPORT_QUEUE]: {
      handler: async (payload) => {
        // Vega and pdf-lib load only in a process that draws a report.
        const [{ renderChartPng }, { monthlyReportRenderer }] = await Promise.all([import('../web/charts/render.ts'), import('../web/reports/monthly-email.ts')]);
        await sendMonthlyReport(deps, monthlyReportRenderer(config, { png: (chart) => renderChartPng(chart) }), payload as MonthlyReportPayload);
      },
      leaseMs: leaseFor(config, 300_000),
      claimLimit: 1,
    },
    // Complete exports run long: one at a time per process, the lease pushed on by every write, so a
    // killed process's export starts over elsewhere within two minutes (run-export.ts).
    [EXPORT_QUEUE]: {
      handler: async (payload, ctx) => {
        await runExport(deps, payload as ExportJobPayload, { jobId: ctx.jobId, attempt: ctx.attempt });
      },
      leaseMs: 120_000,
      claimLimit: 1,
    },
  };
}

/**
 * Milestone badges: one earner's pathways per job (or a published pathway's back-fill); the claim on
 * the milestone row keeps two processes from issuing one milestone twice.
 */
function pathwayHandlers(deps: Deps, config: Config): Record<string, JobHandler | QueueOptions> {
  return {
    [PATHWAY_PROGRESS_QUEUE]: {
      handler: async (payload) => {
        await runPathwayProgressJob(deps, payload as PathwayProgressPayload);
      },
      leaseMs: leaseFor(config, 60_000),
      // One per claim: a worker that found work claims again at once, and the other processes get the rest.
      claimLimit: 1,
    },
  };
}

/**
 * Publishing to the Credential Engine Registry: a refused document fails for good (the publishing page
 * shows why and retries it); an unreachable or busy registry is tried again with the worker's back-off.
 */
function publishingHandlers(deps: Deps, config: Config): Record<string, JobHandler | QueueOptions> {
  return {
    [CTDL_QUEUE]: {
      handler: async (payload) => {
        const o = await publishToRegistry(deps, payload as CtdlJob);
        if (o.kind === 'retry') throw new Error(o.error);
        if (o.kind === 'failed') throw new RetryJob(o.error, null);
      },
      leaseMs: leaseFor(config, 60_000),
      claimLimit: 4,
    },
  };
}

/** Scheduled backups (LAUREL_BACKUP_DIR): one job per slot across all processes; a long job, one at a time. */
function backupHandlers(deps: Deps, config: Config, masterKey: Buffer, log: () => WorkerLog | undefined): Record<string, JobHandler | QueueOptions> {
  return {
    [BACKUP_QUEUE]: {
      handler: async (payload) => {
        const r = await runScheduledBackup(deps, masterKey, payload as ScheduledBackupPayload);
        log()?.info({ backup: r }, r.written ? 'scheduled backup written' : 'scheduled backup already written');
      },
      leaseMs: leaseFor(config, 3_600_000),
      claimLimit: 1,
    },
  };
}

/** The day's retention purge (domain/privacy/purge.ts): one job per UTC day across all processes. */
function privacyHandlers(deps: Deps, config: Config, log: () => WorkerLog | undefined): Record<string, JobHandler | QueueOptions> {
  return {
    [RETENTION_QUEUE]: {
      handler: async () => {
        const counts = await purgeExpiredData(deps);
        log()?.info({ retention: counts }, 'retention purge done');
      },
      leaseMs: leaseFor(config, 300_000),
      claimLimit: 1,
    },
  };
}

/**
 * Webhook deliveries: the same SSRF guard, with the 10 s a receiver gets to answer. They wait on
 * receivers, so several run at once; the handler sets the retry time (the Standard Webhooks schedule).
 * The lease outlasts the 10 s timeout: a killed process's deliveries are sent again after it (at least
 * once; receivers dedupe by webhook-id).
 */
function webhookHandlers(deps: Deps, config: Config, fetch: ComposeOptions['fetch']): Record<string, JobHandler | QueueOptions> {
  const deliverWebhook = createWebhookDeliverer(deps, { fetch: fetch ?? createGuardedFetch({ allowHosts: config.fetchAllowHosts, timeoutMs: WEBHOOK_TIMEOUT_MS }) });
  return {
    [WEBHOOK_QUEUE]: {
      handler: async (payload) => {
        const o = await deliverWebhook(payload as DeliveryJob);
        if (o.kind === 'retry') throw new RetryJob(o.error, o.at);
        if (o.kind === 'failed') throw new RetryJob(o.error, null);
      },
      leaseMs: leaseFor(config, 60_000),
      claimLimit: 64,
      concurrency: 16,
    },
  };
}

/** The process's metrics, reading the database through the domain at scrape time. */
function laurelMetrics(db: Db, deps: () => Deps, queues: () => readonly string[]): LaurelMetrics {
  return createMetrics({
    get queues() {
      return queues();
    },
    clock: () => deps().clock(),
    readBacklog: () => readJobBacklog(deps()),
    poolStats: () => db.poolStats(),
    dialect: db.dialect,
  });
}

export function compose(opts: ComposeOptions): Laurel {
  const { config, db } = opts;
  const mail = opts.mail ?? createMailTransport(config);
  let worker: Worker | undefined;
  let signingPool: SigningPool | undefined;
  let timer: NodeJS.Timeout | undefined, jobLog: WorkerLog | undefined;
  let closed = false;
  const metrics = laurelMetrics(db, () => deps, () => Object.keys(handlers)); // read at scrape time only
  const deps: Deps = {
    db: db.kysely,
    dialect: db.dialect,
    config,
    clock: opts.clock ?? (() => new Date()),
    passwords: opts.passwords ?? argon2Hasher(),
    wake: () => worker?.wake(),
    secrets: createSecretBox(opts.masterKey),
    documentLoader: createDocumentLoader(),
    // Our own documents are answered in-process (domain/credentials/own-origin.ts), never fetched: so our
    // own origin gets no exception here, and a redirect from elsewhere to it is checked like any address.
    remote: opts.remote ?? createSafeFetcher({ allowHosts: config.fetchAllowHosts }),
    fetch: opts.fetch ?? createGuardedFetch({ allowHosts: config.fetchAllowHosts }),
    search: createSearchIndex(db.kysely),
    metrics: metrics.domain,
  };
  // Bulk issuing signs in worker threads (one per core by default), started on first use.
  const signMany = () => {
    if (config.signingThreads <= 0) return {};
    signingPool ??= createSigningPool(config.signingThreads);
    return { signMany: signingPool.signMany };
  };
  const handlers: Record<string, JobHandler | QueueOptions> = {
    [EMAIL_QUEUE]: {
      handler: async (payload, ctx) => {
        await mail.send({ ...(payload as EmailMessage), id: ctx.jobId });
      },
      leaseMs: leaseFor(config, 60_000),
    },
    // One chunk of a bulk file at a time per lane, on a short lease: other processes take the other
    // chunks, and a killed process's chunk is picked up again within 30 s. Two lanes: one chunk signs on
    // the pool while the other writes its transaction (the pool is otherwise idle during the writes).
    [ISSUE_QUEUE]: {
      handler: async (payload) => {
        await processBatchChunk(deps, payload as ChunkPayload, signMany());
      },
      leaseMs: leaseFor(config, 30_000),
      claimLimit: 1,
      lanes: 2,
    },
    // Revoking / suspending from a CSV file: the same lease, each row applied once.
    [STATUS_QUEUE]: {
      handler: async (payload) => {
        await processStatusBatchChunk(deps, payload as StatusChunkPayload);
      },
      leaseMs: leaseFor(config, 30_000),
      claimLimit: 1,
    },
    // Reading an LTI placement's results (and issuing to whoever qualified) waits on the platform.
    [LTI_CHECK_QUEUE]: {
      handler: async (payload) => {
        await checkPlacementResults(deps, { placementId: (payload as CheckPayload).placementId, ...signMany() });
      },
      leaseMs: leaseFor(config, 120_000),
      claimLimit: 2,
      concurrency: 2,
    },
    ...reportingHandlers(deps, config),
    ...pathwayHandlers(deps, config),
    ...publishingHandlers(deps, config),
    ...privacyHandlers(deps, config, () => jobLog),
    ...backupHandlers(deps, config, opts.masterKey, () => jobLog),
    ...webhookHandlers(deps, config, opts.fetch),
  };

  return {
    config,
    db,
    masterKey: opts.masterKey,
    deps,
    mail,
    metrics,
    get worker() {
      return worker;
    },
    signer: () => signMany().signMany,
    startJobs(jobs) {
      if (worker) return worker;
      jobLog = jobs.log;
      const wanted = jobs.queues ? Object.fromEntries(Object.entries(handlers).filter(([q]) => jobs.queues!.includes(q))) : handlers;
      worker = startWorker({ deps, log: jobs.log, autoPoll: jobs.autoPoll ?? true, handlers: wanted });
      if (jobs.schedules ?? jobs.autoPoll ?? true) {
        const check = periodicChecks(deps, jobs.log);
        setImmediate(check).unref();
        timer = setInterval(check, HOUR);
        timer.unref();
      }
      return worker;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await worker?.stop();
      await signingPool?.close();
      mail.close();
      if (opts.ownsDatabase) await db.close();
    },
  };
}

/** Brings the schema up to date (`laurel migrate`); the names of the migrations applied. */
export async function migrateDatabase(laurel: Pick<Laurel, 'db'>): Promise<{ migrationName: string }[]> {
  return migrateToLatest(laurel.db);
}

export interface OpenOptions {
  /** Bring the schema up to date and make sure the Regents and every organization's key exist (default true). */
  readonly migrate?: boolean;
  readonly mail?: MailTransport;
}

/** A running Laurel from configuration: master key → database (migrated) → composed dependencies. */
export async function openLaurel(config: Config, opts: OpenOptions = {}): Promise<Laurel> {
  const masterKey = loadMasterKey(config, (m) => console.warn(`warning: ${m}`));
  const db = openDatabase(config.database);
  try {
    if (opts.migrate !== false) await migrateToLatest(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const laurel = compose({ config, db, masterKey, mail: opts.mail, ownsDatabase: true });
  if (opts.migrate !== false) {
    await ensureRegents(laurel.deps);
    // Organizations created before signing keys existed get their key-1 now.
    await ensureOrganizationKeys(laurel.deps);
    // ...and their empty revocation and suspension lists, so every list URL answers from the start.
    await ensureStatusLists(laurel.deps);
  }
  return laurel;
}
