// Emitting webhook events: called inside the transaction of the change the event reports (an award
// issued, a request decided…), so the event exists if and only if the change committed — the outbox
// pattern, as for email. Each event becomes one delivery row (its id is the Standard Webhooks message id)
// and one job on WEBHOOK_QUEUE per active endpoint of the organization that subscribes to the event type;
// request.* and program.* events also go to the Regents' endpoints. Callers wake the worker after commit.
import type { Repos } from '../../storage/repositories/index.ts';
import { newId } from '../ids.ts';
import { regentsSee, WEBHOOK_QUEUE, type WebhookEventType, TEST_EVENT } from './events.ts';

export interface WebhookEvent {
  readonly organizationId: string;
  readonly type: WebhookEventType;
  readonly data: Record<string, unknown>;
  /** When it happened (ISO-8601): the payload's `timestamp`. */
  readonly at: string;
}

/** What a job on WEBHOOK_QUEUE carries. */
export interface DeliveryJob {
  readonly deliveryId: string;
  /** A redelivery asked for by an admin: one attempt, no automatic retries. */
  readonly manual?: boolean;
}

/** Deliveries are retried on the Standard Webhooks schedule (the handler decides); this only bounds a job that keeps crashing. */
const JOB_MAX_ATTEMPTS = 100;

/** The body as sent and signed: `{ type, timestamp, data }`. */
export function webhookBody(type: string, at: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: at, data });
}

/** Emits one event in the caller's transaction; the number of deliveries queued. */
export async function emitWebhookEvent(tr: Repos, event: WebhookEvent): Promise<number> {
  return emitWebhookEvents(tr, [event]);
}

/**
 * Emits many events in the caller's transaction with one subscriber lookup and multi-row inserts (a
 * chunk of a bulk issue is one call); the number of deliveries queued.
 */
export async function emitWebhookEvents(tr: Repos, events: readonly WebhookEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const orgIds = new Set(events.map((e) => e.organizationId));
  const regentsId = events.some((e) => regentsSee(e.type)) ? (await tr.organizations.list({ kind: 'regents' }))[0]?.id : undefined;
  if (regentsId) orgIds.add(regentsId);
  const subscribers = await tr.webhooks.activeSubscribers([...orgIds]);
  if (subscribers.length === 0) return 0;
  const deliveries: { id: string; endpointId: string; eventType: string; payload: string; at: string }[] = [];
  for (const e of events) {
    const to = subscribers.filter((s) => s.events.includes(e.type) && (s.organizationId === e.organizationId || (s.organizationId === regentsId && regentsSee(e.type))));
    if (to.length === 0) continue;
    const payload = webhookBody(e.type, e.at, e.data);
    for (const s of to) deliveries.push({ id: newId(), endpointId: s.id, eventType: e.type, payload, at: e.at });
  }
  await queueDeliveries(tr, deliveries);
  return deliveries.length;
}

/** The test event, to one endpoint whatever it subscribes to. */
export async function emitTestEvent(tr: Repos, o: { endpointId: string; data: Record<string, unknown>; at: string }): Promise<string> {
  const id = newId();
  await queueDeliveries(tr, [{ id, endpointId: o.endpointId, eventType: TEST_EVENT, payload: webhookBody(TEST_EVENT, o.at, o.data), at: o.at }]);
  return id;
}

/** Delivery rows and their jobs, in the caller's transaction. */
export async function queueDeliveries(tr: Repos, deliveries: readonly { id: string; endpointId: string; eventType: string; payload: string; at: string }[]): Promise<void> {
  if (deliveries.length === 0) return;
  await tr.webhooks.insertDeliveries(deliveries);
  await tr.jobs.enqueueMany(deliveries.map((d) => ({ id: newId(), queue: WEBHOOK_QUEUE, payload: { deliveryId: d.id } satisfies DeliveryJob, at: d.at, maxAttempts: JOB_MAX_ATTEMPTS })));
}

/** Queues one more attempt of an existing delivery (a manual redelivery), in the caller's transaction. */
export async function requeueDelivery(tr: Repos, deliveryId: string, at: string): Promise<void> {
  await tr.webhooks.markPending(deliveryId, at);
  await tr.jobs.enqueue({ id: newId(), queue: WEBHOOK_QUEUE, payload: { deliveryId, manual: true } satisfies DeliveryJob, at, maxAttempts: JOB_MAX_ATTEMPTS });
}
