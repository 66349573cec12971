// `laurel migrate-data --from SQLITE_FILE --to postgres://…`: moves an installation from SQLite to
// PostgreSQL. The source is first copied through SQLite's online backup API (so it may keep serving
// until the switch, and the copy is of one moment), brought to this code's schema, then every data
// table is loaded into the migrated PostgreSQL database in one transaction, and checked: each table's
// row count and content digest must be equal on both sides before the command reports success.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type Db } from '../../storage/db.ts';
import { codeSchema, databaseSchema, dataTables, nonEmptyTables, tableDigest } from '../../storage/backup/catalog.ts';
import { databaseSource, loadTables } from '../../storage/backup/copy.ts';
import { openSqliteFile, postgresHasTables, snapshotSqlite, wipePostgres } from '../../storage/backup/engines.ts';
import type { Config } from '../../config.ts';
import { BackupRefused } from './manifest.ts';
import { finishLoad, type LoadSummary } from './finish-load.ts';

export interface MigrateDataOptions {
  readonly config: Config;
  readonly from: string;
  readonly to: string;
  readonly force?: boolean;
  readonly clock?: () => Date;
}

export interface TableCheck {
  readonly table: string;
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly equal: boolean;
}

export interface MigrateDataResult extends LoadSummary {
  readonly checks: readonly TableCheck[];
  readonly mismatched: readonly string[];
}

/** Compares every data table of both databases, on the columns they share. */
export async function compareTables(source: Db, target: Db): Promise<TableCheck[]> {
  const src = new Map((await dataTables(source)).map((t) => [t.name, t]));
  const out: TableCheck[] = [];
  for (const t of await dataTables(target)) {
    const s = src.get(t.name);
    if (!s) continue;
    const columns = t.columns.filter((c) => s.columns.includes(c));
    const [a, b] = await Promise.all([tableDigest(source, s, columns), tableDigest(target, t, columns)]);
    out.push({ table: t.name, sourceRows: a.rows, targetRows: b.rows, equal: a.rows === b.rows && a.sha256 === b.sha256 });
  }
  return out;
}

async function prepareTarget(target: Db, force: boolean): Promise<void> {
  if (await postgresHasTables(target)) {
    const full = await nonEmptyTables(target);
    if (full.length && !force) {
      throw new BackupRefused(`the target database is not empty (${full.slice(0, 4).map((t) => `${t.table}: ${t.rows}`).join(', ')}); migrate into an empty database, or add --force to replace everything in it`);
    }
    await wipePostgres(target);
  }
  await migrateToLatest(target);
}

export async function migrateData(opts: MigrateDataOptions): Promise<MigrateDataResult> {
  if (!/^postgres(ql)?:\/\//.test(opts.to)) throw new BackupRefused(`--to must be a postgres:// URL, got "${opts.to}"`);
  if (!fs.existsSync(opts.from)) throw new BackupRefused(`--from: ${opts.from} does not exist`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-migrate-'));
  const snapFile = path.join(dir, 'source.sqlite');
  try {
    await snapshotSqlite(opts.from, snapFile).catch((err: Error) => {
      throw new BackupRefused(`--from: ${opts.from} could not be read as a SQLite database (${err.message})`);
    });
    const source = openSqliteFile(snapFile);
    const target = openDatabase({ dialect: 'postgres', url: opts.to });
    try {
      const schema = await databaseSchema(source);
      if (schema === '') throw new BackupRefused(`--from: ${opts.from} is not a Laurel database (no migrations applied)`);
      if (schema > codeSchema()) throw new BackupRefused(`--from: the database has migration ${schema}, newer than this Laurel knows (${codeSchema()})`);
      // The snapshot is ours: bring it to this code's schema so both sides compare column for column.
      await migrateToLatest(source);
      await prepareTarget(target, Boolean(opts.force));
      await loadTables(target, await databaseSource(source));
      const checks = await compareTables(source, target);
      const mismatched = checks.filter((c) => !c.equal).map((c) => c.table);
      const summary = await finishLoad({
        config: { ...opts.config, database: { dialect: 'postgres', url: opts.to } },
        clock: opts.clock,
        action: 'data.migrated',
        data: { from: path.resolve(opts.from), tables: checks.length, mismatched },
      });
      return { ...summary, checks, mismatched };
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
