// What a database holds, read from its own catalog (sqlite_master / PRAGMA on SQLite, information_schema
// on PostgreSQL) rather than from a hand-kept list, so a table added by a later migration is backed up,
// copied and compared without anyone remembering to list it here.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../db.ts';
import { migrations } from '../migrations/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export interface TableInfo {
  readonly name: string;
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
  /** Tables this one references (foreign keys), itself excluded. */
  readonly parents: readonly string[];
}

/**
 * Tables a logical copy leaves out: the migrator's own bookkeeping (the target is migrated by this
 * code, not copied), and the inventory search index, which is derived from the programs, is shaped
 * differently on each dialect (FTS5 tables / a tsvector table) and is rebuilt after every restore.
 */
export function isDerivedTable(name: string): boolean {
  return name.startsWith('kysely_migration') || name.startsWith('inventory_');
}

async function sqliteTables(db: AnyDb): Promise<TableInfo[]> {
  const names = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db);
  const out: TableInfo[] = [];
  for (const { name } of names.rows) {
    const cols = await sql<{ name: string; pk: number }>`SELECT name, pk FROM pragma_table_info(${name}) ORDER BY cid`.execute(db);
    const fks = await sql<{ table: string }>`SELECT DISTINCT "table" FROM pragma_foreign_key_list(${name})`.execute(db);
    out.push({
      name,
      columns: cols.rows.map((c) => c.name),
      primaryKey: cols.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      parents: fks.rows.map((f) => f.table).filter((t) => t !== name),
    });
  }
  return out;
}

async function postgresTables(db: AnyDb): Promise<TableInfo[]> {
  const names = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const cols = await sql<{ table_name: string; column_name: string }>`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`.execute(db);
  const pks = await sql<{ table_name: string; column_name: string }>`
    SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
    WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY' ORDER BY tc.table_name, kcu.ordinal_position`.execute(db);
  const fks = await sql<{ child: string; parent: string }>`
    SELECT DISTINCT tc.table_name AS child, ccu.table_name AS parent FROM information_schema.table_constraints tc
    JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
    WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'FOREIGN KEY'`.execute(db);
  const group = (rows: { table_name: string; column_name: string }[]) => {
    const m = new Map<string, string[]>();
    for (const r of rows) (m.get(r.table_name) ?? m.set(r.table_name, []).get(r.table_name)!).push(r.column_name);
    return m;
  };
  const colsBy = group(cols.rows);
  const pkBy = group(pks.rows);
  return names.rows.map(({ table_name: name }) => ({
    name,
    columns: colsBy.get(name) ?? [],
    primaryKey: pkBy.get(name) ?? [],
    parents: fks.rows.filter((f) => f.child === name && f.parent !== name).map((f) => f.parent),
  }));
}

/** Every table, parents before children (so rows can be inserted in this order and deleted in reverse). */
export async function listTables(db: Db): Promise<TableInfo[]> {
  const tables = db.dialect === 'sqlite' ? await sqliteTables(db.kysely) : await postgresTables(db.kysely);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visit = (t: TableInfo, path: Set<string>) => {
    if (placed.has(t.name)) return;
    if (path.has(t.name)) throw new Error(`foreign keys form a cycle through ${t.name}`);
    path.add(t.name);
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent) visit(parent, path);
    }
    path.delete(t.name);
    placed.add(t.name);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

/** The tables a logical copy carries (see isDerivedTable), parents first. */
export async function dataTables(db: Db): Promise<TableInfo[]> {
  return (await listTables(db)).filter((t) => !isDerivedTable(t.name));
}

/** Rows a migration inserts by itself (a table's single bookkeeping row); not "data" for the emptiness test. */
const SEEDED_BY_MIGRATIONS = new Set(['webhook_cursors']);

/** The data tables holding rows, with their counts: empty means a restore has nothing to overwrite. */
export async function nonEmptyTables(db: Db): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  for (const t of await dataTables(db)) {
    if (SEEDED_BY_MIGRATIONS.has(t.name)) continue;
    const rows = await countRows(db, t.name);
    if (rows > 0) out.push({ table: t.name, rows });
  }
  return out;
}

export async function countRows(db: { readonly kysely: AnyDb }, table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db.kysely);
  return Number(r.rows[0]?.n ?? 0);
}

/** Reads a table in primary-key order, `size` rows at a time (keyset pages: no OFFSET rescans). */
export async function* readTable(db: Db, table: TableInfo, size = 500): AsyncGenerator<Record<string, unknown>[]> {
  const pk = table.primaryKey.length ? table.primaryKey : table.columns;
  const cols = sql.join(pk.map((c) => sql.ref(c)));
  let after: unknown[] | undefined;
  for (;;) {
    const where = after ? sql`WHERE (${cols}) > (${sql.join(after.map((v) => sql`${v}`))})` : sql``;
    const r = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table.name)} ${where} ORDER BY ${cols} LIMIT ${size}`.execute(db.kysely);
    if (r.rows.length === 0) return;
    yield r.rows;
    if (r.rows.length < size) return;
    const last = r.rows[r.rows.length - 1]!;
    after = pk.map((c) => last[c]);
  }
}

/**
 * A value as both dialects would agree on it: bytes as base64, numbers (and PostgreSQL's bigint
 * strings) as their decimal form, so a row read from SQLite and its copy read from PostgreSQL hash alike.
 */
export function canonicalValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { b64: Buffer.from(v).toString('base64') };
  if (typeof v === 'bigint') return v.toString();
  // Whole numbers exactly; fractions to 6 significant digits, what PostgreSQL's `real` columns keep of
  // a SQLite double (a score of 87.25 survives either way; 0.123456789 becomes 0.123457 in a real).
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (v instanceof Date) return v.toISOString();
  return v;
}

/**
 * A table's content as one hash, independent of row order (each dialect orders text by its own
 * collation): the SHA-256 of the sorted row hashes. Two tables with the same digest hold the same rows.
 */
export async function tableDigest(db: Db, table: TableInfo, columns: readonly string[] = table.columns, keep: (row: Record<string, unknown>) => boolean = () => true): Promise<{ rows: number; sha256: string }> {
  const hashes: string[] = [];
  for await (const page of readTable(db, table)) {
    for (const row of page) if (keep(row)) hashes.push(createHash('sha256').update(JSON.stringify(columns.map((c) => canonicalValue(row[c])))).digest('hex'));
  }
  hashes.sort();
  const all = createHash('sha256');
  for (const h of hashes) all.update(h);
  return { rows: hashes.length, sha256: all.digest('hex') };
}

/** The newest migration this code knows. */
export function codeSchema(): string {
  return Object.keys(migrations).sort().at(-1) ?? '';
}

/** The newest migration applied to a database ('' when it has none). */
export async function databaseSchema(db: Db): Promise<string> {
  try {
    const r = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(db.kysely);
    return r.rows[0]?.name ?? '';
  } catch {
    return '';
  }
}
