// Faster inventory search at 100,000 programs.
//
// inventory_changes: one row per bump of inventory_state.version (written in the same transaction), naming
// the program whose entry changed, so an app process updates its in-memory facet table with only the
// changed entries instead of reloading every entry after each publish / revise / suspend / retire. It is
// a short log (the writer prunes it); a process further behind than the log reloads everything.
//
// PostgreSQL: the weighted tsvector moves from the wide inventory_entries row to a narrow table keyed by
// an integer, so matching reads few heap pages, and a second GIN index over its narrative-weight (C)
// lexemes answers "which matches have the word in their narrative" (used to weigh matches by field)
// without reading every matching tsvector. SQLite's FTS5 table already answers both (column filters).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pgsql = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('inventory_changes')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .execute();

  if (pgsql) {
    await sql`CREATE TABLE inventory_search (
      doc integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      program_id text NOT NULL UNIQUE REFERENCES inventory_entries (program_id) ON DELETE CASCADE,
      vector tsvector NOT NULL
    )`.execute(db);
    await sql`INSERT INTO inventory_search (program_id, vector) SELECT program_id, search_vector FROM inventory_entries ORDER BY program_id`.execute(db);
    await sql`CREATE INDEX inventory_search_vector_idx ON inventory_search USING gin (vector)`.execute(db);
    await sql`CREATE INDEX inventory_search_narrative_idx ON inventory_search USING gin (ts_filter(vector, '{c}'))`.execute(db);
    await sql`DROP INDEX inventory_entries_search_idx`.execute(db);
    await sql`ALTER TABLE inventory_entries DROP COLUMN search_vector`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pgsql = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pgsql) {
    await sql`ALTER TABLE inventory_entries ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector`.execute(db);
    await sql`UPDATE inventory_entries e SET search_vector = s.vector FROM inventory_search s WHERE s.program_id = e.program_id`.execute(db);
    await sql`CREATE INDEX inventory_entries_search_idx ON inventory_entries USING gin (search_vector)`.execute(db);
    await sql`DROP TABLE inventory_search`.execute(db);
  }
  await db.schema.dropTable('inventory_changes').execute();
}
