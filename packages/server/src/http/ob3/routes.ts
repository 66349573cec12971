// The 1EdTech Open Badges 3.0 REST API (official OpenAPI in ob3-openapi.json) under /ims/ob/v3p0:
// discovery (public), getCredentials, upsertCredential, getProfile and putProfile (each with its OAuth
// scope, the earner's consent behind it). Errors are Imsx_StatusInfo, as the spec has them (imsx.ts).
// Paging follows the spec: limit/offset, X-Total-Count, and a Link header with first/prev/next/last.
// CORS is open: the callers are wallets and other hosts, some in the browser, and a bearer token is
// never sent by a browser on its own.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { authenticateObCall, type ObCaller } from '../../domain/oauth/access.ts';
import { OB_API_PREFIX } from '../../domain/oauth/authorization-server.ts';
import { OB_SCOPE, type ObScope } from '../../domain/oauth/scopes.ts';
import { getObCredentials } from '../../domain/ob3/get-credentials.ts';
import { getObProfile, putObProfile } from '../../domain/ob3/profile.ts';
import { upsertObCredential } from '../../domain/ob3/upsert-credential.ts';
import { DomainError } from '../../domain/errors.ts';
import { serviceDescription } from './discovery.ts';
import { sendImsxError, statusInfo } from './imsx.ts';

const CredentialsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  since: Type.Optional(Type.String({ maxLength: 64 })),
});

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
  'access-control-expose-headers': 'x-total-count, link',
};

function pageLinks(base: string, o: { limit: number; offset: number; total: number; since?: string | undefined }): string {
  const url = (offset: number) => {
    const q = new URLSearchParams({ limit: String(o.limit), offset: String(offset) });
    if (o.since) q.set('since', o.since);
    return `<${base}?${q}>`;
  };
  const last = o.total === 0 ? 0 : Math.floor((o.total - 1) / o.limit) * o.limit;
  const links = [`${url(0)}; rel="first"`, `${url(last)}; rel="last"`];
  if (o.offset > 0) links.push(`${url(Math.max(0, o.offset - o.limit))}; rel="prev"`);
  if (o.offset + o.limit < o.total) links.push(`${url(o.offset + o.limit)}; rel="next"`);
  return links.join(', ');
}

export async function registerObApi(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const caller = async (req: FastifyRequest, scope: ObScope): Promise<ObCaller> => authenticateObCall(deps(), await app.laurel.oauth(), { authorization: req.headers.authorization, scope });
  const hidden = { hide: true };

  app.setErrorHandler((err, req, reply) => sendImsxError(err, req, reply));
  app.setNotFoundHandler((req, reply) => reply.status(404).type('application/json').send(statusInfo('not_found', `not_found: There is no OB 3.0 API operation at ${req.url.split('?')[0]}.`)));
  app.addHook('onSend', async (_req, reply: FastifyReply) => {
    reply.headers(CORS);
    reply.header('cache-control', 'no-store');
  });
  app.options('/*', { schema: hidden }, async (_req, reply) => reply.status(204).send());

  app.get('/discovery', { schema: hidden }, async () => serviceDescription(app.laurel.config, await app.laurel.oauth()));

  app.get('/credentials', { schema: { ...hidden, querystring: CredentialsQuery } }, async (req, reply) => {
    const c = await caller(req, OB_SCOPE.credentialRead);
    const page = await getObCredentials(deps(), c, req.query);
    const body: Record<string, unknown> = {};
    if (page.credential.length || !page.compactJwsString.length) body.credential = page.credential;
    if (page.compactJwsString.length) body.compactJwsString = page.compactJwsString;
    return reply
      .header('x-total-count', String(page.total))
      .header('link', pageLinks(`${app.laurel.config.publicUrl}${OB_API_PREFIX}/credentials`, { ...page, since: req.query.since }))
      .send(body);
  });

  app.post('/credentials', { schema: hidden, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (req, reply) => {
    const c = await caller(req, OB_SCOPE.credentialUpsert);
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = req.body;
    const credential = type === 'text/plain' && typeof body === 'string' ? body.trim() : body;
    if (!credential || (typeof credential !== 'string' && typeof credential !== 'object') || Array.isArray(credential)) {
      throw new DomainError('validation_failed', 'Send one OpenBadgeCredential as application/json, or its VC-JWT as text/plain.');
    }
    const result = await upsertObCredential(deps(), c, { credential: credential as object | string });
    if (result.outcome === 'unchanged') return reply.status(304).send();
    return reply
      .status(result.outcome === 'created' ? 201 : 200)
      .type(typeof result.credential === 'string' ? 'text/plain' : 'application/json')
      .send(typeof result.credential === 'string' ? result.credential : JSON.stringify(result.credential));
  });

  app.get('/profile', { schema: hidden }, async (req) => getObProfile(deps(), await caller(req, OB_SCOPE.profileRead)));

  app.put('/profile', { schema: hidden }, async (req, reply) => {
    const c = await caller(req, OB_SCOPE.profileUpdate);
    const { changed, profile } = await putObProfile(deps(), c, { profile: req.body });
    return changed ? reply.send(profile) : reply.status(304).send();
  });
}
