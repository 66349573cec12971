// Errors of the OB 3.0 API as the spec has them: an Imsx_StatusInfo body (codeMajor failure, severity
// error, a codeMinor from the spec's vocabulary) with the HTTP status, and the RFC 6750 WWW-Authenticate
// challenge on 401 and 403. Laurel's stable error code is kept as the description's prefix, so a log
// line or a support question can name it (docs/ERRORS.md, "OB 3.0 API").
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';

export type CodeMinor = 'forbidden' | 'invalid_data' | 'invalid_query_parameter' | 'not_found' | 'unauthorizedrequest' | 'internal_server_error' | 'not_allowed' | 'server_busy' | 'not_modified' | 'unknown';

export interface ImsxStatusInfo {
  imsx_codeMajor: 'failure' | 'success';
  imsx_severity: 'error' | 'status';
  imsx_description: string;
  imsx_codeMinor: { imsx_codeMinorField: { imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: CodeMinor }[] };
}

export function statusInfo(minor: CodeMinor, description: string, major: 'failure' | 'success' = 'failure'): ImsxStatusInfo {
  return {
    imsx_codeMajor: major,
    imsx_severity: major === 'failure' ? 'error' : 'status',
    imsx_description: description,
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: minor }] },
  };
}

function fromError(err: unknown, req: FastifyRequest): { status: number; minor: CodeMinor; code: string; message: string; scope?: string } {
  if (err instanceof DomainError) {
    const fields = Object.entries(err.fields).map(([f, m]) => `${f}: ${m}`);
    const message = fields.length ? `${err.message} ${fields.join(' ')}` : err.message;
    switch (err.code) {
      case 'oauth_token_invalid':
        return { status: 401, minor: 'unauthorizedrequest', code: err.code, message };
      case 'oauth_scope_insufficient':
        return { status: 403, minor: 'forbidden', code: err.code, message, scope: String(err.details.scope ?? '') };
      case 'not_found':
        return { status: 404, minor: 'not_found', code: err.code, message };
      case 'forbidden':
        return { status: 403, minor: 'forbidden', code: err.code, message };
      default:
        return { status: 400, minor: req.method === 'GET' ? 'invalid_query_parameter' : 'invalid_data', code: err.code, message };
    }
  }
  const fe = err as FastifyError & { validation?: unknown[]; validationContext?: string };
  if (fe.validation) return { status: 400, minor: fe.validationContext === 'querystring' ? 'invalid_query_parameter' : 'invalid_data', code: 'validation_failed', message: `The request does not match the OB 3.0 API: ${fe.message}` };
  if (fe.statusCode === 429) return { status: 429, minor: 'server_busy', code: 'rate_limited', message: 'Too many requests. Wait a minute and try again.' };
  if (fe.statusCode === 415) return { status: 415, minor: 'invalid_data', code: 'unsupported_media_type', message: 'Send the credential as application/json, or a VC-JWT as text/plain.' };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { status: fe.statusCode, minor: 'invalid_data', code: 'bad_request', message: fe.message };
  return { status: 500, minor: 'internal_server_error', code: 'internal_error', message: 'Something went wrong on our side. It has been logged; please try again.' };
}

export function sendImsxError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const e = fromError(err, req);
  if (e.status === 500) req.log.error({ err }, 'OB 3.0 API error');
  if (e.status === 401) reply.header('www-authenticate', `Bearer realm="laurel", error="invalid_token", error_description="${e.message.replace(/"/g, "'")}"`);
  if (e.status === 403 && e.scope) reply.header('www-authenticate', `Bearer realm="laurel", error="insufficient_scope", scope="${e.scope}"`);
  return reply.status(e.status).type('application/json').send(statusInfo(e.minor, `${e.code}: ${e.message}`));
}
