// `laurel restore FILE`: the whole archive is read and checked first (checksums, HMAC, that this code
// can load it, that the target is empty), and only then is the target written; after loading, the
// schema is brought up to date, the inventory search is rebuilt and the restore is audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { migrateToLatest, openDatabase, type Db } from '../../storage/db.ts';
import { codeSchema, nonEmptyTables } from '../../storage/backup/catalog.ts';
import { databaseSource, filesSource, loadTables } from '../../storage/backup/copy.ts';
import {
  checkSqliteFile,
  openSqliteFile,
  pgDumpCheck,
  pgRestore,
  placeSqliteFile,
  postgresHasTables,
  removeSqliteFile,
  wipePostgres,
} from '../../storage/backup/engines.ts';
import { readArchive, type CheckedArchive } from './archive.ts';
import { BackupRefused, type Manifest } from './manifest.ts';
import { finishLoad, type LoadSummary } from './finish-load.ts';

export interface RestoreOptions {
  readonly config: Config;
  /** The installation's master key; undefined with --lost-master-key (the HMAC cannot be checked). */
  readonly masterKey: Buffer | undefined;
  readonly file: string;
  /** Replace a database that already holds data. */
  readonly force?: boolean;
  readonly clock?: () => Date;
}

export interface RestoreResult extends LoadSummary {
  readonly manifest: Manifest;
  readonly mailFiles: number;
  readonly unchecked: string | undefined;
}

/** Everything that can refuse the restore without writing: what the archive needs of this code and target. */
async function preflight(opts: RestoreOptions, checked: CheckedArchive): Promise<void> {
  const { manifest, staging } = checked;
  const dialect = opts.config.database.dialect;
  if (manifest.source.schema > codeSchema()) {
    throw new BackupRefused(`the backup has migration ${manifest.source.schema}, newer than this Laurel knows (${codeSchema()}): restore it with the Laurel version that made it, or a newer one`);
  }
  if (manifest.source.form === 'pg_dump') {
    if (dialect !== 'postgres') throw new BackupRefused('this backup is a PostgreSQL dump (pg_dump): restore it into PostgreSQL (set LAUREL_DATABASE_URL to a postgres:// URL of an empty database)');
    await pgDumpCheck(path.join(staging, 'database', 'laurel.pgdump')).catch((err: Error) => {
      throw new BackupRefused(`the database dump in the backup cannot be read: ${err.message}`);
    });
  }
  if (manifest.source.form === 'sqlite') {
    try {
      checkSqliteFile(path.join(staging, 'database', 'laurel.sqlite'));
    } catch (err) {
      throw new BackupRefused((err as Error).message);
    }
  }
  if (opts.config.database.dialect === 'sqlite' && opts.config.database.file === ':memory:') throw new BackupRefused('cannot restore into an in-memory database');
}

/** Opens the target only if it exists (a SQLite file is not created just to be found empty). */
function openTarget(config: Config): Db | undefined {
  if (config.database.dialect === 'sqlite' && !fs.existsSync(config.database.file)) return undefined;
  return openDatabase(config.database);
}

async function refuseIfNotEmpty(opts: RestoreOptions): Promise<void> {
  const db = openTarget(opts.config);
  if (!db) return;
  try {
    const full = await nonEmptyTables(db);
    if (full.length && !opts.force) {
      const some = full.slice(0, 4).map((t) => `${t.table} (${t.rows.toLocaleString('en-US')})`).join(', ');
      throw new BackupRefused(`the target database is not empty: ${some}${full.length > 4 ? ` and ${full.length - 4} more tables` : ''}. Restore into an empty database, or add --force to replace everything in it.`);
    }
  } finally {
    await db.close();
  }
}

/** Writes the checked database part into the target. */
async function load(opts: RestoreOptions, checked: CheckedArchive): Promise<void> {
  const { manifest, staging } = checked;
  const database = opts.config.database;
  const dbDir = path.join(staging, 'database');
  if (database.dialect === 'sqlite') {
    if (manifest.source.form === 'sqlite') {
      placeSqliteFile(path.join(dbDir, 'laurel.sqlite'), database.file);
      return;
    }
    removeSqliteFile(database.file);
  }
  const target = openDatabase(database);
  try {
    if (target.dialect === 'postgres' && (await postgresHasTables(target))) await wipePostgres(target);
    if (manifest.source.form === 'pg_dump' && database.dialect === 'postgres') {
      await pgRestore(database.url, path.join(dbDir, 'laurel.pgdump'));
      return;
    }
    await migrateToLatest(target);
    if (manifest.source.form === 'sqlite') {
      const src = openSqliteFile(path.join(dbDir, 'laurel.sqlite'));
      try {
        await loadTables(target, await databaseSource(src));
      } finally {
        await src.close();
      }
      return;
    }
    const present = new Set(manifest.entries.filter((e) => e.path.startsWith('database/tables/')).map((e) => path.basename(e.path, '.jsonl')));
    await loadTables(target, filesSource(path.join(dbDir, 'tables'), present));
  } finally {
    await target.close();
  }
}

/** Copies the backup's mail files into the data folder's mail/ (existing files of the same name are replaced). */
function restoreMail(config: Config, staging: string): number {
  const from = path.join(staging, 'mail');
  if (!fs.existsSync(from)) return 0;
  const to = path.join(config.dataDir, 'mail');
  fs.mkdirSync(to, { recursive: true });
  const names = fs.readdirSync(from);
  for (const n of names) fs.copyFileSync(path.join(from, n), path.join(to, n));
  return names.length;
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-restore-'));
  try {
    const checked = await readArchive({ file: opts.file, staging, masterKey: opts.masterKey });
    await preflight(opts, checked);
    await refuseIfNotEmpty(opts);
    // Nothing has been written before this line.
    await load(opts, checked);
    const mailFiles = restoreMail(opts.config, staging);
    const summary = await finishLoad({
      config: opts.config,
      clock: opts.clock,
      action: 'backup.restored',
      data: { file: path.resolve(opts.file), backupCreatedAt: checked.manifest.createdAt, form: checked.manifest.source.form, lostMasterKey: opts.masterKey === undefined, force: Boolean(opts.force) },
    });
    return { ...summary, manifest: checked.manifest, mailFiles, unchecked: checked.unchecked };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
