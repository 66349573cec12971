// Complete exports (issue #16 item 5): an institution's, or the whole state's, data as one zip, written
// by a background job and kept in the database so any app process can serve it (processes share one
// database and no disk).
//
// exports: one row per requested export. scope 'institution' (organization_id set) or 'state' (null).
// state queued → running → done | failed, and expired once its parts are deleted (7 days after it
// finished). phase, done_items and total_items are the progress the pages show. run_token fences a run:
// a retried job sets a new token and deletes the parts in one transaction, and every later write of a run
// is conditional on its token, so an old run that is still alive (its lease expired) cannot add parts.
// actor is who asked (JSON), so the job audits as them. size and sha256 describe the finished zip.
// export_parts: the zip in 1 MiB blobs (bytea / blob), numbered from 0, streamed back in order.
// The two extra indexes let the job page awards and audit events of one institution by id (keyset).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pgsql = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('done_items', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_items', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('counts', 'text')
    .addColumn('size', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('parts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_token', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('requested_by', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exports_org_idx').on('exports').columns(['organization_id', 'created_at']).execute();
  await db.schema.createIndex('exports_expiry_idx').on('exports').columns(['state', 'expires_at']).execute();
  await db.schema
    .createTable('export_parts')
    .addColumn('export_id', 'text', (c) => c.notNull().references('exports.id').onDelete('cascade'))
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('data', pgsql ? sql`bytea` : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('export_parts_pk', ['export_id', 'part'])
    .execute();
  await db.schema.createIndex('awards_export_idx').on('awards').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('audit_events_export_idx').on('audit_events').columns(['organization_id', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_events_export_idx').execute();
  await db.schema.dropIndex('awards_export_idx').execute();
  await db.schema.dropTable('export_parts').execute();
  await db.schema.dropTable('exports').execute();
}
