// The only reader of process.env. Configuration is read once, validated and frozen; a bad value stops
// start-up with a message naming the variable.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import ipaddr from 'ipaddr.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly password: string | undefined;
}

/** The Credential Engine Registry's publishing API (the Registry Assistant), when publishing is on. */
export interface CtdlRegistryConfig {
  /** The Assistant's base URL without a trailing slash, e.g. https://sandbox.credentialengine.org/assistant */
  readonly url: string;
  /** Sent as `Authorization: ApiToken <key>`. */
  readonly apiKey: string;
}

/** How many days finished records are kept before the daily purge removes them (0: kept for ever). docs/PRIVACY.md. */
export interface ScheduledBackupConfig {
  /** LAUREL_BACKUP_DIR: the folder scheduled backups are written to (another disk or a mounted share). */
  readonly dir: string;
  /** LAUREL_BACKUP_EVERY_HOURS: hours between scheduled backups (1–720; default 24). */
  readonly everyHours: number;
  /** LAUREL_BACKUP_KEEP: how many scheduled backups are kept; older ones are deleted (1–1000; default 7). */
  readonly keep: number;
}

export interface RetentionConfig {
  /** LAUREL_RETAIN_MAIL_DAYS: sent email — the outbox's finished email jobs and the file transport's .eml files. */
  readonly mailDays: number;
  /** LAUREL_RETAIN_JOBS_DAYS: finished (done or failed) background jobs of every other queue. */
  readonly jobsDays: number;
  /** LAUREL_RETAIN_WEBHOOK_DELIVERIES_DAYS: webhook deliveries that were delivered or given up. */
  readonly webhookDeliveriesDays: number;
  /** LAUREL_RETAIN_SIGN_IN_DAYS: IP addresses in the audit log, sign-in attempts' typed addresses, ended sessions and sign-in challenges. */
  readonly signInDays: number;
}

export interface Config {
  readonly dataDir: string;
  /** `sqlite:<absolute file path>` or a postgres:// URL. */
  readonly database: { readonly dialect: 'sqlite'; readonly file: string } | { readonly dialect: 'postgres'; readonly url: string };
  readonly host: string;
  readonly port: number;
  /** Public base URL without a trailing slash, e.g. https://badges.example.edu */
  readonly publicUrl: string;
  /** 32 bytes, base64 in the environment; undefined means "generate one under the data dir". */
  readonly masterKey: Buffer | undefined;
  readonly smtp: SmtpConfig | undefined;
  readonly mailFrom: string;
  readonly logLevel: LogLevel;
  /** Seed the demo institutions and users when the database is empty on `serve`. */
  readonly seedDemo: boolean;
  /** Session cookies are marked Secure when the public URL is https. */
  readonly secureCookies: boolean;
  readonly sessionDays: number;
  /** How long an emailed claim link accepts or declines its badge, from when it was sent. */
  readonly claimLinkDays: number;
  /** Sign-in and password-reset form posts allowed per client IP per minute (a second guard beside the per-account lockout). */
  readonly signInRateLimit: number;
  /** Verifications allowed per client IP per minute on each of POST /api/v1/verify, the /verify form post and GET /verify?url=. */
  readonly verifyRateLimit: number;
  /** The state's IANA time zone: dates shown and month/year on share links (LinkedIn) are in it. */
  readonly timeZone: string;
  /** Worker threads that sign bulk-issued credentials (0: sign on the main thread). */
  readonly signingThreads: number;
  /** `laurel serve` app processes sharing the port (node:cluster); 1 = this process serves. */
  readonly workers: number;
  /**
   * LAUREL_JOB_LEASE_SECONDS: when set, how long every job queue's claim holds (a killed process's jobs
   * are taken over after it); unset, each queue keeps its own (compose.ts). Tests of crash recovery set it low.
   */
  readonly jobLeaseSeconds: number | undefined;
  /** Hosts the verifier may fetch even though they resolve to private addresses (an intranet issuer, tests). */
  readonly fetchAllowHosts: readonly string[];
  /**
   * Which proxies' X-Forwarded-For / -Proto / -Host to believe (LAUREL_TRUST_PROXY): false (none, the
   * default: the client is the TCP peer), a number of hops, or a list of proxy addresses / CIDR ranges.
   */
  readonly trustProxy: false | number | readonly string[];
  /** The installation's terms of use and privacy policy (LAUREL_TERMS_URL, LAUREL_PRIVACY_URL); by default Laurel's own /terms and /privacy pages. Named in the OB 3.0 API's service description and on the consent page. */
  readonly termsUrl: string;
  readonly privacyUrl: string;
  /** LAUREL_CTDL_REGISTRY_URL + LAUREL_CTDL_API_KEY: where listed programs are published; undefined = not published (documents are still served). */
  readonly ctdlRegistry: CtdlRegistryConfig | undefined;
  /**
   * LAUREL_METRICS_TOKEN: the bearer token a Prometheus scrape of /metrics must send. Unset, /metrics
   * answers 404 (metrics are never public); set, anything without it gets 401.
   */
  readonly metricsToken: string | undefined;
  /** LAUREL_CTDL_ORGANIZATION_CTIDS: organization slug → the CTID it already has in the registry (others get one derived from their id). */
  readonly ctdlOrganizationCtids: Readonly<Record<string, string>>;
  readonly retention: RetentionConfig;
  /** LAUREL_BACKUP_DIR (+ _EVERY_HOURS, _KEEP): scheduled backups into a folder; undefined = none scheduled. */
  readonly backup: ScheduledBackupConfig | undefined;
  readonly site: SiteIdentity;
  /** LAUREL_DEFAULT_LANGUAGE: the language of a visitor who chose none and whose browser asks for neither en nor es. */
  readonly defaultLanguage: 'en' | 'es';
}

/** Who runs this installation, for the official-site banner and the identifier footer (issue #19). */
export interface SiteIdentity {
  /** LAUREL_STATE_NAME: "An official website of the State of {stateName}". */
  readonly stateName: string;
  /** LAUREL_AGENCY_NAME and LAUREL_AGENCY_URL: the agency the identifier footer names and links. */
  readonly agencyName: string;
  readonly agencyUrl: string;
  /** LAUREL_ACCESSIBILITY_EMAIL: where the accessibility statement sends reports of barriers. */
  readonly accessibilityEmail: string;
  /** LAUREL_PUBLIC_RECORDS_URL: the agency's public records (open records / FOIA) request page. */
  readonly publicRecordsUrl: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** LAUREL_TRUST_PROXY: unset/false, a hop count (1–10), or comma-separated proxy IPs / CIDR ranges. */
function trustProxyVar(env: Env): false | number | readonly string[] {
  const raw = (env.LAUREL_TRUST_PROXY ?? '').trim();
  if (raw === '' || raw.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n < 1 || n > 10) throw new ConfigError('LAUREL_TRUST_PROXY', `a hop count must be from 1 to 10, got ${raw}`);
    return n;
  }
  const list = raw.split(',').map((x) => x.trim()).filter(Boolean);
  for (const x of list) {
    if (!ipaddr.isValid(x) && !ipaddr.isValidCIDR(x)) {
      throw new ConfigError('LAUREL_TRUST_PROXY', `must be false, a hop count, or comma-separated proxy addresses or CIDR ranges (e.g. 10.0.0.5,10.1.0.0/16), got "${x}"`);
    }
  }
  return Object.freeze(list);
}

/** LAUREL_METRICS_TOKEN: 16–256 printable characters (no spaces), or unset. */
function metricsTokenVar(env: Env): string | undefined {
  const raw = env.LAUREL_METRICS_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  if (!/^[\x21-\x7e]{16,256}$/.test(raw)) throw new ConfigError('LAUREL_METRICS_TOKEN', 'must be 16 to 256 printable characters without spaces (e.g. from `openssl rand -hex 32`)');
  return raw;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function parseUrl(name: string, raw: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return url;
}

const CTID = /^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function ctdlRegistryVar(env: Env): CtdlRegistryConfig | undefined {
  const raw = (env.LAUREL_CTDL_REGISTRY_URL ?? '').trim();
  const apiKey = (env.LAUREL_CTDL_API_KEY ?? '').trim();
  if (raw === '') {
    if (apiKey) throw new ConfigError('LAUREL_CTDL_API_KEY', 'is set but LAUREL_CTDL_REGISTRY_URL is not: set both to publish to the Credential Engine Registry');
    return undefined;
  }
  const url = parseUrl('LAUREL_CTDL_REGISTRY_URL', raw, ['http:', 'https:']);
  if (url.search || url.hash) throw new ConfigError('LAUREL_CTDL_REGISTRY_URL', 'must not contain a query or fragment');
  if (!apiKey) throw new ConfigError('LAUREL_CTDL_API_KEY', 'is required when LAUREL_CTDL_REGISTRY_URL is set (the organization API key from the Credential Engine accounts site)');
  return Object.freeze({ url: url.href.replace(/\/+$/, ''), apiKey });
}

function ctdlOrganizationCtidsVar(env: Env): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const pair of (env.LAUREL_CTDL_ORGANIZATION_CTIDS ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^([a-z0-9-]+)=(.+)$/.exec(pair);
    if (!m || !CTID.test(m[2]!.trim().toLowerCase())) throw new ConfigError('LAUREL_CTDL_ORGANIZATION_CTIDS', `must be comma-separated slug=ctid pairs (e.g. prairie-state=ce-0d0c2b0e-…), got "${pair}"`);
    out[m[1]!] = m[2]!.trim().toLowerCase();
  }
  return Object.freeze(out);
}

function backupVars(env: Env, cwd: string): ScheduledBackupConfig | undefined {
  const dir = (env.LAUREL_BACKUP_DIR ?? '').trim();
  if (!dir) {
    for (const name of ['LAUREL_BACKUP_EVERY_HOURS', 'LAUREL_BACKUP_KEEP']) if (env[name]) throw new ConfigError(name, 'needs LAUREL_BACKUP_DIR, the folder scheduled backups go to');
    return undefined;
  }
  return Object.freeze({ dir: path.resolve(cwd, dir), everyHours: intVar(env, 'LAUREL_BACKUP_EVERY_HOURS', 24, 1, 720), keep: intVar(env, 'LAUREL_BACKUP_KEEP', 7, 1, 1000) });
}

function retentionVars(env: Env): RetentionConfig {
  const days = (name: string, fallback: number) => intVar(env, name, fallback, 0, 3650);
  return Object.freeze({
    mailDays: days('LAUREL_RETAIN_MAIL_DAYS', 30),
    jobsDays: days('LAUREL_RETAIN_JOBS_DAYS', 30),
    webhookDeliveriesDays: days('LAUREL_RETAIN_WEBHOOK_DELIVERIES_DAYS', 30),
    signInDays: days('LAUREL_RETAIN_SIGN_IN_DAYS', 90),
  });
}

function siteIdentityVar(env: Env, publicUrl: URL): SiteIdentity {
  const base = publicUrl.href.replace(/\/$/, '');
  const text = (name: string, fallback: string): string => {
    const v = (env[name] ?? '').trim();
    if (v.length > 120) throw new ConfigError(name, `must be at most 120 characters, got ${v.length}`);
    if (/[<>\u0000-\u001f]/.test(v)) throw new ConfigError(name, 'must be plain text on one line (no < > or control characters)');
    return v || fallback;
  };
  const url = (name: string, fallback: string): string => (env[name] ? parseUrl(name, env[name], ['http:', 'https:']).href : fallback);
  const stateName = text('LAUREL_STATE_NAME', 'Oklahoma');
  const accessibilityEmail = (env.LAUREL_ACCESSIBILITY_EMAIL ?? '').trim() || `accessibility@${publicUrl.hostname}`;
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^\s@<>]+@localhost$/.test(accessibilityEmail)) {
    throw new ConfigError('LAUREL_ACCESSIBILITY_EMAIL', `must be an email address, got "${accessibilityEmail}"`);
  }
  return Object.freeze({
    stateName,
    agencyName: text('LAUREL_AGENCY_NAME', `${stateName} State Regents for Higher Education`),
    agencyUrl: url('LAUREL_AGENCY_URL', `${base}/`),
    accessibilityEmail,
    publicRecordsUrl: url('LAUREL_PUBLIC_RECORDS_URL', `${base}/privacy#public-records`),
  });
}

function defaultLanguageVar(env: Env): 'en' | 'es' {
  const raw = (env.LAUREL_DEFAULT_LANGUAGE ?? '').trim().toLowerCase() || 'en';
  if (raw !== 'en' && raw !== 'es') throw new ConfigError('LAUREL_DEFAULT_LANGUAGE', `must be en or es, got "${raw}"`);
  return raw;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const dataDir = path.resolve(cwd, env.LAUREL_DATA_DIR || './data');
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';

  const dbRaw = env.LAUREL_DATABASE_URL || '';
  let database: Config['database'];
  if (dbRaw === '') {
    database = { dialect: 'sqlite', file: path.join(dataDir, 'laurel.db') };
  } else if (/^postgres(ql)?:\/\//.test(dbRaw)) {
    parseUrl('LAUREL_DATABASE_URL', dbRaw, ['postgres:', 'postgresql:']);
    database = { dialect: 'postgres', url: dbRaw };
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dbRaw)) {
    throw new ConfigError('LAUREL_DATABASE_URL', `must be a SQLite file path or a postgres:// URL, got "${dbRaw}"`);
  } else {
    const file = dbRaw.startsWith('sqlite:') ? dbRaw.slice('sqlite:'.length) : dbRaw;
    database = { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }

  const publicRaw = env.LAUREL_PUBLIC_URL || `http://localhost:${port || 3000}`;
  const publicUrl = parseUrl('LAUREL_PUBLIC_URL', publicRaw, ['http:', 'https:']);
  if (publicUrl.search || publicUrl.hash) {
    throw new ConfigError('LAUREL_PUBLIC_URL', 'must not contain a query or fragment');
  }

  let masterKey: Buffer | undefined;
  if (env.LAUREL_MASTER_KEY) {
    const raw = env.LAUREL_MASTER_KEY.trim();
    masterKey = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (masterKey.length !== 32) {
      throw new ConfigError('LAUREL_MASTER_KEY', 'must be 32 bytes, as 64 hex digits or base64 (try: openssl rand -base64 32)');
    }
  }

  let smtp: SmtpConfig | undefined;
  if (env.LAUREL_SMTP_URL) {
    const url = parseUrl('LAUREL_SMTP_URL', env.LAUREL_SMTP_URL, ['smtp:', 'smtps:']);
    const portNum = url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587;
    smtp = {
      host: url.hostname,
      port: portNum,
      secure: url.protocol === 'smtps:',
      user: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
    };
  }
  const mailFrom = env.LAUREL_MAIL_FROM || `Laurel <no-reply@${publicUrl.hostname}>`;
  if (!/<?[^\s@<>]+@[^\s@<>]+>?\s*$/.test(mailFrom)) {
    throw new ConfigError('LAUREL_MAIL_FROM', `must contain an email address, got "${mailFrom}"`);
  }

  const logLevel = (env.LAUREL_LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LAUREL_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const timeZone = env.LAUREL_TIME_ZONE || 'America/Chicago';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ConfigError('LAUREL_TIME_ZONE', `must be an IANA time zone such as America/Chicago, got "${timeZone}"`);
  }

  return Object.freeze({
    dataDir,
    database: Object.freeze(database),
    host,
    port,
    publicUrl: publicUrl.href.replace(/\/$/, ''),
    masterKey,
    smtp: smtp && Object.freeze(smtp),
    mailFrom,
    logLevel,
    seedDemo: boolVar(env, 'LAUREL_SEED_DEMO', true),
    secureCookies: publicUrl.protocol === 'https:',
    sessionDays: intVar(env, 'LAUREL_SESSION_DAYS', 14, 1, 365),
    claimLinkDays: intVar(env, 'LAUREL_CLAIM_LINK_DAYS', 90, 1, 3650),
    signInRateLimit: intVar(env, 'LAUREL_SIGN_IN_RATE_LIMIT', 20, 1, 100_000),
    verifyRateLimit: intVar(env, 'LAUREL_VERIFY_RATE_LIMIT', 30, 1, 100_000),
    fetchAllowHosts: Object.freeze(
      (env.LAUREL_FETCH_ALLOW_HOSTS ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean)
        .map((h) => {
          if (!/^[a-z0-9.-]+$|^[0-9a-f:]+$/.test(h)) throw new ConfigError('LAUREL_FETCH_ALLOW_HOSTS', `must be a comma-separated list of host names or IP addresses, got "${h}"`);
          return h;
        }),
    ),
    timeZone,
    signingThreads: intVar(env, 'LAUREL_SIGNING_THREADS', Math.max(1, Math.min(4, availableParallelism())), 0, 64),
    workers: intVar(env, 'LAUREL_WORKERS', 1, 1, 64),
    // At least 15 s: longer than the 10 s a webhook receiver gets to answer, so a live delivery keeps its claim.
    jobLeaseSeconds: env.LAUREL_JOB_LEASE_SECONDS ? intVar(env, 'LAUREL_JOB_LEASE_SECONDS', 0, 15, 3600) : undefined,
    trustProxy: trustProxyVar(env),
    termsUrl: env.LAUREL_TERMS_URL ? parseUrl('LAUREL_TERMS_URL', env.LAUREL_TERMS_URL, ['http:', 'https:']).href : `${publicUrl.href.replace(/\/$/, '')}/terms`,
    privacyUrl: env.LAUREL_PRIVACY_URL ? parseUrl('LAUREL_PRIVACY_URL', env.LAUREL_PRIVACY_URL, ['http:', 'https:']).href : `${publicUrl.href.replace(/\/$/, '')}/privacy`,
    ctdlRegistry: ctdlRegistryVar(env),
    ctdlOrganizationCtids: ctdlOrganizationCtidsVar(env),
    retention: retentionVars(env),
    backup: backupVars(env, cwd),
    site: siteIdentityVar(env, publicUrl),
    defaultLanguage: defaultLanguageVar(env),
    metricsToken: metricsTokenVar(env),
  });
}
