// The public verifier page, the issuer registry (page and JSON) and the Regents' endorsement credentials.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { getEndorsementCredential } from '../../domain/credentials/get-endorsement-credential.ts';
import { DomainError } from '../../domain/errors.ts';
import { checkMultipartCsrf, HttpError } from '../../kit/auth.ts';
import { CSRF_FIELD } from '../../kit/csrf.ts';
import { sendPublicDocument } from '../../kit/public-document.ts';
import { listRegistry } from '../../domain/verification/list-registry.ts';
import { recordVerification } from '../../domain/reporting/badge-events.ts';
import { MAX_VERIFY_BYTES, verifyAnything, type VerifierResult } from '../../domain/verification/verify-any.ts';
import { RegistryPage } from '../pages/verify/registry.tsx';
import { VerifyPage } from '../pages/verify/verify.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { queryOf } from '../schemas.ts';
import { field, formBody, formErrors } from './forms.ts';

export function registerVerifyPages(app: FastifyInstance): void {
  registerVerifierPages(app);
  registerRegistryPages(app);
}

/**
 * A file from the multipart form: the bytes, or why there are none (a body the parser cannot read
 * included). The form token is the body's first field (kit/auth.ts CSRF_IN_MULTIPART_BODY), checked
 * before the file is read: a csrf_failed error otherwise.
 */
async function uploadedFile(req: FastifyRequest): Promise<{ file: Uint8Array } | { error: string; status: number }> {
  let file: Uint8Array | undefined;
  let tooBig = false;
  let token: unknown;
  let checked = false;
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_VERIFY_BYTES + 1, files: 1 } })) {
      if (part.type === 'field' && part.fieldname === CSRF_FIELD) token = part.value;
      if (!checked && (part.type === 'file' || token !== undefined)) {
        checkMultipartCsrf(req, token);
        checked = true;
      }
      if (part.type === 'file') {
        const buf = await part.toBuffer();
        tooBig = part.file.truncated;
        if (part.filename) file = new Uint8Array(buf);
      }
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    const status = err instanceof Error && 'statusCode' in err ? err.statusCode : undefined;
    if (status === 413) return { error: 'The file is larger than 2 MB.', status: 413 };
    return { error: 'The upload could not be read. Choose the file again and send the form.', status: 400 };
  }
  if (!checked) checkMultipartCsrf(req, token);
  if (tooBig) return { error: 'The file is larger than 2 MB.', status: 413 };
  if (!file) return { error: 'Choose a file to verify.', status: 422 };
  return { file };
}

function registerVerifierPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const render = async (req: FastifyRequest, reply: FastifyReply, result: VerifierResult | null, errors: Record<string, string> = {}, v = { url: '', credential: '' }, status = 200) => {
    // A verification of one of Laurel's own awards counts in its institution's report.
    if (result) await recordVerification(deps(), result, (err) => req.log.warn({ err }, 'verification not counted'));
    return sendPage(reply, <VerifyPage ctx={pageContext(req, reply)} result={result} errors={errors} v={v} />, status);
  };

  // Every verification may fetch other sites: limited per client IP (LAUREL_VERIFY_RATE_LIMIT); over it, a
  // 429 error page (rate_limited). The bare form (GET without ?url=) is not counted.
  const limit = { max: app.laurel.config.verifyRateLimit, timeWindow: '1 minute' };
  app.get('/verify', { schema: { querystring: queryOf('url') }, config: { rateLimit: { ...limit, allowList: (req: FastifyRequest) => !new URL(req.url, 'http://x').searchParams.get('url') } } }, async (req, reply) => {
    const { url } = req.query;
    if (url) return render(req, reply, await verifyAnything(deps(), { url }), {}, { url, credential: '' });
    return render(req, reply, null);
  });

  // Multipart (a file) or urlencoded (a link or pasted text): the body is streamed, so it has no schema.
  app.post('/verify', { config: { rateLimit: limit } }, async (req, reply) => {
    try {
      if (req.isMultipart()) {
        const got = await uploadedFile(req);
        if ('error' in got) return render(req, reply, null, { file: got.error }, undefined, got.status);
        return render(req, reply, await verifyAnything(deps(), { file: got.file }));
      }
      const b = formBody(req);
      const url = field(b, 'url').trim();
      const credential = field(b, 'credential').trim();
      if (url) return render(req, reply, await verifyAnything(deps(), { url }), {}, { url, credential: '' });
      let parsed: unknown = credential;
      if (credential.startsWith('{')) {
        try {
          parsed = JSON.parse(credential);
        } catch {
          return render(req, reply, null, { credential: 'This is not valid JSON. Paste the whole badge, from { to }.' }, { url: '', credential }, 422);
        }
      }
      return render(req, reply, await verifyAnything(deps(), { credential: parsed }), {}, { url: '', credential });
    } catch (err) {
      if (err instanceof DomainError) {
        const { fields } = formErrors(err);
        return render(req, reply, null, fields, undefined, 422);
      }
      throw err;
    }
  });
}

function registerRegistryPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  // The Regents' endorsement of a program, as signed (the one in force, else the newest revoked one: verifiers check its status).
  app.get('/endorsements/:programId', { schema: { params: Type.Object({ programId: Type.String() }) } }, async (req, reply) => {
    const credential = await getEndorsementCredential(deps(), req.actor, { programId: req.params.programId });
    // Like the status lists: short max-age (a revoked endorsement's status is in the list, but a
    // re-issued one replaces this document), a strong ETag from the stored bytes, CORS open.
    return sendPublicDocument(req, reply, { body: credential, type: 'application/vc+ld+json', maxAge: 60 });
  });

  app.get('/registry.json', async (req, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send({ registry: { name: 'State Regents for Higher Education — issuer registry', url: `${deps().config.publicUrl}/registry` }, issuers: await listRegistry(deps(), req.actor) }),
  );

  app.get('/registry', async (req, reply) => {
    const issuers = await listRegistry(deps(), req.actor);
    return sendPage(reply, <RegistryPage ctx={pageContext(req, reply)} issuers={issuers} />);
  });
}
