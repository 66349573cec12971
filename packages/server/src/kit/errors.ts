// One place that turns any error into a response: problem+json for the API, an HTML page for browsers.
// The page itself is drawn by the web layer; the composition root hands its renderer in.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import { HttpError, isApiRequest } from './auth.ts';
import { problem, type Problem } from './problem.ts';

function toProblem(err: unknown, req: FastifyRequest): { problem: Problem; log: boolean } {
  const instance = req.url.split('?')[0];
  if (err instanceof DomainError) return { problem: problem(err.code, err.message, { instance, fields: err.fields, details: err.details }), log: false };
  if (err instanceof HttpError) return { problem: problem(err.code, err.message, { instance }), log: false };
  const fe = err as FastifyError & { validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[]; validationContext?: string };
  if (fe.validation) {
    const fields: Record<string, string> = {};
    for (const v of fe.validation) {
      const missing = v.params?.missingProperty as string | undefined;
      const extra = v.params?.additionalProperty as string | undefined;
      const where = `${fe.validationContext ?? 'body'}${v.instancePath ?? ''}`.replace(/\//g, '.');
      const field = missing ? `${where}.${missing}` : extra ? `${where}.${extra}` : where;
      fields[field] = extra ? 'is not a recognised field' : (v.message ?? 'is not valid');
    }
    return { problem: problem('validation_failed', 'The request does not match the schema; see errors.', { instance, fields }), log: false };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { problem: problem('payload_too_large', 'The request body is larger than the 1 MiB limit.', { instance }), log: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { problem: problem('unsupported_media_type', `Content type ${req.headers['content-type'] ?? '(none)'} is not accepted here; send application/json.`, { instance }), log: false };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { problem: problem('bad_request', 'The request body is not valid JSON.', { instance }), log: false };
    default:
  }
  if (fe.statusCode === 429) return { problem: problem('rate_limited', 'Too many requests. Wait a minute and try again.', { instance }), log: false };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return { problem: problem('payload_too_large', 'The request body is too large.', { instance }), log: false };
    if (fe.statusCode === 415) return { problem: problem('unsupported_media_type', 'This content type is not accepted here.', { instance }), log: false };
    return { problem: problem('bad_request', fe.message, { instance }), log: false };
  }
  return { problem: problem('internal_error', 'Something went wrong on our side. It has been logged; please try again.', { instance }), log: true };
}

export type ErrorPageRenderer = (req: FastifyRequest, reply: FastifyReply, p: Problem) => FastifyReply;

function sendProblem(req: FastifyRequest, reply: FastifyReply, p: Problem, renderErrorPage: ErrorPageRenderer): FastifyReply {
  if (isApiRequest(req) || !(req.headers.accept ?? '').includes('text/html')) {
    if (p.code === 'unauthenticated' || p.code === 'token_invalid') reply.header('www-authenticate', 'Bearer realm="laurel"');
    return reply.status(p.status).type('application/problem+json').send(p);
  }
  return renderErrorPage(req, reply, p);
}

/**
 * Errors the router raises before any hook or handler runs (Fastify's `frameworkErrors`): a malformed
 * %-encoding in the path, or a path parameter longer than the router's limit. They get the same
 * problem+json or error page as every other error; a parameter that long cannot name anything, so 404.
 */
export function frameworkErrorHandler(renderErrorPage: ErrorPageRenderer) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const instance = req.url.split('?')[0];
    const p =
      err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? problem('not_found', 'There is nothing at this address.', { instance })
        : problem('bad_request', 'The address is not valid: it has a malformed %-encoding.', { instance });
    return sendProblem(req, reply, p, renderErrorPage);
  };
}

export function registerErrorHandling(app: FastifyInstance, renderErrorPage: ErrorPageRenderer): void {
  app.setErrorHandler((err, req, reply) => {
    const { problem: p, log } = toProblem(err, req);
    if (log) req.log.error({ err }, 'unhandled error');
    // Pages that need a signed-in user send browsers to sign in and back.
    if (p.code === 'unauthenticated' && !isApiRequest(req) && req.method === 'GET') {
      return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`);
    }
    return sendProblem(req, reply, p, renderErrorPage);
  });
  app.setNotFoundHandler((req, reply) => sendProblem(req, reply, problem('not_found', `There is nothing at ${req.url.split('?')[0]}.`, { instance: req.url.split('?')[0] }), renderErrorPage));
}
