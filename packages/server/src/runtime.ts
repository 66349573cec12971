// Shared start-up for the CLI commands: config → database (migrated) → domain deps.
import type { Config } from './config.ts';
import { argon2Hasher } from './domain/accounts/passwords.ts';
import type { Deps } from './domain/deps.ts';
import { ensureRegents } from './domain/institutions/institutions.ts';
import { migrateToLatest, openDatabase, type Db } from './storage/db.ts';

export interface Runtime {
  readonly db: Db;
  readonly deps: Deps;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, opts: { migrate?: boolean } = {}): Promise<Runtime> {
  const db = openDatabase(config.database);
  try {
    if (opts.migrate !== false) await migrateToLatest(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const deps: Deps = { db: db.kysely, dialect: db.dialect, config, clock: () => new Date(), passwords: argon2Hasher(), wake: () => {} };
  if (opts.migrate !== false) await ensureRegents(deps);
  return { db, deps, close: () => db.close() };
}
