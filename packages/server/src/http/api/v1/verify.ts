// POST /api/v1/verify: anyone can verify any Open Badge (no authentication).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { MAX_VERIFY_BYTES, verifyAnything } from '../../../domain/verification/verify-any.ts';
import { recordVerification } from '../../../domain/reporting/badge-events.ts';
import { HttpError, httpError } from '../../../kit/auth.ts';
import { errorResponses } from './schemas.ts';

const CheckSchema = Type.Object({ id: Type.String(), status: Type.Unsafe<string>({ type: 'string', enum: ['passed', 'failed', 'unknown'] }), message: Type.String() });

export const VerifyResultSchema = Type.Object({
  verified: Type.Boolean({ description: 'true only if every check of the credential itself passed; any `unknown` makes it false' }),
  outcome: Type.Unsafe<string>({ type: 'string', enum: ['verified', 'failed', 'indeterminate'] }),
  format: Type.String(),
  checks: Type.Array(CheckSchema, { description: 'Ordered checks with stable ids: format, context, schema, proof, issuer_key, validity, status, endorsements, issuer_known (…)' }),
  credential: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  issuer: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), known: Type.Boolean(), slug: Type.Union([Type.String(), Type.Null()]) }),
  source: Type.String(),
  embedded: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        outcome: Type.Unsafe<string>({ type: 'string', enum: ['verified', 'failed', 'indeterminate'] }),
        checks: Type.Array(CheckSchema),
        issuer: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), known: Type.Boolean() }),
      }),
      { description: 'Only for a learner record (CLR 2.0 ClrCredential): each credential it embeds, verified on its own, in order; the record’s `credentials` check sums them up.' },
    ),
  ),
});

/** The JSON body, as validated by the schema above (the route's body type is a union with the multipart one). */
function jsonInput(body: unknown): { credential?: unknown; url?: string } {
  if (!body || typeof body !== 'object') return {};
  return { ...('credential' in body ? { credential: body.credential } : {}), ...('url' in body && typeof body.url === 'string' ? { url: body.url } : {}) };
}

/**
 * The `file` part of a multipart body. A body the multipart parser cannot read (no boundary, a broken
 * part) is the client's error: bad_request, not a 500.
 */
async function uploadedFile(req: FastifyRequest): Promise<Uint8Array> {
  let file: Uint8Array | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_VERIFY_BYTES + 1, files: 1 } })) {
      if (part.type === 'file') {
        const buf = await part.toBuffer();
        if (part.file.truncated) throw httpError('payload_too_large', 'The file is larger than 2 MB.');
        file = new Uint8Array(buf);
      }
    }
  } catch (err) {
    const status = err instanceof Error && 'statusCode' in err ? err.statusCode : undefined;
    if (err instanceof HttpError || (typeof status === 'number' && status >= 400 && status < 500)) throw err;
    throw httpError('bad_request', 'The multipart body could not be read: send multipart/form-data with a boundary and a `file` part.');
  }
  if (!file) throw httpError('bad_request', 'Attach the badge in a `file` field.');
  return file;
}

export async function registerVerifyApi(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/verify',
    {
      // Each verification may fetch other sites: limited per client IP (LAUREL_VERIFY_RATE_LIMIT; 429 rate_limited).
      config: { rateLimit: { max: app.laurel.config.verifyRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['Verification'],
        summary: 'Verify any Open Badge (OB 3.0 Data Integrity or VC-JWT; OB 2.0 hosted) or CLR 2.0 learner record',
        description:
          'JSON body `{"credential": <object or JWT string>}` or `{"url": "…"}`, or multipart/form-data with a `file` field (a baked PNG or SVG, or a .json/.jwt file). Remote documents are fetched with SSRF guards (no private, loopback or link-local addresses; 2 MB; 5 s); this Laurel\'s own badges and documents are read from its database. Limited per client IP (LAUREL_VERIFY_RATE_LIMIT per minute, 429 rate_limited).',
        security: [],
        body: {
          content: {
            'application/json': { schema: Type.Object({ credential: Type.Optional(Type.Unknown()), url: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }) },
            // An empty schema: the multipart body is streamed by the handler, so it is absent at validation.
            'multipart/form-data': { schema: Type.Unsafe({ description: 'One field, `file`: a baked PNG or SVG, or a .json/.jwt file (at most 2 MB).' }) },
          },
        },
        response: { 200: VerifyResultSchema, ...errorResponses(400, 413, 415, 422, 429) },
      },
    },
    async (req) => {
      const result = req.isMultipart() ? await verifyAnything(app.laurel.deps, { file: await uploadedFile(req) }) : await verifyAnything(app.laurel.deps, jsonInput(req.body));
      // A verification of one of Laurel's own awards counts in its institution's report.
      await recordVerification(app.laurel.deps, result, (err) => req.log.warn({ err }, 'verification not counted'));
      return result;
    },
  );
}
