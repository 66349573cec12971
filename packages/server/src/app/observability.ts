// Logs, request ids and /metrics at the HTTP edge (docs/OBSERVABILITY.md). Logs are pino's JSON lines,
// one per request when it completes, each with the request's `requestId` (a sane incoming X-Request-Id,
// else a new UUID, echoed in the response's X-Request-Id). The id is entered into the request's async
// context (shared/request-context.ts), so jobs the request queues carry it and the worker's lines for
// them show it too. Nothing a log line holds identifies a person beyond ids: no URL (tokens ride in
// some paths, e.g. /claim/:token), no query, no header, no body — the route template instead.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config, LogLevel } from '../config.ts';
import { problem } from '../kit/problem.ts';
import { enterRequest, isSaneRequestId } from '../shared/request-context.ts';
import type { LaurelMetrics } from './metrics.ts';

/** pino destination (a stream with write()), for tests that read the log lines. */
export interface LogStream {
  write(line: string): void;
}

/** Paths pino blanks if a log call ever passes such an object (defence in depth: Laurel's own calls pass ids). */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'password', '*.password', 'token', '*.token', 'secret', '*.secret', 'cookie', '*.cookie'];

/** The logger of a Laurel app: JSON lines at `level`, secrets redacted, requests by route template. */
export function loggerOptions(config: Pick<Config, 'logLevel'>, o: { level?: LogLevel; stream?: LogStream } = {}): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: o.level ?? config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      // Anything logged as `req` shows its method and route only (Fastify's default adds the raw URL and the client's address).
      req: (req: { method?: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url }),
    },
    ...(o.stream ? { stream: o.stream } : {}),
  };
}

/** Fastify's request-id options: keep a sane X-Request-Id, else make one; logged as `requestId`. */
export function requestIdOptions() {
  return {
    requestIdHeader: false as const,
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      return isSaneRequestId(incoming) ? incoming : randomUUID();
    },
    // One line per request, written when it completes (below), instead of Fastify's two with the raw URL.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
  };
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export interface ObservabilityOptions {
  /** Where /metrics reads: this process's registry, or (LAUREL_WORKERS > 1) the supervisor's aggregate of all app processes. */
  readonly metricsText?: () => Promise<string>;
}

/** Request ids, the per-request log line and latency histogram, and the bearer-protected /metrics. */
export function registerObservability(app: FastifyInstance, metrics: LaurelMetrics, config: Pick<Config, 'metricsToken'>, opts: ObservabilityOptions = {}): void {
  const enabled = config.metricsToken !== undefined;
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    enterRequest(request.id);
    done();
  });
  // Again after the body is read: a body's parser resumes in the socket's context, not the request's.
  app.addHook('preHandler', (request, _reply, done) => {
    enterRequest(request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    if (enabled) metrics.observeRequest({ method: request.method, route, statusCode: reply.statusCode, seconds });
    request.log.info({ method: request.method, route, statusCode: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
    done();
  });

  if (enabled) metrics.collectProcessMetrics();
  const expected = enabled ? sha256(config.metricsToken!) : undefined;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!expected) return reply.status(404).type('application/problem+json').send(problem('not_found', 'Metrics are off: set LAUREL_METRICS_TOKEN to serve them (docs/OBSERVABILITY.md).'));
    const m = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '');
    if (!m || !timingSafeEqual(sha256(m[1]!), expected)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="laurel-metrics"')
        .type('application/problem+json')
        .send(problem('unauthenticated', 'Scraping /metrics needs `Authorization: Bearer` with the LAUREL_METRICS_TOKEN.'));
    }
    const text = await (opts.metricsText ?? metrics.render)();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}
