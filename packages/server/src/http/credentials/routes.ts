// Public issuer documents (DID documents, status lists) and the VC-API (issue, verify credentials and presentations).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { issueCredential } from '../../domain/credentials/issue-credential.ts';
import { didDocumentForSlug } from '../../domain/credentials/get-did-document.ts';
import { isStatusPurpose, signedStatusList, STATUS_LIST_TTL_MS } from '../../domain/credentials/status-lists.ts';
import { verifyCredentialHere, verifyPresentationHere } from '../../domain/credentials/verify-credential.ts';
import { DomainError, notFound, validationError } from '../../domain/errors.ts';
import { errorResponses, ProblemSchema } from '../api/v1/schemas.ts';
import { problem } from '../../kit/problem.ts';
import { sendPublicDocument } from '../../kit/public-document.ts';
import {
  DidDocumentSchema,
  IssueRequestSchema,
  IssueResponseSchema,
  StatusListCredentialSchema,
  vcApiPresentationResult,
  vcApiResult,
  VerifyFailureSchema,
  VerifyPresentationFailureSchema,
  VerifyPresentationRequestSchema,
  VerifyPresentationResponseSchema,
  VerifyRequestSchema,
  VerifyResponseSchema,
} from './schemas.ts';

const DOCS_TAG = 'Issuer documents';
const VCAPI_TAG = 'VC-API';

function sendDocument(req: FastifyRequest, reply: FastifyReply, body: string, type: string, maxAge: number): FastifyReply {
  return sendPublicDocument(req, reply, { body, type, maxAge });
}

/** `options.recipient` ({ email } or { id }) of a verify request; other options are ignored. */
function recipientOption(options: object | undefined): { email?: string; id?: string } | undefined {
  const r = options && 'recipient' in options ? options.recipient : undefined;
  if (!r || typeof r !== 'object') return undefined;
  return { ...('email' in r && typeof r.email === 'string' ? { email: r.email } : {}), ...('id' in r && typeof r.id === 'string' ? { id: r.id } : {}) };
}

export async function registerCredentialRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(ProblemSchema);
  const deps = () => app.laurel.deps;

  app.get(
    '/orgs/:slug/did.json',
    {
      schema: {
        tags: [DOCS_TAG],
        summary: "An institution's did:web DID document (every key it has had; the newest signs)",
        security: [],
        params: Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) }),
        response: { 200: { ...DidDocumentSchema, description: 'application/did+json' }, 304: { type: 'null', description: 'Not modified' }, ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      const doc = await didDocumentForSlug(deps(), req.params.slug);
      if (!doc) throw notFound('The institution');
      return sendDocument(req, reply, JSON.stringify(doc), 'application/did+json', 300);
    },
  );

  app.get(
    '/orgs/:slug/status/:purpose/:list',
    {
      schema: {
        tags: [DOCS_TAG],
        summary: 'A signed BitstringStatusListCredential (revocation or suspension)',
        security: [],
        params: Type.Object({
          slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }),
          purpose: Type.Union([Type.Literal('revocation'), Type.Literal('suspension')]),
          list: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
        }),
        response: { 200: { ...StatusListCredentialSchema, description: 'application/vc+ld+json' }, 304: { type: 'null', description: 'Not modified' }, ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      const { slug, purpose, list } = req.params;
      if (!isStatusPurpose(purpose)) throw notFound('The status list');
      const signed = await signedStatusList(deps(), { slug, purpose, listSeq: list });
      if (!signed) throw notFound('The status list');
      // max-age = the list's `ttl` (short: a revocation must reach verifiers quickly; the ETag makes
      // revalidation cheap), and never past the credential's validUntil.
      const left = Math.floor((Date.parse(signed.validUntil) - deps().clock().getTime()) / 1000);
      return sendDocument(req, reply, signed.body, 'application/vc+ld+json', Math.max(0, Math.min(STATUS_LIST_TTL_MS / 1000, left)));
    },
  );

  app.post(
    '/credentials/issue',
    {
      schema: {
        tags: [VCAPI_TAG],
        summary: 'Issue (sign) a credential as the token’s institution',
        description:
          'VC-API IssueCredential. Authenticate with an institution API token (`laurel token create --org SLUG --name NAME`). Signs a Data Integrity proof (eddsa-rdfc-2022) with the institution’s current key, whose DID is `did:web:<host>:orgs:<slug>`.',
        security: [{ bearerAuth: [] }],
        body: IssueRequestSchema,
        response: { 201: IssueResponseSchema, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      if (!req.actor) throw new DomainError('unauthenticated', 'Send an institution API token: Authorization: Bearer lrl_…');
      const { verifiableCredential } = await issueCredential(deps(), req.actor, { credential: req.body.credential, options: req.body.options });
      return reply.status(201).send({ verifiableCredential });
    },
  );

  app.post(
    '/credentials/verify',
    {
      schema: {
        tags: [VCAPI_TAG],
        summary: 'Verify any credential (Data Integrity eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019; VC-JWT, enveloped VC-JWT)',
        description:
          'VC-API VerifyCredential. Public. Any VC: the Open Badges 3.0 checks (schema, endorsements, recipient) are made only for OpenBadgeCredential, AchievementCredential and EndorsementCredential. Data Integrity proofs in eddsa-rdfc-2022, eddsa-jcs-2022 (Ed25519) and ecdsa-rdfc-2019 (P-256, P-384) are checked; any other cryptosuite fails the proof check as an unsupported cryptosuite. 200 when every check passed; 400 (problem+json, code verification_failed) otherwise, with the same fields. DIDs, status lists and other documents hosted by this Laurel are read from its database; documents of other sites are fetched with SSRF guards, and a check that could not be completed comes back as a warning. A body that is not JSON is 400 bad_request; one that does not match the schema, 422 validation_failed.',
        security: [],
        body: VerifyRequestSchema,
        // 400 is either the verification's own failure (with its fields) or a body that is not JSON
        // (bad_request): both must serialize, or Fastify answers 500 FST_ERR_FAILED_ERROR_SERIALIZATION.
        response: { 200: VerifyResponseSchema, 400: { anyOf: [VerifyFailureSchema, { $ref: 'Problem#' }], description: 'verification_failed (with the verification fields) or bad_request (application/problem+json)' }, ...errorResponses(413, 415, 422) },
      },
    },
    async (req, reply) => {
      const recipient = recipientOption(req.body.options);
      const report = await verifyCredentialHere(deps(), req.body.verifiableCredential, { any: true, ...(recipient ? { recipient } : {}) });
      const result = vcApiResult(report);
      if (report.verified) return reply.status(200).send(result);
      const p = problem('verification_failed', report.outcome === 'failed' ? 'The credential did not verify; see errors.' : 'The credential could not be fully verified; see warnings.', { instance: '/credentials/verify' });
      return reply.status(400).type('application/problem+json').send({ ...p, ...result });
    },
  );

  app.post(
    '/presentations/verify',
    {
      schema: {
        tags: [VCAPI_TAG],
        summary: 'Verify a presentation, Data Integrity or VP-JWT (holder proof with challenge and domain, and every credential in it)',
        description:
          'VC-API VerifyPresentation. Public. Checks format, context, the holder’s proof (DataIntegrityProof eddsa-rdfc-2022, eddsa-jcs-2022 or ecdsa-rdfc-2019 with proofPurpose authentication; or, for a VP-JWT per VC-JOSE-COSE — a compact JWS string, its data:application/vp+jwt URL or an EnvelopedVerifiablePresentation — an EdDSA, ES256 or RS256 signature by a key under authentication, with exp/nbf honoured; when options.challenge / options.domain are given the proof must carry them — for a VP-JWT as its nonce and aud claims — and a missing or different challenge fails), holder (the key’s controller is the holder), and credentials (each as POST /credentials/verify). 200 when everything passed; 400 verification_failed (problem+json with the same fields) otherwise. A verifiablePresentation that is not a VerifiablePresentation (object or VP-JWT) is 422 validation_failed.',
        security: [],
        body: VerifyPresentationRequestSchema,
        response: { 200: VerifyPresentationResponseSchema, 400: { anyOf: [VerifyPresentationFailureSchema, { $ref: 'Problem#' }], description: 'verification_failed (with the verification fields) or bad_request (application/problem+json)' }, ...errorResponses(413, 415, 422) },
      },
    },
    async (req, reply) => {
      const { challenge, domain } = req.body.options ?? {};
      const report = await verifyPresentationHere(deps(), req.body.verifiablePresentation, { ...(challenge !== undefined ? { challenge } : {}), ...(domain !== undefined ? { domain } : {}) });
      const format = report.checks[0];
      if (format?.id === 'format' && format.status !== 'passed') throw validationError({ verifiablePresentation: format.message }, 'The verifiablePresentation is not a verifiable presentation.');
      const result = vcApiPresentationResult(report);
      if (report.verified) return reply.status(200).send(result);
      const p = problem('verification_failed', report.outcome === 'failed' ? 'The presentation did not verify; see errors.' : 'The presentation could not be fully verified; see warnings.', { instance: '/presentations/verify' });
      return reply.status(400).type('application/problem+json').send({ ...p, ...result });
    },
  );
}
