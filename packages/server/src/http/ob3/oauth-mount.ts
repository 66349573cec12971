// oidc-provider's endpoints under /oauth (discovery, dynamic client registration, authorization, token,
// revocation, JWKS): the request is handed to the library untouched, before Fastify reads its body
// (the library parses and checks its own), with the mount prefix stripped as a connect-style mount does
// (`originalUrl` keeps the whole, which is how the library builds its own URLs).
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { OAUTH_PREFIX } from '../../domain/oauth/authorization-server.ts';

/** Registration is open (RFC 7591, as OB 3.0 expects), so it is limited per client address: registrations never expire. */
export const REGISTRATIONS_PER_HOUR = 30;

export function mountAuthorizationServer(app: FastifyInstance): void {
  const limitRegistrations = app.rateLimit({ max: REGISTRATIONS_PER_HOUR, timeWindow: '1 hour' });
  app.addHook('onRequest', async (req, reply) => {
    if (!(req.url === OAUTH_PREFIX || req.url.startsWith(`${OAUTH_PREFIX}/`) || req.url.startsWith(`${OAUTH_PREFIX}?`))) return;
    // Over the limit this throws 429 (problem+json `rate_limited`) before the library sees the request.
    if (req.method === 'POST' && req.url.split('?')[0] === `${OAUTH_PREFIX}/reg`) await limitRegistrations.call(app, req, reply);
    const as = await app.laurel.oauth();
    const raw = req.raw as IncomingMessage & { originalUrl?: string };
    raw.originalUrl = raw.url;
    raw.url = raw.url!.slice(OAUTH_PREFIX.length) || '/';
    reply.hijack();
    as.handle(raw, reply.raw);
  });
}
