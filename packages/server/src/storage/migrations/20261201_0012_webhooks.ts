// Signed webhooks (Standard Webhooks) per organization.
//
// webhook_endpoints: one row per receiver an organization's admin registered. events is a JSON array of
// event types it subscribes to. secret_sealed is the `whsec_…` signing secret sealed with the secret box
// bound to the endpoint id; after a rotation the old one stays in previous_secret_sealed until
// previous_secret_expires_at, and both sign (a receiver can switch over without losing messages).
// status 'active' | 'disabled'; disabled_reason says why (an admin, or repeated failures);
// consecutive_failures counts failed attempts since the last success, across deliveries.
// webhook_deliveries: one message of one event to one endpoint. id is the Standard Webhooks message id
// (the `webhook-id` header), the same on every retry and redelivery, so receivers dedupe by it. payload is
// the exact JSON body signed and sent. next_attempt_at is set while the delivery is pending (null once it
// was delivered or given up); delivered_at is the last success.
// webhook_cursors: how far a periodic scan got (award.expired: the last (expires_at, id) announced), so
// each expiry is announced once across processes. Starts at the migration's time: awards that expired
// before webhooks existed are not announced. (The scan uses awards_expiry_idx from 0005.)
// Independent of every other migration after 0005 (organizations and awards only).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_secret_expires_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_endpoints_org_idx').on('webhook_endpoints').columns(['organization_id', 'status']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('next_attempt_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_deliveries_endpoint_idx').on('webhook_deliveries').columns(['endpoint_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await db.insertInto('webhook_cursors').values({ name: 'award.expired', value: `${now}|`, updated_at: now }).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_cursors').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
