// /api/v1/badge-classes and /api/v1/awards: issuing through the API (Credly-like fields), single or in
// batches, with Idempotency-Key; reading an award with its status and signed credential; its baked
// images; revoking. Institution tokens (laurel token create --org) and issuers' personal tokens both work.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { bakePng, bakeSvg } from '@laurel/credentials';
import type { Actor } from '../../../domain/actor.ts';
import { DomainError } from '../../../domain/errors.ts';
import { badgeImageUrl } from '../../../domain/issuance/achievement.ts';
import { badgeArt } from '../../../domain/issuance/badge-class-art.ts';
import { describeAwards, getAward, type AwardView } from '../../../domain/issuance/get-award.ts';
import { issueAwardRequests } from '../../../domain/issuance/issue-award-requests.ts';
import { listIssuableBadgeClasses } from '../../../domain/issuance/list-issuable-badge-classes.ts';
import { getAwardForIssuer, revokeAward } from '../../../domain/issuance/manage-awards.ts';
import { runIdempotent } from '../../../domain/issuance/run-idempotent.ts';
import { badgeView } from '../../../domain/portfolio/portfolio.ts';
import { badgeUrl } from '../../../domain/portfolio/share.ts';
import { errorResponses } from './schemas.ts';

const AwardCreateSchema = Type.Object(
  {
    badge_class_id: Type.String({ description: 'From GET /api/v1/badge-classes' }),
    recipient_email: Type.String({ maxLength: 254 }),
    first_name: Type.Optional(Type.String({ maxLength: 100 })),
    last_name: Type.Optional(Type.String({ maxLength: 100 })),
    recipient_name: Type.Optional(Type.String({ maxLength: 200, description: 'Instead of first_name/last_name' })),
    issued_at: Type.Optional(Type.String({ description: 'YYYY-MM-DD or ISO 8601 date-time; default now' })),
    expires_at: Type.Optional(Type.String({ description: 'Default: the badge class expiry policy' })),
    evidence: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Object({ url: Type.Optional(Type.String({ maxLength: 1000 })), narrative: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false })], { description: 'A URL, a narrative, or both' })),
    issuer_earner_id: Type.Optional(Type.String({ maxLength: 100, description: 'Your id for the earner (student id)' })),
    suppress_notification: Type.Optional(Type.Boolean({ description: 'true: do not send the claim email' })),
    reissue: Type.Optional(Type.Boolean({ description: 'true: replace a live award of the same class to the same recipient (revoked as "superseded")' })),
  },
  { additionalProperties: false },
);

export const AwardSchema = Type.Object({
  id: Type.String(),
  badge_class_id: Type.String(),
  badge_class_name: Type.String(),
  institution: Type.String({ description: 'Slug' }),
  recipient_email: Type.String(),
  recipient_name: Type.String(),
  issuer_earner_id: Type.Union([Type.String(), Type.Null()]),
  issued_at: Type.String(),
  expires_at: Type.Union([Type.String(), Type.Null()]),
  status: Type.Unsafe<string>({ type: 'string', enum: ['pending', 'accepted', 'declined', 'expired', 'suspended', 'revoked'] }),
  claim_state: Type.String(),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
  revocation_reason: Type.Union([Type.String(), Type.Null()]),
  suspended_at: Type.Union([Type.String(), Type.Null()]),
  url: Type.String({ description: 'The badge page' }),
  credential: Type.Record(Type.String(), Type.Unknown(), { description: 'The signed OpenBadgeCredential (byte-exact copy at /badges/{id}.json)' }),
});

const BatchResultSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      ok: Type.Boolean(),
      award: Type.Optional(AwardSchema),
      error: Type.Optional(Type.Object({ code: Type.String(), detail: Type.String(), errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })) })),
    }),
  ),
  issued: Type.Integer(),
  failed: Type.Integer(),
});

const BadgeClassSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  criteria: Type.String(),
  institution: Type.String(),
  program_id: Type.String(),
  expires_after_months: Type.Union([Type.Integer(), Type.Null()]),
  image_url: Type.String(),
});

function issuingActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('unauthenticated', 'Send an API token: Authorization: Bearer lrl_…');
  return req.actor;
}

type AwardOut = Static<typeof AwardSchema>;

/** An award's fields as the API shows them, with and without its credential (GET /awards/{id}, the register). */
export function awardFields(config: { publicUrl: string }, { award: a, badgeClassName, institution, status }: AwardView) {
  return {
    id: a.id,
    badge_class_id: a.badgeClassId,
    badge_class_name: badgeClassName,
    institution,
    recipient_email: a.recipientEmail,
    recipient_name: a.recipientName,
    issuer_earner_id: a.issuerEarnerId,
    issued_at: a.issuedAt,
    expires_at: a.expiresAt,
    status,
    claim_state: a.claimState,
    revoked_at: a.revokedAt,
    revocation_reason: a.revocationReason,
    suspended_at: a.suspendedAt,
    url: badgeUrl(config, a.id),
  };
}

export function registerAwardsApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const awardOut = (v: AwardView): AwardOut => ({ ...awardFields(app.laurel.config, v), credential: JSON.parse(v.award.credential) as Record<string, unknown> });

  app.get(
    '/badge-classes',
    { schema: { tags: ['Issuing'], summary: "The badge classes of the caller's institution(s)", response: { 200: Type.Object({ items: Type.Array(BadgeClassSchema) }), ...errorResponses(401, 403) } } },
    async (req) => {
      const groups = await listIssuableBadgeClasses(deps(), issuingActor(req));
      const items = groups.flatMap(({ organization, badgeClasses }) =>
        badgeClasses.map((bc) => ({ id: bc.id, name: bc.name, description: bc.description, criteria: bc.criteria, institution: organization.slug, program_id: bc.programId, expires_after_months: bc.expiresAfterMonths, image_url: badgeImageUrl(deps(), bc.programId) })),
      );
      return { items };
    },
  );

  app.post(
    '/awards',
    {
      schema: {
        tags: ['Issuing'],
        summary: 'Issue a badge (one award), or up to 100 with { "awards": [...] }',
        description: 'Send an `Idempotency-Key` header to make a retry safe: the same key with the same body returns the first answer; with another body, 422 idempotency_conflict. A single award answers 201 or a problem; a batch answers 200 with one result per item.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: Type.Union([AwardCreateSchema, Type.Object({ awards: Type.Array(AwardCreateSchema, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false })]),
        response: { 200: BatchResultSchema, 201: AwardSchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const actor = issuingActor(req);
      const body = req.body;
      const many = 'awards' in body;
      const answer = await runIdempotent(deps(), actor, { area: 'awards', key: req.headers['idempotency-key'], request: body }, async () => {
        const results = await issueAwardRequests(deps(), actor, { requests: many ? body.awards : [body], perItemErrors: many });
        const views = await describeAwards(deps(), results.flatMap((x) => (x.ok ? [x.award] : [])));
        const byId = new Map(views.map((v) => [v.award.id, v]));
        if (many) {
          const out = results.map((x, index) => (x.ok ? { index, ok: true, award: awardOut(byId.get(x.award.id)!) } : { index, ok: false, error: { code: x.code, detail: x.message, errors: Object.entries(x.fields).map(([field, message]) => ({ field, message })) } }));
          return { status: 200, payload: { results: out, issued: out.filter((x) => x.ok).length, failed: out.filter((x) => !x.ok).length } };
        }
        const x = results[0]!;
        if (!x.ok) throw new DomainError(x.code, x.message, x.fields);
        return { status: 201, payload: awardOut(byId.get(x.award.id)!) };
      });
      const raw = reply as unknown as FastifyReply;
      if (answer.replayed) raw.header('idempotent-replayed', 'true');
      return raw.status(answer.status).send(answer.payload);
    },
  );

  const idParams = Type.Object({ id: Type.String() });
  app.get(
    '/awards/:id',
    { schema: { tags: ['Issuing'], summary: 'One award with its status and signed credential', params: idParams, response: { 200: AwardSchema, ...errorResponses(401, 404) } } },
    async (req) => awardOut(await getAward(deps(), issuingActor(req), req.params.id)),
  );

  for (const ext of ['png', 'svg'] as const) {
    app.get(
      `/awards/:id/image.${ext}`,
      { schema: { tags: ['Issuing'], summary: `The badge image (${ext.toUpperCase()}) with the credential baked in`, params: idParams, produces: [ext === 'png' ? 'image/png' : 'image/svg+xml'], response: { 200: { description: 'The baked image', type: 'string', format: 'binary' }, ...errorResponses(401, 404) } } },
      async (req, reply) => {
        const a = await getAwardForIssuer(deps(), issuingActor(req), req.params.id);
        const art = await badgeArt(deps(), await badgeView(deps(), a));
        const raw = (reply as unknown as FastifyReply).header('cache-control', 'private, no-store');
        return ext === 'png' ? raw.type('image/png').send(bakePng(art.png, a.credential)) : raw.type('image/svg+xml').send(bakeSvg(art.svg, a.credential));
      },
    );
  }

  app.post(
    '/awards/:id/revoke',
    {
      schema: {
        tags: ['Issuing'],
        summary: 'Revoke an award (permanent; the status list changes at once)',
        params: idParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: AwardSchema, ...errorResponses(401, 404, 409, 422) },
      },
    },
    async (req) => {
      const [view] = await describeAwards(deps(), [await revokeAward(deps(), issuingActor(req), { awardId: req.params.id, reason: req.body.reason })]);
      return awardOut(view!);
    },
  );
}
