// The monthly report to the Regents' staff (issue #16 item 6): one row per month whose report was queued.
// The hourly check inserts the month's row and the job that builds and mails the report in one
// transaction; the primary key makes a month's report go out once however many processes check.
// Independent of the other migrations: nothing is referenced.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_mailings')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_mailings').execute();
}
