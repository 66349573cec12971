// Inventory search on PostgreSQL in one round trip per full-text read (issue #18, target 5).
//
// The planner prices a bitmap scan of a broad term (a third of the inventory) above a sequential scan,
// so the matches were read in a transaction that turned sequential scans off first: BEGIN, SET LOCAL,
// SELECT, COMMIT — four round trips for one answer. These functions carry the setting themselves
// (`SET enable_seqscan = off` applies for the call only), so a match or a narrative check is one
// statement. Same query, same rows: the search's results are unchanged. SQLite: nothing to do.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`CREATE FUNCTION inventory_match_docs(q tsquery) RETURNS text LANGUAGE sql STABLE
    SET enable_seqscan = off
    AS $$ SELECT string_agg(doc::text, ',') FROM inventory_search WHERE vector @@ q $$`.execute(db);
  await sql`CREATE FUNCTION inventory_narrative_docs(q tsquery) RETURNS text LANGUAGE sql STABLE
    SET enable_seqscan = off
    AS $$ SELECT string_agg(doc::text, ',') FROM inventory_search WHERE ts_filter(vector, '{c}') @@ q $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`DROP FUNCTION inventory_narrative_docs(tsquery)`.execute(db);
  await sql`DROP FUNCTION inventory_match_docs(tsquery)`.execute(db);
}
