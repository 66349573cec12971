// The database engines' own tools for a whole-database copy: SQLite's online backup API (a consistent
// snapshot page by page while other connections keep writing) and PostgreSQL's pg_dump / pg_restore.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../db.ts';

const run = promisify(execFile);

/** Copies a live SQLite database to `dest` through the online backup API (readers and writers carry on). */
export async function snapshotSqlite(file: string, dest: string): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`the SQLite database ${file} does not exist`);
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(dest);
  } finally {
    db.close();
  }
  // The copy is a database of its own: one file, no write-ahead log beside it.
  const copy = new SqliteDatabase(dest);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the snapshot failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
}

/** Checks a SQLite file is a database that passes its own integrity check (a restore's last test before use). */
export function checkSqliteFile(file: string): void {
  let db: SqliteDatabase.Database | undefined;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (err) {
    throw new Error(`the database in the backup is damaged: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

/** Opens a SQLite file that must already exist (a migrate-data source, a backup's snapshot). */
export function openSqliteFile(file: string): Db {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  return openDatabase({ dialect: 'sqlite', file });
}

/** Puts a SQLite file in place of the target: written beside it, then renamed over it (never half there). */
export function placeSqliteFile(src: string, target: string): void {
  const tmp = `${target}.restoring`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(src, tmp);
  for (const f of [`${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(tmp, target);
}

/** Removes a SQLite database and its write-ahead log (restore --force onto SQLite). */
export function removeSqliteFile(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** The major version of a tool on PATH, or undefined when it is not installed. */
async function toolMajor(tool: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(tool, ['--version']);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function serverMajor(db: Db): Promise<number> {
  const r = await sql<{ v: string }>`SHOW server_version_num`.execute(db.kysely);
  return Math.floor(Number(Object.values(r.rows[0] ?? {})[0]) / 10000);
}

/** Whether pg_dump (and pg_restore) can handle this server: installed, and not older than it. */
export async function pgToolsUsable(db: Db): Promise<boolean> {
  const [dump, restore] = await Promise.all([toolMajor('pg_dump'), toolMajor('pg_restore')]);
  return dump !== undefined && restore !== undefined && dump >= (await serverMajor(db));
}

function toolError(tool: string, err: unknown): Error {
  const e = err as { stderr?: string; message: string };
  return new Error(`${tool} failed: ${(e.stderr || e.message).trim().split('\n').slice(0, 3).join(' ')}`);
}

/** pg_dump's custom format (-Fc): compressed, and restorable table by table by pg_restore. */
export async function pgDump(url: string, dest: string): Promise<void> {
  try {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dest}`, `--dbname=${url}`], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw toolError('pg_dump', err);
  }
}

/** Lists a custom-format dump's table of contents: a damaged dump is refused before anything is restored. */
export async function pgDumpCheck(file: string): Promise<void> {
  try {
    await run('pg_restore', ['--list', file], { maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    throw toolError('pg_restore --list', err);
  }
}

/** Restores a dump into an empty database, all or nothing (--single-transaction, --exit-on-error). */
export async function pgRestore(url: string, file: string): Promise<void> {
  try {
    await run('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url}`, file], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw toolError('pg_restore', err);
  }
}

/** Drops everything in the target's schema (restore --force onto PostgreSQL), in one statement pair. */
export async function wipePostgres(db: Db): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await sql`DROP SCHEMA public CASCADE`.execute(trx);
    await sql`CREATE SCHEMA public`.execute(trx);
  });
}

/** Whether a PostgreSQL database has any table at all (pg_restore needs none). */
export async function postgresHasTables(db: Db): Promise<boolean> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`.execute(db.kysely);
  return Number(r.rows[0]?.n ?? 0) > 0;
}
