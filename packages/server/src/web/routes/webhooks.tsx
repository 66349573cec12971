// Pages where an organization's admin manages its webhook endpoints, under
// /admin/institutions/:slug/webhooks: the list, adding one (the secret shown once), the endpoint's page
// (settings, test event, off/on, delivery log with redelivery), and confirmation pages before rotating
// the secret and before removing it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Actor } from '../../domain/actor.ts';
import { listWebhookDeliveries, redeliverWebhook, sendTestWebhook } from '../../domain/webhooks/deliveries.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints, rotateWebhookSecret, setWebhookEndpointStatus, updateWebhookEndpoint } from '../../domain/webhooks/endpoints.ts';
import { requireUser } from '../../kit/auth.ts';
import { DeleteEndpointPage, endpointFormValues, NewEndpointPage, RotateSecretPage, type EndpointFormValues } from '../pages/webhooks/endpoint-form.tsx';
import { webhooksBase, WebhookListPage } from '../pages/webhooks/endpoint-list.tsx';
import { EndpointPage, type EndpointPageProps } from '../pages/webhooks/endpoint-page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields, queryOf } from '../schemas.ts';
import { field, fieldList, formErrors, pageNumber, type FormBody } from './forms.ts';

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) });
const EndpointParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }), id: Type.String({ minLength: 1, maxLength: 200 }) });
const DeliveryParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }), id: Type.String({ minLength: 1, maxLength: 200 }), deliveryId: Type.String({ minLength: 1, maxLength: 200 }) });

function valuesFrom(body: FormBody): EndpointFormValues {
  return { url: field(body, 'url'), description: field(body, 'description'), events: fieldList(body, 'events') };
}

interface EndpointRender {
  readonly v?: EndpointFormValues;
  readonly errors?: Record<string, string>;
  readonly message?: string;
  readonly secret?: EndpointPageProps['secret'];
  readonly page?: number;
  readonly status?: number;
}

/** The endpoint's page, with the form as posted (after a refusal) or as saved. */
async function sendEndpointPage(req: FastifyRequest, reply: FastifyReply, actor: Actor, key: { slug: string; endpointId: string }, o: EndpointRender = {}): Promise<FastifyReply> {
  const { organization, endpoint, deliveries } = await listWebhookDeliveries(req.server.laurel.deps, actor, { ...key, page: o.page ?? 1 });
  const page = <EndpointPage ctx={pageContext(req, reply)} org={organization} endpoint={endpoint} deliveries={deliveries} v={o.v ?? endpointFormValues(endpoint)} errors={o.errors ?? {}} message={o.message} secret={o.secret} />;
  return sendPage(reply, page, o.status ?? 200);
}

export function registerWebhookPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/admin/institutions/:slug/webhooks', { schema: { params: SlugParams } }, async (req, reply) => {
    const res = await listWebhookEndpoints(deps(), requireUser(req), { slug: req.params.slug });
    return sendPage(reply, <WebhookListPage ctx={pageContext(req, reply)} org={res.organization} endpoints={res.endpoints} />);
  });

  app.get('/admin/institutions/:slug/webhooks/new', { schema: { params: SlugParams } }, async (req, reply) => {
    const res = await listWebhookEndpoints(deps(), requireUser(req), { slug: req.params.slug });
    return sendPage(reply, <NewEndpointPage ctx={pageContext(req, reply)} org={res.organization} v={endpointFormValues()} errors={{}} />);
  });

  // The secret is shown in this answer and nowhere else (not in a redirect, a flash cookie or a URL).
  app.post('/admin/institutions/:slug/webhooks', { schema: { params: SlugParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const v = valuesFrom(req.body);
    try {
      const { endpoint, secret } = await createWebhookEndpoint(deps(), actor, { slug: req.params.slug, ...v, ip: req.ip });
      return await sendEndpointPage(req, reply, actor, { slug: req.params.slug, endpointId: endpoint.id }, { secret: { value: secret, rotated: false }, status: 201 });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const res = await listWebhookEndpoints(deps(), actor, { slug: req.params.slug });
      return sendPage(reply, <NewEndpointPage ctx={pageContext(req, reply)} org={res.organization} v={v} errors={fields} message={message} />, 422);
    }
  });

  app.get('/admin/institutions/:slug/webhooks/:id', { schema: { params: EndpointParams, querystring: queryOf('page') } }, async (req, reply) => {
    return sendEndpointPage(req, reply, requireUser(req), { slug: req.params.slug, endpointId: req.params.id }, { page: pageNumber(req.query.page) });
  });

  app.post('/admin/institutions/:slug/webhooks/:id', { schema: { params: EndpointParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const key = { slug: req.params.slug, endpointId: req.params.id };
    const v = valuesFrom(req.body);
    try {
      await updateWebhookEndpoint(deps(), actor, { ...key, ...v, ip: req.ip });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendEndpointPage(req, reply, actor, key, { v, errors: fields, message, status: 422 });
    }
    return redirectWithFlash(reply, `${webhooksBase(req.params)}/${req.params.id}`, { kind: 'success', message: 'The endpoint was saved.' });
  });

  const act = (path: string, run: (actor: Actor, key: { slug: string; endpointId: string }, body: FormBody, ip: string) => Promise<string>) =>
    app.post(`/admin/institutions/:slug/webhooks/:id/${path}`, { schema: { params: EndpointParams, body: FormFields } }, async (req, reply) => {
      const back = `${webhooksBase(req.params)}/${req.params.id}`;
      try {
        const message = await run(requireUser(req), { slug: req.params.slug, endpointId: req.params.id }, req.body, req.ip);
        return redirectWithFlash(reply, back, { kind: 'success', message });
      } catch (err) {
        return redirectWithFlash(reply, back, { kind: 'error', message: formErrors(err).message });
      }
    });
  act('test', async (actor, key, _b, ip) => {
    await sendTestWebhook(deps(), actor, { ...key, ip });
    return 'A test event was queued. Its delivery shows in the log below in a moment.';
  });
  act('status', async (actor, key, body, ip) => {
    const e = await setWebhookEndpointStatus(deps(), actor, { ...key, status: field(body, 'status'), ip });
    return e.status === 'active' ? 'Turned on: new events are sent to it again.' : 'Turned off: no events are sent to it until it is turned on again.';
  });

  app.get('/admin/institutions/:slug/webhooks/:id/rotate', { schema: { params: EndpointParams } }, async (req, reply) => {
    const { organization, endpoint } = await getWebhookEndpoint(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id });
    return sendPage(reply, <RotateSecretPage ctx={pageContext(req, reply)} org={organization} endpoint={endpoint} />);
  });

  app.post('/admin/institutions/:slug/webhooks/:id/rotate', { schema: { params: EndpointParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const key = { slug: req.params.slug, endpointId: req.params.id };
    const { secret } = await rotateWebhookSecret(deps(), actor, { ...key, ip: req.ip });
    return sendEndpointPage(req, reply, actor, key, { secret: { value: secret, rotated: true } });
  });

  app.get('/admin/institutions/:slug/webhooks/:id/delete', { schema: { params: EndpointParams } }, async (req, reply) => {
    const { organization, endpoint } = await getWebhookEndpoint(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id });
    return sendPage(reply, <DeleteEndpointPage ctx={pageContext(req, reply)} org={organization} endpoint={endpoint} />);
  });

  app.post('/admin/institutions/:slug/webhooks/:id/delete', { schema: { params: EndpointParams, body: FormFields } }, async (req, reply) => {
    const { url } = await deleteWebhookEndpoint(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id, ip: req.ip });
    return redirectWithFlash(reply, webhooksBase(req.params), { kind: 'success', message: `${url} was removed.` });
  });

  app.post('/admin/institutions/:slug/webhooks/:id/deliveries/:deliveryId/redeliver', { schema: { params: DeliveryParams, body: FormFields } }, async (req, reply) => {
    const back = `${webhooksBase(req.params)}/${req.params.id}`;
    try {
      await redeliverWebhook(deps(), requireUser(req), { slug: req.params.slug, endpointId: req.params.id, deliveryId: req.params.deliveryId, ip: req.ip });
    } catch (err) {
      return redirectWithFlash(reply, back, { kind: 'error', message: formErrors(err).message });
    }
    return redirectWithFlash(reply, back, { kind: 'success', message: 'The message was queued to be sent again, with the same webhook-id.' });
  });
}
