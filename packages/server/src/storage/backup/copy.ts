// Moving rows between databases table by table: from one open database to another (migrate-data, a
// SQLite backup restored into PostgreSQL), and to / from JSON-lines files (the logical backup used when
// pg_dump is not installed). The target side is always one transaction: a copy that fails half-way
// leaves the target as it was.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db.ts';
import { countRows, dataTables, readTable, type TableInfo } from './catalog.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTrx = Transaction<any>;

export interface TableCount {
  readonly table: string;
  readonly rows: number;
}

/** Rows per INSERT: below both dialects' bound-parameter limits (SQLite 32,766; PostgreSQL 65,535). */
function batchSize(columns: number): number {
  return Math.max(1, Math.floor(16_000 / Math.max(1, columns)));
}

async function insertRows(trx: AnyTrx, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const step = batchSize(columns.length);
  for (let i = 0; i < rows.length; i += step) {
    const values = rows.slice(i, i + step).map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j] ?? null])));
    await trx.insertInto(table).values(values).execute();
  }
}

/** Empties the target's data tables, children first (only the rows migrations insert are expected). */
async function clearTables(trx: AnyTrx, tables: readonly TableInfo[]): Promise<void> {
  for (const t of [...tables].reverse()) {
    if ((await countRows({ kysely: trx }, t.name)) > 0) await sql`DELETE FROM ${sql.table(t.name)}`.execute(trx);
  }
}

/** A stream of one table's rows, each in the order of `columns`. */
export type RowSource = (table: TableInfo) => AsyncIterable<{ columns: readonly string[]; rows: unknown[][] }>;

/**
 * Loads every data table of `target` (parents first) from `source`, in one transaction. A table or
 * column the source does not have is left to its defaults (a backup older than this schema); the
 * caller refuses a source newer than the code.
 */
export async function loadTables(target: Db, source: RowSource): Promise<TableCount[]> {
  const tables = await dataTables(target);
  return target.kysely.transaction().execute(async (trx) => {
    await clearTables(trx, tables);
    const counts: TableCount[] = [];
    for (const t of tables) {
      let n = 0;
      for await (const page of source(t)) {
        const keep = page.columns.map((c, i) => [c, i] as const).filter(([c]) => t.columns.includes(c));
        await insertRows(trx, t.name, keep.map(([c]) => c), page.rows.map((r) => keep.map(([, i]) => r[i])));
        n += page.rows.length;
      }
      counts.push({ table: t.name, rows: n });
    }
    return counts;
  });
}

/** A RowSource reading another open database (tables it lacks yield nothing). */
export async function databaseSource(from: Db): Promise<RowSource> {
  const tables = new Map((await dataTables(from)).map((t) => [t.name, t]));
  return async function* (t) {
    const src = tables.get(t.name);
    if (!src) return;
    for await (const page of readTable(from, src)) yield { columns: src.columns, rows: page.map((r) => src.columns.map((c) => r[c])) };
  };
}

// JSON-lines: the first line names the table and its columns, each further line is one row's values.
// Bytes are written as {"$b64": "…"} (JSON has no bytes); everything else is JSON as read.
const encode = (v: unknown) => (Buffer.isBuffer(v) || v instanceof Uint8Array ? { $b64: Buffer.from(v).toString('base64') } : typeof v === 'bigint' ? v.toString() : v);
const decode = (v: unknown) => (v && typeof v === 'object' && '$b64' in v ? Buffer.from(String((v as { $b64: unknown }).$b64), 'base64') : v);

export function tableFileName(table: string): string {
  return `${table}.jsonl`;
}

/** Writes every data table to `<dir>/<table>.jsonl` (inside one read transaction: one consistent snapshot). */
export async function exportTables(from: Db, dir: string): Promise<TableCount[]> {
  const tables = await dataTables(from);
  const run = async (db: Db) => {
    const counts: TableCount[] = [];
    for (const t of tables) {
      const out = createWriteStream(path.join(dir, tableFileName(t.name)));
      const write = async (line: string) => {
        if (!out.write(`${line}\n`)) await once(out, 'drain');
      };
      await write(JSON.stringify({ table: t.name, columns: t.columns }));
      let n = 0;
      for await (const page of readTable(db, t)) {
        for (const r of page) await write(JSON.stringify(t.columns.map((c) => encode(r[c]))));
        n += page.length;
      }
      out.end();
      await once(out, 'finish');
      counts.push({ table: t.name, rows: n });
    }
    return counts;
  };
  if (from.dialect === 'sqlite') return run(from);
  // REPEATABLE READ: every table is read as of the same moment while the installation keeps serving.
  return from.kysely.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((trx) => run({ ...from, kysely: trx }));
}

/** A RowSource reading the files exportTables wrote (a table with no file yields nothing). */
export function filesSource(dir: string, present: ReadonlySet<string>): RowSource {
  return async function* (t) {
    if (!present.has(t.name)) return;
    const lines = createInterface({ input: createReadStream(path.join(dir, tableFileName(t.name))), crlfDelay: Infinity });
    let columns: readonly string[] | undefined;
    let rows: unknown[][] = [];
    for await (const line of lines) {
      if (!line) continue;
      if (!columns) {
        columns = (JSON.parse(line) as { columns: string[] }).columns;
        continue;
      }
      rows.push((JSON.parse(line) as unknown[]).map(decode));
      if (rows.length >= 1000) {
        yield { columns, rows };
        rows = [];
      }
    }
    if (columns && rows.length) yield { columns, rows };
  };
}
