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
  /** Drops the PostgreSQL database (if one was made) and removes the data dir. */
  dispose(): Promise<void>;
}

export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const rm = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const admin = process.env.DATABASE;
  if (!admin) return { dataDir, url: path.join(dataDir, 'laurel.db'), dispose: async () => rm() };
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
  };
}
