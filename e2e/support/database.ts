// A fresh PostgreSQL database for one e2e file (made on the TEST_DATABASE_URL server, dropped after):
// the journeys that run several `laurel serve` processes or survive SIGKILL need their own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface FreshPostgres {
  /** LAUREL_DATABASE_URL for the servers. */
  readonly url: string;
  drop(): Promise<void>;
}

async function run(admin: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function freshPostgres(admin: string, prefix = 'laurel_e2e'): Promise<FreshPostgres> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await run(admin, `CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
