// The State Regents' endorsements: one signed EndorsementCredential per endorsed program (a new one after
// a reinstatement), revocable through the Regents' status list.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('endorsements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('status_list_seq', 'integer', (c) => c.notNull())
    .addColumn('status_index', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revocation_reason', 'text')
    .execute();
  await db.schema.createIndex('endorsements_program_idx').on('endorsements').columns(['program_id', 'revoked_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('endorsements').execute();
}
