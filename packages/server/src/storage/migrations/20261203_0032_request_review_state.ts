// Issue #19: what the Request Form's pages and the reviewer need to know about a request beyond its
// current revision.
// - request_saved_fields: the form fields (top-level keys) an author has saved at least once, so a
//   section shows its rule failures only after it was saved, not on a brand-new draft.
// - request_review_snapshots: the form as it was when a reviewer requested changes (a request's revision
//   is edited in place), so after the resubmission the reviewer sees field by field what changed.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('request_saved_fields')
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_saved_fields_pk', ['request_id', 'field'])
    .execute();
  await db.schema
    .createTable('request_review_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_review_snapshots_request_idx').on('request_review_snapshots').columns(['request_id', 'at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request_review_snapshots').execute();
  await db.schema.dropTable('request_saved_fields').execute();
}
