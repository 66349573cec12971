// Publishing to the Credential Engine Registry (issue #17 item 4): one row per thing Laurel publishes there
// (a program's credential, an institution, a pathway), keyed by Laurel's id. The program's transaction
// marks it changed (`wanted`, `changed_at`, state 'pending'); the publishing job records the outcome
// (what was sent, when, the last error), which the CTDL publishing page shows and retries.
// Independent of the other migrations: nothing is referenced, so deleting a program's row loses nothing.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ctdl_publications')
    .addColumn('entity_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Not `ctid`: PostgreSQL reserves it (every table's system column).
    .addColumn('registry_ctid', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('wanted', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('published_hash', 'text')
    .addColumn('published_at', 'text')
    .addColumn('attempted_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('ctdl_publications_state').on('ctdl_publications').columns(['state', 'changed_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ctdl_publications').execute();
}
