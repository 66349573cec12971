// An endpoint's delivery log (newest first, paged), a manual redelivery of one message (the same
// webhook-id, so a receiver that already acted on it ignores it), and the test event. For the
// organization's admins, like the endpoints themselves.
import { repos } from '../../storage/repositories/index.ts';
import type { WebhookDelivery } from '../../storage/repositories/webhooks.ts';
import type { Page } from '../../storage/repositories/types.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Organization } from '../institutions/institutions.ts';
import { emitTestEvent, requeueDelivery } from './emit.ts';
import { endpointOf, endpointView, webhookOrganization, type WebhookEndpointView } from './endpoints.ts';

export type { WebhookDelivery };
/** One page of an endpoint's delivery log. */
export type DeliveryLog = Page<WebhookDelivery>;

/** Where a delivery stands: delivered, still being tried, or given up. */
export function deliveryState(d: Pick<WebhookDelivery, 'deliveredAt' | 'nextAttemptAt' | 'lastAttemptAt'>): 'delivered' | 'pending' | 'failed' {
  if (d.nextAttemptAt !== null) return 'pending';
  return d.deliveredAt !== null && (d.lastAttemptAt === null || d.deliveredAt >= d.lastAttemptAt) ? 'delivered' : 'failed';
}

export async function listWebhookDeliveries(
  deps: Deps,
  actor: Actor,
  input: { slug: string; endpointId: string; page: number; perPage?: number },
): Promise<{ organization: Organization; endpoint: WebhookEndpointView; deliveries: DeliveryLog }> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const e = await endpointOf(deps, org, input.endpointId);
  const deliveries = await repos(deps.db).webhooks.listDeliveries(e.id, input.page, input.perPage ?? 25);
  return { organization: org, endpoint: await endpointView(deps, e), deliveries };
}

function assertOn(e: { status: string }): void {
  if (e.status !== 'active') throw new DomainError('webhook_endpoint_disabled', 'This endpoint is turned off. Turn it on first, then send again.');
}

/** Sends one delivery again now (one attempt; its outcome shows in the log). */
export async function redeliverWebhook(deps: Deps, actor: Actor, input: { slug: string; endpointId: string; deliveryId: string; ip?: string | null }): Promise<WebhookDelivery> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const e = await endpointOf(deps, org, input.endpointId);
  const r = repos(deps.db);
  const d = await r.webhooks.findDelivery(input.deliveryId);
  if (!d || d.endpointId !== e.id) throw notFound('The delivery');
  assertOn(e);
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await requeueDelivery(tr, d.id, at);
    await audit(tr, { actor, at, action: 'webhook_delivery.redelivered', subjectType: 'webhook_endpoint', subjectId: e.id, organizationId: org.id, ip: input.ip, data: { deliveryId: d.id, eventType: d.eventType } });
  });
  deps.wake();
  return (await r.webhooks.findDelivery(d.id))!;
}

/** Queues a `webhook.test` message to this endpoint only, whatever it subscribes to. */
export async function sendTestWebhook(deps: Deps, actor: Actor, input: { slug: string; endpointId: string; ip?: string | null }): Promise<WebhookDelivery> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const e = await endpointOf(deps, org, input.endpointId);
  assertOn(e);
  const at = nowIso(deps);
  const id = await inTransaction(deps, async (tr) => {
    const deliveryId = await emitTestEvent(tr, { endpointId: e.id, at, data: { message: 'A test event from Laurel. It reports nothing that happened.', endpoint_id: e.id, organization: { id: org.id, slug: org.slug, name: org.name } } });
    await audit(tr, { actor, at, action: 'webhook_endpoint.test_sent', subjectType: 'webhook_endpoint', subjectId: e.id, organizationId: org.id, ip: input.ip, data: { deliveryId } });
    return deliveryId;
  });
  deps.wake();
  return (await repos(deps.db).webhooks.findDelivery(id))!;
}
