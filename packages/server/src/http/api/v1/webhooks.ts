// /institutions/:slug/webhooks: an organization's webhook endpoints and their delivery logs, for its
// admin (the Regents' for the system admin). The same use cases as the pages. The signing secret is in
// the answer to POST (create) and to POST …/rotate-secret only.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { deliveryState, listWebhookDeliveries, redeliverWebhook, sendTestWebhook, type WebhookDelivery } from '../../../domain/webhooks/deliveries.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints, rotateWebhookSecret, setWebhookEndpointStatus, updateWebhookEndpoint, type WebhookEndpointView } from '../../../domain/webhooks/endpoints.ts';
import { WEBHOOK_EVENTS } from '../../../domain/webhooks/events.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses } from './schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const EventType = Type.Unsafe<string>({ type: 'string', enum: [...WEBHOOK_EVENTS] });

const DeliverySchema = Type.Object(
  {
    id: Type.String({ description: 'The Standard Webhooks message id (the webhook-id header); the same on every retry and redelivery' }),
    event_type: Type.String(),
    status: Type.Union([Type.Literal('delivered'), Type.Literal('pending'), Type.Literal('failed')]),
    created_at: Type.String({ format: 'date-time' }),
    attempts: Type.Integer(),
    last_attempt_at: Nullable(Type.String({ format: 'date-time' })),
    last_status: Nullable(Type.Integer({ description: 'The HTTP status of the last answer; null when none came' })),
    last_error: Nullable(Type.String()),
    delivered_at: Nullable(Type.String({ format: 'date-time' })),
    next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
    payload: Type.String({ description: 'The exact JSON body that was signed and sent' }),
  },
  { $id: 'WebhookDelivery' },
);

const EndpointSchema = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    description: Type.String(),
    events: Type.Array(EventType),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    disabled_reason: Nullable(Type.String()),
    consecutive_failures: Type.Integer(),
    previous_secret_until: Nullable(Type.String({ format: 'date-time', description: 'Until then the secret before the last rotation signs too' })),
    last_delivery: Nullable(Type.Ref('WebhookDelivery')),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'WebhookEndpoint' },
);

const EndpointInput = Type.Object(
  {
    url: Type.String({ maxLength: 2000, description: 'https, public; http only for hosts in LAUREL_FETCH_ALLOW_HOSTS' }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    events: Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
const EndpointPatch = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 2000 })),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    events: Type.Optional(Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false },
);

function deliveryOut(d: WebhookDelivery) {
  return {
    id: d.id,
    event_type: d.eventType,
    status: deliveryState(d),
    created_at: d.createdAt,
    attempts: d.attempts,
    last_attempt_at: d.lastAttemptAt,
    last_status: d.lastStatus,
    last_error: d.lastError,
    delivered_at: d.deliveredAt,
    next_attempt_at: d.nextAttemptAt,
    payload: d.payload,
  };
}

function out(e: WebhookEndpointView) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: [...e.events],
    status: e.status,
    disabled_reason: e.disabledReason,
    consecutive_failures: e.consecutiveFailures,
    previous_secret_until: e.previousSecretUntil,
    last_delivery: e.lastDelivery && deliveryOut(e.lastDelivery),
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

export function registerWebhookApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const Slug = Type.Object({ slug: Type.String({ maxLength: 200 }) });
  const SlugId = Type.Object({ slug: Type.String({ maxLength: 200 }), id: Type.String({ maxLength: 200 }) });
  const SlugIdDelivery = Type.Object({ slug: Type.String({ maxLength: 200 }), id: Type.String({ maxLength: 200 }), deliveryId: Type.String({ maxLength: 200 }) });
  const WithSecret = Type.Object({ endpoint: Type.Ref('WebhookEndpoint'), secret: Type.String({ description: 'whsec_…: shown in this answer only' }) });
  const tags = ['Webhooks'];
  const base = (slug: string) => `/api/v1/institutions/${slug}/webhooks`;
  app.addSchema(DeliverySchema);
  app.addSchema(EndpointSchema);

  app.get('/institutions/:slug/webhooks', { schema: { tags, summary: "An organization's webhook endpoints", params: Slug, response: { 200: Type.Object({ endpoints: Type.Array(Type.Ref('WebhookEndpoint')) }), ...errorResponses(401, 403, 404) } } }, async (req) => {
    return { endpoints: (await listWebhookEndpoints(deps(), requireUser(req), { slug: req.params.slug })).endpoints.map(out) };
  });

  app.post('/institutions/:slug/webhooks', { schema: { tags, summary: 'Add an endpoint (the address is checked: https, public); the answer carries its signing secret, once', params: Slug, body: EndpointInput, response: { 201: WithSecret, ...errorResponses(401, 403, 404, 422) } } }, async (req, reply) => {
    const { endpoint, secret } = await createWebhookEndpoint(deps(), requireUser(req), { slug: req.params.slug, url: req.body.url, description: req.body.description, events: req.body.events, ip: req.ip });
    return reply.status(201).header('location', `${base(req.params.slug)}/${endpoint.id}`).send({ endpoint: out(endpoint), secret });
  });

  app.get('/institutions/:slug/webhooks/:id', { schema: { tags, summary: 'One endpoint', params: SlugId, response: { 200: Type.Ref('WebhookEndpoint'), ...errorResponses(401, 403, 404) } } }, async (req) => {
    return out((await getWebhookEndpoint(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id })).endpoint);
  });

  app.patch('/institutions/:slug/webhooks/:id', { schema: { tags, summary: 'Edit the address, description or events, or turn the endpoint off or on (fields left out keep their value)', params: SlugId, body: EndpointPatch, response: { 200: Type.Ref('WebhookEndpoint'), ...errorResponses(401, 403, 404, 422) } } }, async (req) => {
    const actor = requireUser(req);
    const key = { slug: req.params.slug, endpointId: req.params.id };
    const { status, ...rest } = req.body;
    let e = (await getWebhookEndpoint(deps(), actor, key)).endpoint;
    if (Object.keys(rest).length) e = await updateWebhookEndpoint(deps(), actor, { ...key, ...rest, ip: req.ip });
    if (status) e = await setWebhookEndpointStatus(deps(), actor, { ...key, status, ip: req.ip });
    return out(e);
  });

  app.delete('/institutions/:slug/webhooks/:id', { schema: { tags, summary: 'Remove an endpoint and its delivery log', params: SlugId, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } } }, async (req, reply) => {
    await deleteWebhookEndpoint(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id, ip: req.ip });
    return reply.status(204).send(null);
  });

  app.post('/institutions/:slug/webhooks/:id/rotate-secret', { schema: { tags, summary: 'A new signing secret (the previous one keeps signing beside it for 24 hours)', params: SlugId, response: { 200: WithSecret, ...errorResponses(401, 403, 404) } } }, async (req) => {
    const { endpoint, secret } = await rotateWebhookSecret(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id, ip: req.ip });
    return { endpoint: out(endpoint), secret };
  });

  app.post('/institutions/:slug/webhooks/:id/test', { schema: { tags, summary: 'Queue a webhook.test message to this endpoint', params: SlugId, response: { 202: Type.Ref('WebhookDelivery'), ...errorResponses(401, 403, 404, 409) } } }, async (req, reply) => {
    return reply.status(202).send(deliveryOut(await sendTestWebhook(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id, ip: req.ip })));
  });

  app.get(
    '/institutions/:slug/webhooks/:id/deliveries',
    { schema: { tags, summary: "The endpoint's delivery log, newest first", params: SlugId, querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }), response: { 200: Type.Object({ items: Type.Array(Type.Ref('WebhookDelivery')), total: Type.Integer(), page: Type.Integer(), per_page: Type.Integer() }), ...errorResponses(401, 403, 404) } } },
    async (req) => {
      const { deliveries } = await listWebhookDeliveries(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id, page: req.query.page ?? 1, perPage: req.query.per_page ?? 25 });
      return { items: deliveries.items.map(deliveryOut), total: deliveries.total, page: deliveries.page, per_page: deliveries.perPage };
    },
  );

  app.post('/institutions/:slug/webhooks/:id/deliveries/:deliveryId/redeliver', { schema: { tags, summary: 'Send one message again now, with the same webhook-id (one attempt)', params: SlugIdDelivery, response: { 202: Type.Ref('WebhookDelivery'), ...errorResponses(401, 403, 404, 409) } } }, async (req, reply) => {
    return reply.status(202).send(deliveryOut(await redeliverWebhook(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id, deliveryId: req.params.deliveryId, ip: req.ip })));
  });
}
