// The composition root for HTTP: buildApp(config, deps) wires storage, domain, mail, jobs and routes.
// No module-level singletons: everything a request needs hangs off the app instance.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createDocumentLoader } from '@laurel/credentials';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';
import { createSafeFetcher, type RemoteFetcher } from '../net/safe-fetch.ts';
import { argon2Hasher } from '../domain/accounts/passwords.ts';
import type { Actor } from '../domain/actor.ts';
import type { Deps, PasswordHasher } from '../domain/deps.ts';
import { EMAIL_QUEUE, type EmailMessage } from '../domain/email.ts';
import { startWorker, type Worker } from '../jobs/worker.ts';
import { notifyDueRereviews } from '../domain/review/rereview.ts';
import { ISSUE_QUEUE, processBatchChunk, type ChunkPayload } from '../domain/issuance/batches.ts';
import { sendExpiryReminders } from '../domain/issuance/reminders.ts';
import { createSigningPool } from '../jobs/signing-pool.ts';
import { createSecretBox, deriveKey } from '../keys.ts';
import { createMailTransport, type MailTransport } from '../mail/transport.ts';
import type { Db } from '../storage/db.ts';
import { registerApi } from './api/v1/index.ts';
import { registerAuth } from './auth.ts';
import { registerCredentialRoutes } from './credentials/routes.ts';
import { registerErrorHandling } from './errors.ts';
import { registerHealth } from './health.ts';
import { registerWeb } from '../web/routes/index.ts';
import { createSearchIndex, type SearchIndex } from '../storage/search/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    authVia: 'session' | 'token' | null;
    csrfSeed: string;
  }
  interface FastifyInstance {
    laurel: LaurelContext;
  }
}

export interface LaurelContext {
  readonly deps: Deps;
  readonly config: Config;
  readonly worker: Worker;
  readonly csrfKey: Buffer;
  readonly mail: MailTransport;
  /** "METHOD /url" of every route, recorded as routes are added (the OpenAPI test compares with it). */
  readonly routes: string[];
  /** The inventory search (caches per inventory version; one per app). */
  readonly inventory: SearchIndex;
}

export interface BuildOptions {
  readonly db: Db;
  readonly masterKey: Buffer;
  readonly passwords?: PasswordHasher;
  readonly clock?: () => Date;
  readonly mail?: MailTransport;
  /** Poll for jobs in the background (default true). Tests turn it off and call worker.drain(). */
  readonly autoPollJobs?: boolean;
  readonly logger?: FastifyServerOptions['logger'];
  /** Remote document fetcher for the verifier; tests pass one that reaches no network. */
  readonly remote?: RemoteFetcher;
}

export const BODY_LIMIT = 1024 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));
const uswdsDist = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@uswds/uswds')), '..');

export async function buildApp(config: Config, opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    // Ids in logs make one request's lines findable across processes.
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const mail = opts.mail ?? createMailTransport(config);
  let worker: Worker | undefined;
  const deps: Deps = {
    db: opts.db.kysely,
    dialect: opts.db.dialect,
    config,
    clock: opts.clock ?? (() => new Date()),
    passwords: opts.passwords ?? argon2Hasher(),
    wake: () => worker?.wake(),
    secrets: createSecretBox(opts.masterKey),
    documentLoader: createDocumentLoader(),
    // Our own public host is always allowed: verifying a link to one of our own badges.
    remote: opts.remote ?? createSafeFetcher({ allowHosts: [...config.fetchAllowHosts, new URL(config.publicUrl).hostname] }),
  };
  // Bulk issuing signs in worker threads (one per core by default) while this thread does the I/O.
  const signingPool = config.signingThreads > 0 ? createSigningPool(config.signingThreads) : undefined;
  worker = startWorker({
    deps,
    log: app.log,
    autoPoll: opts.autoPollJobs ?? true,
    handlers: {
      [EMAIL_QUEUE]: async (payload, ctx) => {
        await mail.send({ ...(payload as EmailMessage), id: ctx.jobId });
      },
      // One chunk of a bulk file at a time per process, on a short lease: other processes take the
      // other chunks, and a killed process's chunk is picked up again within 30 s.
      [ISSUE_QUEUE]: {
        handler: async (payload) => {
          await processBatchChunk(deps, payload as ChunkPayload, signingPool ? { signMany: signingPool.signMany } : {});
        },
        leaseMs: 30_000,
        claimLimit: 1,
      },
    },
  });
  // Re-review reminders: checked at start and hourly; the mark-then-send is safe across processes.
  let rereviewTimer: NodeJS.Timeout | undefined;
  if (opts.autoPollJobs ?? true) {
    const check = () => {
      void notifyDueRereviews(deps).catch((err: unknown) => app.log.error({ err }, 're-review check failed'));
      void sendExpiryReminders(deps).catch((err: unknown) => app.log.error({ err }, 'expiry reminder check failed'));
    };
    setImmediate(check).unref();
    rereviewTimer = setInterval(check, 3_600_000);
    rereviewTimer.unref();
  }
  const csrfKey = deriveKey(opts.masterKey, 'csrf');
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of Array.isArray(r.method) ? r.method : [r.method]) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  app.decorate('laurel', { deps, config, worker, csrfKey, mail, routes, inventory: createSearchIndex(opts.db.kysely) });
  app.addHook('onClose', async () => {
    if (rereviewTimer) clearInterval(rereviewTimer);
    await worker.stop();
    await signingPool?.close();
    mail.close();
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie, { secret: deriveKey(opts.masterKey, 'cookie') });
  await app.register(fastifyFormbody, { bodyLimit: BODY_LIMIT });
  await app.register(fastifyRateLimit, { global: false });
  // Uploads (letters of support ≤ 10 MB, badge images ≤ 2 MB); each route checks its own limits.
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024 + 1, files: 1, fields: 20, fieldSize: 100_000 } });

  await app.register(fastifyStatic, { root: uswdsDist, prefix: '/assets/uswds/', maxAge: '7d', immutable: false });
  await app.register(fastifyStatic, { root: path.resolve(here, '../web/assets'), prefix: '/assets/', decorateReply: false, maxAge: '1h' });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Laurel API',
        version: '1.0.0',
        description:
          'The JSON API of Laurel, the statewide platform for micro-credentials and digital badges. Authenticate with a personal access token (`Authorization: Bearer lrl_…`), created on the Account page or with `laurel token create`. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal access token (lrl_…).' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'laurel_session', description: 'A browser session; unsafe methods also need the X-CSRF-Token header.' },
        },
      },
      security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    },
    hideUntagged: true,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerErrorHandling(app);
  registerAuth(app);
  registerHealth(app, opts.db);
  await app.register(registerApi, { prefix: '/api/v1' });
  await app.register(registerCredentialRoutes);
  await app.register(registerWeb);
  return app;
}
