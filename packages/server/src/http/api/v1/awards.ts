// /api/v1/badge-classes and /api/v1/awards: issuing through the API (Credly-like fields), single or in
// batches, with Idempotency-Key; reading an award with its status and signed credential; its baked
// images; revoking. Institution tokens (laurel token create --org) and issuers' personal tokens both work.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import type { Actor } from '../../../domain/actor.ts';
import { nowIso } from '../../../domain/deps.ts';
import { DomainError } from '../../../domain/errors.ts';
import { issueAwards, type IssueResult } from '../../../domain/issuance/issue-awards.ts';
import { awardStatus, getAwardForIssuer, revokeAward } from '../../../domain/issuance/manage-awards.ts';
import { issuingOrganizationIds } from '../../../domain/policy.ts';
import { badgeView } from '../../../domain/portfolio/portfolio.ts';
import { badgeUrl } from '../../../domain/portfolio/share.ts';
import { repos } from '../../../storage/repositories/index.ts';
import type { Award } from '../../../storage/repositories/awards.ts';
import { bakePng, bakeSvg } from '@laurel/credentials';
import { badgeArt } from '../../../domain/issuance/badge-class-art.ts';
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

const AwardSchema = Type.Object({
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

export function registerAwardsApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const slugs = new Map<string, string>();
  const slugOf = async (orgId: string) => {
    let s = slugs.get(orgId);
    if (!s) {
      s = (await repos(deps().db).organizations.findById(orgId))?.slug ?? '';
      slugs.set(orgId, s);
    }
    return s;
  };
  const awardOut = async (a: Award): Promise<Static<typeof AwardSchema>> => {
    const bc = await repos(deps().db).badgeClasses.findById(a.badgeClassId);
    return {
      id: a.id,
      badge_class_id: a.badgeClassId,
      badge_class_name: bc?.name ?? '',
      institution: await slugOf(a.organizationId),
      recipient_email: a.recipientEmail,
      recipient_name: a.recipientName,
      issuer_earner_id: a.issuerEarnerId,
      issued_at: a.issuedAt,
      expires_at: a.expiresAt,
      status: awardStatus(a, nowIso(deps())),
      claim_state: a.claimState,
      revoked_at: a.revokedAt,
      revocation_reason: a.revocationReason,
      suspended_at: a.suspendedAt,
      url: badgeUrl(app.laurel.config, a.id),
      credential: JSON.parse(a.credential) as Record<string, unknown>,
    };
  };

  app.get(
    '/badge-classes',
    { schema: { tags: ['Issuing'], summary: "The badge classes of the caller's institution(s)", response: { 200: Type.Object({ items: Type.Array(BadgeClassSchema) }), ...errorResponses(401, 403) } } },
    async (req) => {
      const actor = issuingActor(req);
      const ids = issuingOrganizationIds(actor);
      if (ids.length === 0) throw new DomainError('forbidden', 'Only issuers, institution administrators and institution tokens can list badge classes for issuing.');
      const r = repos(deps().db);
      const items = [];
      for (const id of ids) {
        for (const bc of await r.badgeClasses.listForOrganization(id)) {
          items.push({ id: bc.id, name: bc.name, description: bc.description, criteria: bc.criteria, institution: await slugOf(id), program_id: bc.programId, expires_after_months: bc.expiresAfterMonths, image_url: `${app.laurel.config.publicUrl}/programs/${bc.programId}/badge.png` });
        }
      }
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
      const body = req.body as Static<typeof AwardCreateSchema> | { awards: Static<typeof AwardCreateSchema>[] };
      const key = req.headers['idempotency-key'];
      const r = repos(deps().db);
      const scope = `awards:${actor.kind === 'user' ? `u:${actor.userId}` : actor.kind === 'organization' ? `o:${actor.organizationId}` : 'system'}`;
      const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      if (typeof key === 'string') {
        const seen = await r.idempotency.find(scope, key);
        if (seen) {
          if (seen.requestHash !== hash || seen.statusCode === null) throw new DomainError('idempotency_conflict', seen.requestHash !== hash ? 'This Idempotency-Key was used with a different request.' : 'A request with this Idempotency-Key is still running; retry in a moment.');
          const replay = reply as unknown as FastifyReply;
          return replay.status(seen.statusCode).header('idempotent-replayed', 'true').send(JSON.parse(seen.response ?? 'null'));
        }
        if (!(await r.idempotency.reserve(scope, key, hash, nowIso(deps())))) throw new DomainError('idempotency_conflict', 'A request with this Idempotency-Key is still running; retry in a moment.');
      }
      try {
        const items = 'awards' in body ? body.awards : [body];
        // Grouped by badge class: one signing and one transaction per class.
        const results: (IssueResult | undefined)[] = new Array(items.length);
        const byClass = new Map<string, number[]>();
        items.forEach((it, i) => byClass.set(it.badge_class_id, [...(byClass.get(it.badge_class_id) ?? []), i]));
        for (const [badgeClassId, idx] of byClass) {
          const reissue = idx.some((i) => items[i]!.reissue === true);
          try {
            const res = await issueAwards(deps(), actor, { badgeClassId, items: idx.map((i) => ({ raw: items[i]! })), reissue });
            res.forEach((x, k) => (results[idx[k]!] = x));
          } catch (err) {
            if (!(err instanceof DomainError) || !('awards' in body)) throw err;
            for (const i of idx) results[i] = { ok: false, code: err.code, message: err.message, fields: err.fields };
          }
        }
        let status: number;
        let payload: unknown;
        if ('awards' in body) {
          const out = await Promise.all(results.map(async (x, index) => (x!.ok ? { index, ok: true, award: await awardOut(x!.award) } : { index, ok: false, error: { code: x!.code, detail: x!.message, errors: Object.entries(x!.fields).map(([field, message]) => ({ field, message })) } })));
          status = 200;
          payload = { results: out, issued: out.filter((x) => x.ok).length, failed: out.filter((x) => !x.ok).length };
        } else {
          const x = results[0]!;
          if (!x.ok) throw new DomainError(x.code, x.message, x.fields);
          status = 201;
          payload = await awardOut(x.award);
        }
        if (typeof key === 'string') await r.idempotency.complete(scope, key, status, JSON.stringify(payload));
        return (reply as unknown as FastifyReply).status(status).send(payload);
      } catch (err) {
        if (typeof key === 'string') await r.idempotency.release(scope, key);
        throw err;
      }
    },
  );

  const idParams = Type.Object({ id: Type.String() });
  app.get(
    '/awards/:id',
    { schema: { tags: ['Issuing'], summary: 'One award with its status and signed credential', params: idParams, response: { 200: AwardSchema, ...errorResponses(401, 404) } } },
    async (req) => awardOut(await getAwardForIssuer(deps(), issuingActor(req), req.params.id)),
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
    async (req) => awardOut(await revokeAward(deps(), issuingActor(req), { awardId: req.params.id, reason: req.body.reason })),
  );
}
