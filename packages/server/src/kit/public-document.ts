// Public documents other sites read (DID documents, status lists, the Regents' endorsement credentials):
// one way to serve them, shared by the API routes and the pages, so their caching and CORS agree.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A strong ETag from the bytes served (stored documents are served byte for byte as signed). */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison (W/ ignored); `*` matches any current representation. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * Public, cacheable, and readable by browser-based verifiers on other origins (CORS, and CORP relaxed
 * from helmet's same-origin default). A short max-age plus an ETag: verifiers revalidate cheaply and a
 * change (a revocation) reaches them within `maxAge` seconds. The 304 carries the same headers.
 */
export function sendPublicDocument(req: FastifyRequest, reply: FastifyReply, input: { body: string; type: string; maxAge: number }): FastifyReply {
  const etag = etagOf(input.body);
  reply
    .header('cache-control', `public, max-age=${input.maxAge}`)
    .header('etag', etag)
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin');
  if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return reply.status(304).send();
  return reply.type(input.type).send(input.body);
}
