// Webhook endpoints (an organization's receivers), their deliveries (one signed message of one event to
// one endpoint, with its attempts) and the cursor of the award-expiry scan. Delivery rows are written in
// bulk (a chunk of a bulk issue fans out in one statement per 200 rows); attempts are recorded one by one.
import type { Selectable } from 'kysely';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../schema.ts';
import { pageWindow, type Executor, type Page } from './types.ts';

export interface WebhookEndpoint {
  readonly id: string;
  readonly organizationId: string;
  readonly url: string;
  readonly description: string;
  readonly events: readonly string[];
  readonly secretSealed: string;
  readonly previousSecretSealed: string | null;
  readonly previousSecretExpiresAt: string | null;
  readonly status: 'active' | 'disabled';
  readonly disabledReason: string | null;
  readonly consecutiveFailures: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly eventType: string;
  readonly payload: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly lastAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
  readonly nextAttemptAt: string | null;
}

/** What a subscriber lookup needs: which endpoint, whose, and what it listens to. */
export interface WebhookSubscriber {
  readonly id: string;
  readonly organizationId: string;
  readonly events: readonly string[];
}

function toEndpoint(r: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: r.id,
    organizationId: r.organization_id,
    url: r.url,
    description: r.description,
    events: JSON.parse(r.events) as string[],
    secretSealed: r.secret_sealed,
    previousSecretSealed: r.previous_secret_sealed,
    previousSecretExpiresAt: r.previous_secret_expires_at,
    status: r.status,
    disabledReason: r.disabled_reason,
    consecutiveFailures: Number(r.consecutive_failures),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toDelivery(r: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventType: r.event_type,
    payload: r.payload,
    createdAt: r.created_at,
    attempts: Number(r.attempts),
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    nextAttemptAt: r.next_attempt_at,
  };
}

function endpointWrites(db: Executor) {
  return {
    async insertEndpoint(e: { id: string; organizationId: string; url: string; description: string; events: readonly string[]; secretSealed: string; at: string }): Promise<void> {
      await db
        .insertInto('webhook_endpoints')
        .values({ id: e.id, organization_id: e.organizationId, url: e.url, description: e.description, events: JSON.stringify(e.events), secret_sealed: e.secretSealed, status: 'active', consecutive_failures: 0, created_at: e.at, updated_at: e.at })
        .execute();
    },
    async updateEndpoint(id: string, e: { url: string; description: string; events: readonly string[]; at: string }): Promise<void> {
      await db.updateTable('webhook_endpoints').set({ url: e.url, description: e.description, events: JSON.stringify(e.events), updated_at: e.at }).where('id', '=', id).execute();
    },
    async setSecret(id: string, s: { sealed: string; previousSealed: string | null; previousExpiresAt: string | null; at: string }): Promise<void> {
      await db.updateTable('webhook_endpoints').set({ secret_sealed: s.sealed, previous_secret_sealed: s.previousSealed, previous_secret_expires_at: s.previousExpiresAt, updated_at: s.at }).where('id', '=', id).execute();
    },
    /** Turning on starts the failure count again. */
    async enable(id: string, at: string): Promise<void> {
      await db.updateTable('webhook_endpoints').set({ status: 'active', disabled_reason: null, consecutive_failures: 0, updated_at: at }).where('id', '=', id).execute();
    },
    /** False when it was already disabled (two processes noticing the same failures disable it once). */
    async disable(id: string, reason: string, at: string): Promise<boolean> {
      const r = await db.updateTable('webhook_endpoints').set({ status: 'disabled', disabled_reason: reason, updated_at: at }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** One more failed attempt; the count after it (an atomic increment, so concurrent workers lose none). */
    async countFailure(id: string): Promise<number> {
      await db.updateTable('webhook_endpoints').set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) })).where('id', '=', id).execute();
      const r = await db.selectFrom('webhook_endpoints').select('consecutive_failures').where('id', '=', id).executeTakeFirst();
      return Number(r?.consecutive_failures ?? 0);
    },
    async resetFailures(id: string): Promise<void> {
      await db.updateTable('webhook_endpoints').set({ consecutive_failures: 0 }).where('id', '=', id).where('consecutive_failures', '!=', 0).execute();
    },
    /** Removes an endpoint with its delivery log; jobs still queued for it find nothing and stop. */
    async deleteEndpoint(id: string): Promise<void> {
      await db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
      await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    },
  };
}

function endpointReads(db: Executor) {
  return {
    async findEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
      const r = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toEndpoint(r);
    },
    async endpointsOf(organizationId: string): Promise<WebhookEndpoint[]> {
      return (await db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('id').execute()).map(toEndpoint);
    },
    /** Active endpoints of these organizations; the caller filters by event type (events is JSON). */
    async activeSubscribers(organizationIds: readonly string[]): Promise<WebhookSubscriber[]> {
      if (organizationIds.length === 0) return [];
      const rows = await db.selectFrom('webhook_endpoints').select(['id', 'organization_id', 'events']).where('organization_id', 'in', organizationIds).where('status', '=', 'active').execute();
      return rows.map((r) => ({ id: r.id, organizationId: r.organization_id, events: JSON.parse(r.events) as string[] }));
    },
    /** Each endpoint's latest attempted delivery (the list page's "last delivery"). */
    async lastAttempts(endpointIds: readonly string[]): Promise<Map<string, WebhookDelivery>> {
      const out = new Map<string, WebhookDelivery>();
      for (const id of endpointIds) {
        const r = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', id).where('last_attempt_at', 'is not', null).orderBy('last_attempt_at', 'desc').limit(1).executeTakeFirst();
        if (r) out.set(id, toDelivery(r));
      }
      return out;
    },
  };
}

function deliveryRows(db: Executor) {
  return {
    async insertDeliveries(rows: readonly { id: string; endpointId: string; eventType: string; payload: string; at: string }[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200);
        if (chunk.length === 0) continue;
        await db
          .insertInto('webhook_deliveries')
          .values(chunk.map((d) => ({ id: d.id, endpoint_id: d.endpointId, event_type: d.eventType, payload: d.payload, created_at: d.at, attempts: 0, next_attempt_at: d.at })))
          .execute();
      }
    },
    /** A delivery with its endpoint in one read (the delivery job's first step); undefined when either is gone. */
    async deliveryWithEndpoint(id: string): Promise<{ delivery: WebhookDelivery; endpoint: WebhookEndpoint } | undefined> {
      const r = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
        .selectAll('e')
        .select(['d.id as d_id', 'd.event_type', 'd.payload', 'd.created_at as d_created_at', 'd.attempts', 'd.last_attempt_at', 'd.last_status', 'd.last_error', 'd.delivered_at', 'd.next_attempt_at'])
        .where('d.id', '=', id)
        .executeTakeFirst();
      if (!r) return undefined;
      const { d_id, event_type, payload, d_created_at, attempts, last_attempt_at, last_status, last_error, delivered_at, next_attempt_at, ...e } = r;
      return {
        delivery: toDelivery({ id: d_id, endpoint_id: e.id, event_type, payload, created_at: d_created_at, attempts, last_attempt_at, last_status, last_error, delivered_at, next_attempt_at }),
        endpoint: toEndpoint(e),
      };
    },
    async findDelivery(id: string): Promise<WebhookDelivery | undefined> {
      const r = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toDelivery(r);
    },
    /**
     * One attempt's outcome: attempts + 1, the answer, and whether (and when) it is tried again. Only a
     * pending delivery is updated, so a job that ran twice (a lease that expired under a slow receiver)
     * cannot turn a later success back into a failure.
     */
    async recordAttempt(id: string, a: { at: string; status: number | null; error: string | null; delivered: boolean; nextAttemptAt: string | null }): Promise<boolean> {
      const r = await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_attempt_at: a.at,
          last_status: a.status,
          last_error: a.error === null ? null : a.error.slice(0, 500),
          next_attempt_at: a.nextAttemptAt,
          ...(a.delivered ? { delivered_at: a.at } : {}),
        }))
        .where('id', '=', id)
        .where('next_attempt_at', 'is not', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Stops a pending delivery without an attempt (its endpoint was turned off). */
    async abandon(id: string, error: string): Promise<void> {
      await db.updateTable('webhook_deliveries').set({ next_attempt_at: null, last_error: error.slice(0, 500) }).where('id', '=', id).where('next_attempt_at', 'is not', null).execute();
    },
    /** Pending again (a manual redelivery). */
    async markPending(id: string, at: string): Promise<void> {
      await db.updateTable('webhook_deliveries').set({ next_attempt_at: at }).where('id', '=', id).execute();
    },
    async listDeliveries(endpointId: string, page: number, perPage: number): Promise<Page<WebhookDelivery>> {
      const w = pageWindow(page, perPage);
      const total = await db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<string | number>().as('n')).where('endpoint_id', '=', endpointId).executeTakeFirstOrThrow();
      const rows = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(w.limit).offset(w.offset).execute();
      return { items: rows.map(toDelivery), total: Number(total.n), page: w.page, perPage: w.perPage };
    },
  };
}

/** The award-expiry scan: awards whose expiry passed since the cursor, in (expires_at, id) order. */
function expiryScan(db: Executor) {
  return {
    async cursor(name: string): Promise<string | undefined> {
      return (await db.selectFrom('webhook_cursors').select('value').where('name', '=', name).executeTakeFirst())?.value;
    },
    /** Moves a cursor from the value this process read; false when another process moved it first. */
    async advanceCursor(name: string, from: string, to: string, at: string): Promise<boolean> {
      const r = await db.updateTable('webhook_cursors').set({ value: to, updated_at: at }).where('name', '=', name).where('value', '=', from).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Ids of unrevoked awards with after < (expires_at, id) and expires_at <= now, oldest first. */
    async expiredSince(after: { at: string; id: string }, now: string, limit: number): Promise<{ id: string; expiresAt: string }[]> {
      const rows = await db
        .selectFrom('awards')
        .select(['id', 'expires_at'])
        .where('expires_at', 'is not', null)
        .where('expires_at', '<=', now)
        .where((eb) => eb.or([eb('expires_at', '>', after.at), eb.and([eb('expires_at', '=', after.at), eb('id', '>', after.id)])]))
        .where('revoked_at', 'is', null)
        .orderBy('expires_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, expiresAt: r.expires_at! }));
    },
  };
}

export function webhooksRepo(db: Executor) {
  return { ...endpointWrites(db), ...endpointReads(db), ...deliveryRows(db), ...expiryScan(db) };
}
