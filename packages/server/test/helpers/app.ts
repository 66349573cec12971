// A Laurel app on a fresh database, seeded with the demo data, driven through app.inject().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { argon2Hasher } from '../../src/domain/accounts/passwords.ts';
import { ensureOrganizationKeys } from '../../src/domain/credentials/org-keys.ts';
import { ensureStatusLists } from '../../src/domain/credentials/status-lists.ts';
import type { Deps } from '../../src/domain/deps.ts';
import { seedDemo, DEMO_PASSWORD } from '../../src/domain/seed/demo.ts';
import { buildApp, type BuildOptions } from '../../src/app/build-app.ts';
import { compose, type Laurel } from '../../src/app/compose.ts';
import { createSafeFetcher } from '../../src/net/safe-fetch.ts';
import { createGuardedFetch } from '../../src/net/guarded-fetch.ts';
import { migrateToLatest, openDatabase, type Db } from '../../src/storage/db.ts';
import { freshDatabase, type FreshDatabase, type TestDialect } from './db.ts';

export const TEST_MASTER_KEY = Buffer.alloc(32, 7);
/** argon2id at a low cost: the same code path as production, fast enough for hundreds of sign-ins. */
export const testHasher = argon2Hasher({ memoryCost: 1024, timeCost: 1 });

export interface TestApp {
  readonly app: FastifyInstance;
  /** The composed Laurel behind the app (its mail transport, worker, signing pool). */
  readonly laurel: Laurel;
  readonly deps: Deps;
  readonly config: Config;
  readonly db: Db;
  readonly fresh: FreshDatabase;
  /** Lets tests move time forward (expiry of links, lockouts). */
  clock: { now: Date };
  close(): Promise<void>;
}

/** `build`: options for buildApp beyond the tests' defaults (no polling, no logging), e.g. a log stream to read. */
export async function makeTestApp(dialect: TestDialect, opts: { seed?: boolean; fresh?: FreshDatabase; env?: Record<string, string>; build?: BuildOptions } = {}): Promise<TestApp> {
  const fresh = opts.fresh ?? (await freshDatabase(dialect));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-data-'));
  const config = loadConfig({
    LAUREL_DATA_DIR: dataDir,
    LAUREL_DATABASE_URL: fresh.url,
    LAUREL_MASTER_KEY: TEST_MASTER_KEY.toString('base64'),
    LAUREL_LOG_LEVEL: 'silent',
    LAUREL_PUBLIC_URL: 'http://laurel.test',
    LAUREL_SIGN_IN_RATE_LIMIT: '10000',
    LAUREL_VERIFY_RATE_LIMIT: '10000',
    ...opts.env,
  });
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const clock = { now: new Date() };
  // Tests reach no network: the verifier may fetch only allow-listed hosts (local test servers).
  const remote = createSafeFetcher({ allowHosts: config.fetchAllowHosts, allowOnly: true });
  const fetch = createGuardedFetch({ allowHosts: config.fetchAllowHosts, allowOnly: true });
  const laurel = compose({ config, db, masterKey: TEST_MASTER_KEY, passwords: testHasher, clock: () => clock.now, remote, fetch });
  const app = await buildApp(laurel, { autoPollJobs: false, logger: false, ...opts.build });
  const deps = laurel.deps;
  if (opts.seed !== false) {
    await seedDemo(deps);
    // As openRuntime does at start-up: organizations from before signing keys get one.
    await ensureOrganizationKeys(deps);
    await ensureStatusLists(deps);
  }
  return {
    app,
    laurel,
    deps,
    config,
    db,
    fresh,
    clock,
    async close() {
      await app.close();
      await db.close();
      if (!opts.fresh) await fresh.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client: keeps cookies, reads the CSRF token from pages, follows nothing automatically. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  /** `host`: the Host header to send (default light-my-request's `localhost:80`), for flows whose URLs name the public host. */
  constructor(
    readonly app: FastifyInstance,
    readonly opts: { host?: string } = {},
  ) {}

  private base(): Record<string, string> {
    return this.opts.host ? { host: this.opts.host } : {};
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private absorb(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { ...this.base(), accept: 'text/html', cookie: this.cookieHeader(), ...headers } });
    this.absorb(res);
    return res;
  }

  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    if (opts.csrf !== false && !this.csrf) await this.get('/sign-in');
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    if (opts.csrf !== false) body.set('_csrf', this.csrf);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.base(), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      payload: body.toString(),
    });
    this.absorb(res);
    return res;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.post('/sign-in', { email, password });
    if (res.statusCode !== 303) throw new Error(`sign-in as ${email} failed: ${res.statusCode}`);
    // As a browser does: follow the redirect, which also brings forms bound to the new session.
    await this.get(String(res.headers.location ?? '/dashboard'));
    return res;
  }

  async api(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: { cookie: this.cookieHeader(), 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

export async function signedIn(app: FastifyInstance, email: string): Promise<Client> {
  const c = new Client(app);
  await c.get('/sign-in');
  await c.signIn(email);
  return c;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
