// Learner records (issue #17 item 5): a ClrCredential (1EdTech CLR 2.0) an earner made of their badges,
// stored as signed so it can be listed and downloaded again byte for byte. `award_ids` is the JSON list
// of the awards it embeds, for the page that shows the record; the credential text is the record itself.
// Independent of the other migrations of this wave: only users is referenced.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('learner_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('award_ids', 'text', (c) => c.notNull())
    .addColumn('badge_count', 'integer', (c) => c.notNull())
    .addColumn('partial', 'integer', (c) => c.notNull())
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('learner_records_user_idx').on('learner_records').columns(['user_id', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('learner_records').execute();
}
