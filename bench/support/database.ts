// Where a benchmark keeps its data: SQLite in a temp dir, or (with DATABASE=postgres://…) a fresh
// PostgreSQL database made for the run and dropped after it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  readonly dataDir: string;
  /** LAUREL_DATABASE_URL for the run. */
  readonly url: string;
  /** Drops the PostgreSQL database (if one was made) and removes the data dir; a kept one stays. */
  dispose(): Promise<void>;
  /** True when KEEP named a database that an earlier run already made and loaded. */
  readonly reused: boolean;
  /** Records that the kept database is loaded (a no-op without KEEP), so a later run reuses it. */
  markLoaded(): void;
}

/**
 * With KEEP=<name>, the run uses a database of that name (PostgreSQL `laurel_bench_keep_<name>`, or
 * SQLite in `<tmp>/laurel-bench-keep-<name>/`), makes it only when it is missing, and leaves it behind,
 * so a long load is done once and later runs of the same bench measure again on it. Delete it by hand
 * (`DROP DATABASE …` / `rm -r`).
 */
async function keptDatabase(prefix: string, keep: string, admin: string | undefined): Promise<BenchDatabase> {
  if (!/^[a-z0-9_]{1,30}$/.test(keep)) throw new Error('KEEP must be 1–30 of a-z, 0-9 and _.');
  const dataDir = path.join(os.tmpdir(), `${prefix}keep-${keep}`);
  const reusedDir = fs.existsSync(path.join(dataDir, 'loaded'));
  fs.mkdirSync(dataDir, { recursive: true });
  const done = { dataDir, dispose: async () => {}, markLoaded: () => fs.writeFileSync(path.join(dataDir, 'loaded'), new Date().toISOString()) };
  if (!admin) return { ...done, url: path.join(dataDir, 'laurel.db'), reused: reusedDir };
  const name = `laurel_bench_keep_${keep}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { ...done, url: u.toString(), reused: exists && reusedDir };
}

export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  if (process.env.KEEP) return keptDatabase(prefix, process.env.KEEP, process.env.DATABASE);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const rm = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const admin = process.env.DATABASE;
  if (!admin) return { dataDir, url: path.join(dataDir, 'laurel.db'), dispose: async () => rm(), reused: false, markLoaded: () => {} };
  const name = `laurel_bench_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    dataDir,
    url: u.toString(),
    dispose: async () => {
      await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rm();
    },
    reused: false,
    markLoaded: () => {},
  };
}
