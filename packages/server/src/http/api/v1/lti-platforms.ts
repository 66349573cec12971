// /institutions/:slug/lti-platforms: an institution's learning-platform registrations (LTI 1.3), for its
// admin (the system admin for all), and the badges placed in each platform's courses; /lti/tool-keys: Laurel's own signing keys as a tool (system admins).
// The same use cases as the pages.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { addLtiDeployment, createLtiPlatform, deleteLtiPlatform, getLtiPlatform, listLtiPlatforms, removeLtiDeployment, setLtiPlatformStatus, updateLtiPlatform, type LtiPlatformView, type LtiToolValues } from '../../../domain/lti/platforms.ts';
import { listToolKeys, rotateToolKey } from '../../../domain/lti/tool-keys.ts';
import { listLtiPlacements } from '../../../domain/lti/list-placements.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses } from './schemas.ts';

const PlatformSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    issuer: Type.String(),
    client_id: Type.String(),
    auth_login_url: Type.String(),
    auth_token_url: Type.String(),
    jwks_url: Type.String(),
    token_audience: Type.Union([Type.String(), Type.Null()], { description: 'Audience of the client assertion at the token endpoint; null: the token URL.' }),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    registered_via: Type.Union([Type.Literal('manual'), Type.Literal('dynamic')]),
    product_family: Type.Union([Type.String(), Type.Null()]),
    deployment_ids: Type.Array(Type.String()),
    placements: Type.Integer(),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'LtiPlatform' },
);

const ToolSchema = Type.Object({
  registration_url: Type.String(),
  login_url: Type.String(),
  redirect_url: Type.String(),
  target_link_uri: Type.String(),
  deep_linking_url: Type.String(),
  jwks_url: Type.String(),
  domain: Type.String(),
});

const Url = Type.String({ maxLength: 2000 });
const Fields = {
  name: Type.Optional(Type.String({ maxLength: 200 })),
  issuer: Url,
  client_id: Type.String({ maxLength: 500 }),
  auth_login_url: Url,
  auth_token_url: Url,
  jwks_url: Url,
  token_audience: Type.Optional(Type.Union([Url, Type.Null()])),
  deployment_ids: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 50 })),
};
const PlatformInput = Type.Object(Fields, { additionalProperties: false });
const PlatformPatch = Type.Object(
  {
    name: Fields.name,
    issuer: Type.Optional(Url),
    client_id: Type.Optional(Fields.client_id),
    auth_login_url: Type.Optional(Url),
    auth_token_url: Type.Optional(Url),
    jwks_url: Type.Optional(Url),
    token_audience: Fields.token_audience,
    deployment_ids: Fields.deployment_ids,
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false },
);

function out(p: LtiPlatformView) {
  return {
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    client_id: p.clientId,
    auth_login_url: p.authLoginUrl,
    auth_token_url: p.authTokenUrl,
    jwks_url: p.jwksUrl,
    token_audience: p.tokenAudience,
    status: p.status,
    registered_via: p.registeredVia,
    product_family: p.productFamily,
    deployment_ids: [...p.deploymentIds],
    placements: p.placements,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

function toolOut(t: LtiToolValues) {
  return { registration_url: t.registrationUrl, login_url: t.loginUrl, redirect_url: t.redirectUrl, target_link_uri: t.targetLinkUri, deep_linking_url: t.deepLinkingUrl, jwks_url: t.jwksUrl, domain: t.domain };
}

type Input = { name?: string | undefined; issuer?: string | undefined; client_id?: string | undefined; auth_login_url?: string | undefined; auth_token_url?: string | undefined; jwks_url?: string | undefined; token_audience?: string | null | undefined };

function fieldsOf(b: Input, current?: LtiPlatformView) {
  return { name: b.name ?? current?.name, issuer: b.issuer ?? current?.issuer, clientId: b.client_id ?? current?.clientId, authLoginUrl: b.auth_login_url ?? current?.authLoginUrl, authTokenUrl: b.auth_token_url ?? current?.authTokenUrl, jwksUrl: b.jwks_url ?? current?.jwksUrl, tokenAudience: b.token_audience === undefined ? current?.tokenAudience : b.token_audience };
}

export function registerLtiPlatformApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const Slug = Type.Object({ slug: Type.String({ maxLength: 200 }) });
  const SlugId = Type.Object({ slug: Type.String({ maxLength: 200 }), id: Type.String({ maxLength: 200 }) });
  const tags = ['Learning platforms (LTI)'];
  app.addSchema(PlatformSchema);

  app.get('/institutions/:slug/lti-platforms', { schema: { tags, summary: "An institution's learning-platform registrations, and the values a platform's administrator enters for Laurel", params: Slug, response: { 200: Type.Object({ tool: ToolSchema, platforms: Type.Array(Type.Ref('LtiPlatform')) }), ...errorResponses(401, 403, 404) } } }, async (req) => {
    const res = await listLtiPlatforms(deps(), requireUser(req), { slug: req.params.slug });
    return { tool: toolOut(res.tool), platforms: res.platforms.map(out) };
  });

  app.post('/institutions/:slug/lti-platforms', { schema: { tags, summary: "Register a platform by hand (its keyset URL must answer with a JWKS)", params: Slug, body: PlatformInput, response: { 201: Type.Ref('LtiPlatform'), ...errorResponses(401, 403, 404, 422) } } }, async (req, reply) => {
    const p = await createLtiPlatform(deps(), requireUser(req), { slug: req.params.slug, fields: { ...fieldsOf(req.body), deploymentIds: (req.body.deployment_ids ?? []).join('\n') }, ip: req.ip });
    return reply.status(201).header('location', `/api/v1/institutions/${req.params.slug}/lti-platforms/${p.id}`).send(out(p));
  });

  app.get('/institutions/:slug/lti-platforms/:id', { schema: { tags, summary: 'One platform registration with its deployment ids', params: SlugId, response: { 200: Type.Ref('LtiPlatform'), ...errorResponses(401, 403, 404) } } }, async (req) => {
    return out((await getLtiPlatform(deps(), requireUser(req), { slug: req.params.slug, platformId: req.params.id })).platform);
  });

  app.patch('/institutions/:slug/lti-platforms/:id', { schema: { tags, summary: 'Edit a registration (fields left out keep their value; deployment_ids, when given, is the whole list)', params: SlugId, body: PlatformPatch, response: { 200: Type.Ref('LtiPlatform'), ...errorResponses(401, 403, 404, 422) } } }, async (req) => {
    const actor = requireUser(req);
    const key = { slug: req.params.slug, platformId: req.params.id };
    const { status, deployment_ids: deployments, ...rest } = req.body;
    let current = (await getLtiPlatform(deps(), actor, key)).platform;
    if (Object.keys(rest).length) current = await updateLtiPlatform(deps(), actor, { ...key, fields: fieldsOf(rest, current), ip: req.ip });
    if (deployments) {
      const wanted = new Set(deployments.map((d) => d.trim()));
      for (const d of current.deploymentIds) if (!wanted.has(d)) await removeLtiDeployment(deps(), actor, { ...key, deploymentId: d, ip: req.ip });
      for (const d of wanted) if (!current.deploymentIds.includes(d)) await addLtiDeployment(deps(), actor, { ...key, deploymentId: d, ip: req.ip });
    }
    if (status) await setLtiPlatformStatus(deps(), actor, { ...key, status, ip: req.ip });
    return out((await getLtiPlatform(deps(), actor, key)).platform);
  });

  app.delete('/institutions/:slug/lti-platforms/:id', { schema: { tags, summary: 'Remove a registration with its deployments and placements (issued badges stay)', params: SlugId, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } } }, async (req, reply) => {
    await deleteLtiPlatform(deps(), requireUser(req), { slug: req.params.slug, platformId: req.params.id, ip: req.ip });
    return reply.status(204).send(null);
  });

  const Count = Type.Integer({ minimum: 0 });
  const PlacementSchema = Type.Object({
    id: Type.String(),
    deployment_id: Type.String(),
    context_id: Type.String(),
    context_title: Type.String(),
    resource_link_id: Type.Union([Type.String(), Type.Null()]),
    badge_class_id: Type.String(),
    badge_class_name: Type.String(),
    created_by_name: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
    rule: Type.Object({
      kind: Type.Union([Type.Literal('none'), Type.Literal('score'), Type.Literal('completion')]),
      threshold_percent: Type.Union([Type.Number(), Type.Null()]),
      line_item: Type.Union([Type.String(), Type.Null()]),
      line_item_label: Type.Union([Type.String(), Type.Null()]),
      automatic: Type.Boolean(),
    }),
    students: Type.Object({ awarded: Count, already_held: Count, waiting_for_approval: Count, without_email: Count, not_issued: Count, not_yet: Count }),
    results_read_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    results_error: Type.Union([Type.String(), Type.Null()]),
  });

  app.get('/institutions/:slug/lti-platforms/:id/placements', { schema: { tags, summary: "The badges placed in the platform's courses, with their award rules and students by status", params: SlugId, response: { 200: Type.Object({ placements: Type.Array(PlacementSchema) }), ...errorResponses(401, 403, 404) } } }, async (req) => {
    const res = await listLtiPlacements(deps(), requireUser(req), { slug: req.params.slug, platformId: req.params.id });
    return {
      placements: res.placements.map(({ placement: p, badgeClassName, counts: c }) => ({
        id: p.id,
        deployment_id: p.deploymentId,
        context_id: p.contextId,
        context_title: p.contextTitle,
        resource_link_id: p.resourceLinkId,
        badge_class_id: p.badgeClassId,
        badge_class_name: badgeClassName,
        created_by_name: p.createdByName,
        created_at: p.createdAt,
        rule: { kind: p.rule.kind, threshold_percent: p.rule.threshold, line_item: p.rule.lineItemUrl, line_item_label: p.rule.lineItemLabel, automatic: p.rule.autoIssue },
        students: { awarded: c.awarded, already_held: c.held, waiting_for_approval: c.qualified, without_email: c.no_email, not_issued: c.failed, not_yet: c.not_yet },
        results_read_at: p.check.checkedAt,
        results_error: p.check.error,
      })),
    };
  });

  const KeySchema = Type.Object({ kid: Type.String(), status: Type.Union([Type.Literal('active'), Type.Literal('retired')]), created_at: Type.String({ format: 'date-time' }), retired_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), published: Type.Boolean() });

  app.get('/lti/tool-keys', { schema: { tags, summary: "Laurel's signing keys as an LTI tool (system administrators)", response: { 200: Type.Object({ keys: Type.Array(KeySchema) }), ...errorResponses(401, 403) } } }, async (req) => {
    const keys = await listToolKeys(deps(), requireUser(req));
    return { keys: keys.map((k) => ({ kid: k.kid, status: k.status, created_at: k.createdAt, retired_at: k.retiredAt, published: k.published })) };
  });

  app.post('/lti/tool-keys/rotate', { schema: { tags, summary: 'Rotate the LTI signing key: a new key signs; the previous one stays published for seven days', response: { 200: Type.Object({ kid: Type.String(), retired: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(401, 403, 409) } } }, async (req) => {
    return rotateToolKey(deps(), requireUser(req), { ip: req.ip });
  });
}
