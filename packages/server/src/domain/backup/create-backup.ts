// `laurel backup`: the database (SQLite through its online backup API; PostgreSQL through pg_dump when
// it is installed and not older than the server, else a logical JSON-lines export), the mail folder,
// and a manifest with every entry's SHA-256 and an HMAC, in one .tar.gz. The installation keeps
// serving meanwhile. The master key is never written into the backup.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { openDatabase, type Db } from '../../storage/db.ts';
import { codeSchema, countRows, databaseSchema, dataTables } from '../../storage/backup/catalog.ts';
import { exportTables, type TableCount } from '../../storage/backup/copy.ts';
import { openSqliteFile, pgDump, pgToolsUsable, snapshotSqlite } from '../../storage/backup/engines.ts';
import { repos } from '../../storage/repositories/index.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { describeEntries, writeArchive } from './archive.ts';
import { FORMAT, FORMAT_VERSION, masterKeyId, type DatabaseForm, type Manifest } from './manifest.ts';

export interface BackupOptions {
  readonly config: Config;
  readonly masterKey: Buffer;
  readonly out: string;
  /** 'auto' (default): the engine's own tool where it can be used; 'logical': JSON-lines for every dialect's tables. */
  readonly form?: 'auto' | 'logical';
  readonly clock?: () => Date;
  /** Recorded in the audit event (a scheduled run says so). */
  readonly reason?: 'command' | 'scheduled';
}

export interface BackupResult {
  readonly file: string;
  readonly size: number;
  readonly manifest: Manifest;
}

export const MASTER_KEY_WARNING =
  'The master key is NOT in this backup, by design. Keep LAUREL_MASTER_KEY (or the data folder’s master.key) apart from the backups, somewhere as safe: without it the signing keys and other secrets in a backup cannot be decrypted (docs/OPERATIONS.md, "Master-key loss").';

const MAIL_FILE = /^[A-Za-z0-9_.-]+$/;

/** Copies the mail folder's message files into staging/mail; how many. */
function stageMail(config: Config, staging: string): number {
  const dir = path.join(config.dataDir, 'mail');
  if (!fs.existsSync(dir)) return 0;
  const names = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && MAIL_FILE.test(e.name) && !e.name.endsWith('.tmp'));
  if (names.length === 0) return 0;
  fs.mkdirSync(path.join(staging, 'mail'), { recursive: true });
  for (const e of names) fs.copyFileSync(path.join(dir, e.name), path.join(staging, 'mail', e.name));
  return names.length;
}

async function counts(db: Db): Promise<TableCount[]> {
  const out: TableCount[] = [];
  for (const t of await dataTables(db)) out.push({ table: t.name, rows: await countRows(db, t.name) });
  return out;
}

/** Writes the database part into staging/database; what form it took, its schema and its row counts. */
async function stageDatabase(opts: BackupOptions, staging: string): Promise<{ form: DatabaseForm; schema: string; tables: TableCount[] }> {
  const dir = path.join(staging, 'database');
  fs.mkdirSync(dir, { recursive: true });
  const database = opts.config.database;
  if (database.dialect === 'sqlite') {
    if (database.file === ':memory:') throw new Error('an in-memory database cannot be backed up');
    const dest = path.join(dir, 'laurel.sqlite');
    await snapshotSqlite(database.file, dest);
    // Counted from the snapshot itself: the numbers describe exactly what the backup holds.
    const snap = openSqliteFile(dest);
    try {
      return { form: 'sqlite', schema: await databaseSchema(snap), tables: await counts(snap) };
    } finally {
      await snap.close();
    }
  }
  const db = openDatabase(database);
  try {
    const schema = await databaseSchema(db);
    if (opts.form !== 'logical' && (await pgToolsUsable(db))) {
      await pgDump(database.url, path.join(dir, 'laurel.pgdump'));
      return { form: 'pg_dump', schema, tables: await counts(db) };
    }
    fs.mkdirSync(path.join(dir, 'tables'));
    return { form: 'logical', schema, tables: await exportTables(db, path.join(dir, 'tables')) };
  } finally {
    await db.close();
  }
}

export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const out = path.resolve(opts.out);
  if (fs.existsSync(out)) throw new Error(`${out} already exists; choose another file name (a backup never overwrites one)`);
  const clock = opts.clock ?? (() => new Date());
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Staged beside the output: the same file system, so the space it needs is where the backup goes.
  const staging = fs.mkdtempSync(path.join(path.dirname(out), '.laurel-backup-'));
  try {
    const createdAt = clock().toISOString();
    const db = await stageDatabase(opts, staging);
    if (db.schema > codeSchema()) throw new Error(`the database has migration ${db.schema}, newer than this Laurel knows (${codeSchema()}): back it up with the newer Laurel`);
    const mailFiles = stageMail(opts.config, staging);
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt,
      source: { dialect: opts.config.database.dialect, form: db.form, schema: db.schema },
      tables: db.tables,
      mailFiles,
      masterKeyId: masterKeyId(opts.masterKey),
      entries: await describeEntries(staging),
    };
    const { size } = await writeArchive({ staging, manifest, masterKey: opts.masterKey, out });
    await recordBackup(opts, { file: out, size, manifest, at: clock().toISOString() });
    return { file: out, size, manifest };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function recordBackup(opts: BackupOptions, b: BackupResult & { at: string }): Promise<void> {
  const db = openDatabase(opts.config.database);
  try {
    const rows = b.manifest.tables.reduce((n, t) => n + t.rows, 0);
    await audit(repos(db.kysely), {
      actor: SYSTEM,
      at: b.at,
      action: 'backup.created',
      subjectType: 'backup',
      subjectId: path.basename(b.file),
      data: { file: b.file, size: b.size, form: b.manifest.source.form, schema: b.manifest.source.schema, rows, mailFiles: b.manifest.mailFiles, reason: opts.reason ?? 'command' },
    });
  } finally {
    await db.close();
  }
}
