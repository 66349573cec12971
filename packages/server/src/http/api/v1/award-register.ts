// GET /api/v1/awards: the award register of an institution the caller issues for (an issuer's personal
// token or an institution token), searched (word prefixes) and filtered, newest first, paged by an opaque
// keyset cursor.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import type { Actor } from '../../../domain/actor.ts';
import { DomainError } from '../../../domain/errors.ts';
import { AWARD_STATUS_FILTERS, listAwardRegister, REGISTER_DEFAULT_LIMIT, REGISTER_MAX_LIMIT } from '../../../domain/issuance/award-register.ts';
import type { AwardView } from '../../../domain/issuance/get-award.ts';
import { awardFields, AwardSchema } from './awards.ts';
import { errorResponses } from './schemas.ts';

const day = (description: string) => Type.Optional(Type.String({ maxLength: 10, description: `${description} (YYYY-MM-DD, a UTC day, included)` }));

const RegisterQuerySchema = Type.Object(
  {
    institution: Type.Optional(Type.String({ maxLength: 64, description: "Institution slug; default the caller's first (an institution token: its own). One the caller does not issue for answers 403." })),
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Words, each matching the start of a word of the recipient name, of the email address (split at every character that is not a letter or digit: jane.doe@state.edu has the words jane, doe, state, edu) or of the issuer earner id (student id), in any case and with accents ignored; every word must match (at most the eight longest are used). An award id, credential id or whole email address is looked up exactly (as is an issuer earner id equal to it).',
      }),
    ),
    badge_class_id: Type.Optional(Type.String({ maxLength: 100, description: 'A badge class of the institution' })),
    status: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: [...AWARD_STATUS_FILTERS], description: 'active: not revoked, suspended or expired; pending: not yet claimed' })),
    issued_from: day('Issued on or after'),
    issued_to: day('Issued on or before'),
    expires_from: day('Expires on or after'),
    expires_to: day('Expires on or before'),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'Opaque: the `next_cursor` (or `prev_cursor`) of an earlier answer, sent with the same filters' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: REGISTER_MAX_LIMIT, default: REGISTER_DEFAULT_LIMIT, description: `Awards a page, at most ${REGISTER_MAX_LIMIT}` })),
  },
  { additionalProperties: false },
);

const AwardSummarySchema = Type.Object({
  ...Type.Omit(AwardSchema, ['credential']).properties,
  credential_id: Type.String(),
  claimed_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ description: 'When Laurel recorded the award; the register is ordered by it, newest first (by issued_at when issued_from or issued_to is given)' }),
});

const RegisterSchema = Type.Object({
  items: Type.Array(AwardSummarySchema),
  limit: Type.Integer(),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
  next: Type.Union([Type.String(), Type.Null()], { description: 'The next page: this request with `cursor` set; null on the last page' }),
  prev_cursor: Type.Union([Type.String(), Type.Null()], { description: 'The previous (newer) page; null on the first page' }),
});

type RegisterQuery = Static<typeof RegisterQuerySchema>;

function issuingActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('unauthenticated', 'Send an API token: Authorization: Bearer lrl_…');
  return req.actor;
}

/** The same parameters with another cursor. */
function registerLink(base: string, query: RegisterQuery, cursor: string | null): string | null {
  if (!cursor) return null;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (k !== 'cursor' && v !== undefined && v !== '') params.set(k, String(v));
  params.set('cursor', cursor);
  return `${base}/api/v1/awards?${params.toString()}`;
}

export function registerAwardRegisterApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const summary = (v: AwardView): Static<typeof AwardSummarySchema> => ({
    ...awardFields(app.laurel.config, v),
    claimed_at: v.award.claimedAt,
    credential_id: v.award.credentialId,
    created_at: v.award.createdAt,
  });

  app.get(
    '/awards',
    {
      schema: {
        tags: ['Issuing'],
        summary: "The award register: an institution's awards, searched and filtered, newest first",
        description:
          'Newest first: by created_at, or by issued_at (latest first) when issued_from or issued_to is given. Keyset paging: follow `next` (or send `next_cursor` as `cursor` with the same filters) until it is null; awards issued meanwhile never shift a page (no repeats, none skipped). Bad parameters, a malformed cursor among them, answer 422 validation_failed naming the field. The signed credential is not in the list: GET /awards/{id} has it.',
        querystring: RegisterQuerySchema,
        response: { 200: RegisterSchema, ...errorResponses(401, 403, 422) },
      },
    },
    async (req) => {
      const page = await listAwardRegister(app.laurel.deps, issuingActor(req), req.query);
      const base = app.laurel.config.publicUrl;
      return { items: page.items.map(summary), limit: page.limit, next_cursor: page.next, next: registerLink(base, req.query, page.next), prev_cursor: page.prev };
    },
  );
}
