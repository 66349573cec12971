// Every text column of every table, searched for a value: what an account deletion must leave nowhere.
// Reads the catalogue, so a table added later is searched too without changing the test.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.ts';
import type { TestDialect } from './db.ts';

async function textColumns(db: Kysely<Database>, dialect: TestDialect): Promise<Array<{ table: string; column: string }>> {
  if (dialect === 'postgres') {
    const r = await sql<{ table_name: string; column_name: string }>`SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying') AND table_name NOT LIKE 'kysely_%'`.execute(db);
    return r.rows.map((x) => ({ table: x.table_name, column: x.column_name }));
  }
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' AND sql NOT LIKE 'CREATE VIRTUAL%'`.execute(db);
  const out: Array<{ table: string; column: string }> = [];
  for (const t of tables.rows) {
    const cols = await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${t.name})`.execute(db);
    for (const c of cols.rows) if (/text|char|^$/i.test(c.type)) out.push({ table: t.name, column: c.name });
  }
  return out;
}

/** `table.column` → rows whose value contains `needle` (case-insensitive), for every column that has one. */
export async function findEverywhere(db: Kysely<Database>, dialect: TestDialect, needle: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const { table, column } of await textColumns(db, dialect)) {
    const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE lower(CAST(${sql.ref(column)} AS text)) LIKE ${`%${needle.toLowerCase()}%`}`.execute(db);
    const n = Number(r.rows[0]?.n ?? 0);
    if (n > 0) found[`${table}.${column}`] = n;
  }
  return found;
}
