// oidc-provider's endpoints under /oauth (discovery, dynamic client registration, authorization, token,
// revocation, JWKS): the request is handed to the library untouched, before Fastify reads its body
// (the library parses and checks its own), with the mount prefix stripped as a connect-style mount does
// (`originalUrl` keeps the whole, which is how the library builds its own URLs).
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { OAUTH_PREFIX } from '../../domain/oauth/authorization-server.ts';

export function mountAuthorizationServer(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!(req.url === OAUTH_PREFIX || req.url.startsWith(`${OAUTH_PREFIX}/`) || req.url.startsWith(`${OAUTH_PREFIX}?`))) return;
    const as = await app.laurel.oauth();
    const raw = req.raw as IncomingMessage & { originalUrl?: string };
    raw.originalUrl = raw.url;
    raw.url = raw.url!.slice(OAUTH_PREFIX.length) || '/';
    reply.hijack();
    as.handle(raw, reply.raw);
  });
}
