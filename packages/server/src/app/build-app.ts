// The HTTP composition root: buildApp(laurel) puts the composed Laurel (app/compose.ts) behind Fastify —
// security headers, cookies, bodies, the API (http/), the pages (web/) and the shared kit (kit/) that
// both use. No module-level singletons: everything a request needs hangs off the app instance.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { registerApi } from '../http/api/v1/index.ts';
import { registerCredentialRoutes } from '../http/credentials/routes.ts';
import { registerWalletExchangeRoutes } from '../http/wallet/exchanges.ts';
import { registerHealth } from '../http/health.ts';
import { mountAuthorizationServer } from '../http/ob3/oauth-mount.ts';
import { registerObApi } from '../http/ob3/routes.ts';
import { createAuthorizationServer, OB_API_PREFIX, type AuthorizationServer } from '../domain/oauth/authorization-server.ts';
import { deriveKey } from '../keys.ts';
import { registerAuth } from '../kit/auth.ts';
import { BODY_LIMIT } from '../kit/context.ts';
import { frameworkErrorHandler, registerErrorHandling } from '../kit/errors.ts';
import { renderErrorPage } from '../web/render.tsx';
import { registerWeb } from '../web/routes/index.ts';
import { oauthErrorHtml } from '../web/pages/oauth/consent.tsx';
import type { Config } from '../config.ts';
import type { Laurel } from './compose.ts';
import { lazySchemaCompilers } from './lazy-schemas.ts';
import { loggerOptions, registerObservability, requestIdOptions, type LogStream } from './observability.ts';

export interface BuildOptions {
  /** Poll for jobs in the background (default true). Tests turn it off and call worker.drain(). */
  readonly autoPollJobs?: boolean;
  /** false: no logging (tests); else JSON lines at LAUREL_LOG_LEVEL (or `logLevel`), to stdout or `logStream`. */
  readonly logger?: false | { readonly logLevel?: Config['logLevel']; readonly logStream?: LogStream };
  /** /metrics from elsewhere than this process's registry: the supervisor's aggregate under LAUREL_WORKERS (cli/serve.ts). */
  readonly metricsText?: () => Promise<string>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const uswdsDist = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@uswds/uswds')), '..');
// The package's own browser bundle (UMD, window.SimpleWebAuthnBrowser), beside its CommonJS entry point.
const webauthnBrowserDist = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')), '../dist/bundle');

/** Fastify's trustProxy from LAUREL_TRUST_PROXY: none, the nearest N hops (proxy-addr's trust(addr, i)), or named proxies. */
function trustProxyOption(t: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (t === false) return false;
  if (typeof t === 'number') return (_address, hop) => hop < t;
  return [...t];
}

export async function buildApp(laurel: Laurel, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const { config, deps } = laurel;
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(config, { level: opts.logger?.logLevel, stream: opts.logger?.logStream }),
    bodyLimit: BODY_LIMIT,
    // Believe X-Forwarded-For only from the proxies the operator names: otherwise anyone could pick
    // their own client address and walk past the per-IP sign-in limit.
    trustProxy: trustProxyOption(config.trustProxy),
    // Ids in logs make one request's lines findable across processes, and in the jobs it queued.
    ...requestIdOptions(),
    frameworkErrors: frameworkErrorHandler(renderErrorPage),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    // Each route's validator and serializer compiled on first use: not all of them before listening.
    schemaController: { compilersFactory: lazySchemaCompilers() },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const worker = laurel.startJobs({ log: app.log, autoPoll: opts.autoPollJobs ?? true });
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of Array.isArray(r.method) ? r.method : [r.method]) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  // The OB 3.0 API's authorization server, made on first use: its signing key is read (or, the first
  // time on this database, created) then. A failed start is retried by the next request.
  let authorizationServer: Promise<AuthorizationServer> | undefined;
  const oauth = () =>
    (authorizationServer ??= createAuthorizationServer(deps, {
      cookieKeys: [deriveKey(laurel.masterKey, 'oauth-cookies').toString('base64url')],
      renderError: (e) => oauthErrorHtml(config, e),
      log: app.log,
      trustProxy: config.trustProxy !== false,
    }).catch((err: unknown) => {
      authorizationServer = undefined;
      throw err;
    }));
  app.decorate('laurel', { deps, config, worker, csrfKey: deriveKey(laurel.masterKey, 'csrf'), routes, oauth });
  app.addHook('onClose', async () => {
    await laurel.close();
  });
  // First, so its hooks see every request (and its latency includes the rest).
  registerObservability(app, laurel.metrics, config, { metricsText: opts.metricsText });

  // Security headers (CSP, HSTS, frame, referrer, …) from helmet, its middleware made once: @fastify/helmet
  // builds a new helmet middleware — parsing every CSP directive — on each request (11 % of the CPU of
  // `POST /api/v1/verify` in a profile). The middleware sets the headers on the raw response; a route's own
  // `reply.header` still wins (Fastify writes its headers over these at writeHead).
  const securityHeaders = helmet({
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
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)));
  await app.register(fastifyCookie, { secret: deriveKey(laurel.masterKey, 'cookie') });
  await app.register(fastifyFormbody, { bodyLimit: BODY_LIMIT });
  await app.register(fastifyRateLimit, { global: false });
  // Uploads (letters of support ≤ 10 MB, badge images ≤ 2 MB); each route checks its own limits.
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024 + 1, files: 1, fields: 20, fieldSize: 100_000 } });

  await app.register(fastifyStatic, { root: uswdsDist, prefix: '/assets/uswds/', maxAge: '7d', immutable: false });
  await app.register(fastifyStatic, { root: webauthnBrowserDist, prefix: '/assets/simplewebauthn/', decorateReply: false, maxAge: '1h' });
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

  registerErrorHandling(app, renderErrorPage);
  // Before the session hook: oidc-provider's endpoints take the raw request (http/ob3/oauth-mount.ts).
  mountAuthorizationServer(app);
  registerAuth(app);
  registerHealth(app);
  await app.register(registerApi, { prefix: '/api/v1' });
  await app.register(registerCredentialRoutes);
  await app.register(registerObApi, { prefix: OB_API_PREFIX });
  await app.register(registerWalletExchangeRoutes);
  await app.register(registerWeb);
  return app;
}
