// Claim links that expire, and revoking / suspending by CSV as background jobs.
//
// awards.claim_sent_at: when the award's current claim link was emailed (ISO text). A claim link accepts
// or declines its badge for LAUREL_CLAIM_LINK_DAYS from then; an award from before this migration has
// none recorded, and its issued_at counts as the start.
//
// status_batches / status_batch_rows: one uploaded revoke-or-suspend file and its rows, checked at upload
// (the preview) and applied by jobs on the status_batch queue, each row once (its status changes from
// pending in the same transaction as the award).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('awards').addColumn('claim_sent_at', 'text').execute();

  await db.schema
    .createTable('status_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('invalid_rows', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_batches_org_idx').on('status_batches').columns(['organization_id', 'created_at']).execute();

  await db.schema
    .createTable('status_batch_rows')
    .addColumn('batch_id', 'text', (c) => c.notNull().references('status_batches.id'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('award_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_batch_rows_pk', ['batch_id', 'row_number'])
    .execute();
  await db.schema.createIndex('status_batch_rows_status_idx').on('status_batch_rows').columns(['batch_id', 'status', 'row_number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_batch_rows').execute();
  await db.schema.dropTable('status_batches').execute();
  await db.schema.alterTable('awards').dropColumn('claim_sent_at').execute();
}
