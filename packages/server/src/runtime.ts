// Shared start-up for the CLI commands: config → master key → database (migrated) → domain deps.
import { createDocumentLoader } from '@laurel/credentials';
import type { Config } from './config.ts';
import { createSafeFetcher } from './net/safe-fetch.ts';
import { argon2Hasher } from './domain/accounts/passwords.ts';
import { ensureOrganizationKeys } from './domain/credentials/org-keys.ts';
import type { Deps } from './domain/deps.ts';
import { ensureRegents } from './domain/institutions/institutions.ts';
import { createSecretBox, loadMasterKey } from './keys.ts';
import { migrateToLatest, openDatabase, type Db } from './storage/db.ts';

export interface Runtime {
  readonly db: Db;
  readonly deps: Deps;
  readonly masterKey: Buffer;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, opts: { migrate?: boolean } = {}): Promise<Runtime> {
  const masterKey = loadMasterKey(config, (m) => console.warn(`warning: ${m}`));
  const db = openDatabase(config.database);
  try {
    if (opts.migrate !== false) await migrateToLatest(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const deps: Deps = {
    db: db.kysely,
    dialect: db.dialect,
    config,
    clock: () => new Date(),
    passwords: argon2Hasher(),
    wake: () => {},
    secrets: createSecretBox(masterKey),
    documentLoader: createDocumentLoader(),
    // Our own public host is always allowed: verifying a link to one of our own badges.
    remote: createSafeFetcher({ allowHosts: [...config.fetchAllowHosts, new URL(config.publicUrl).hostname] }),
  };
  if (opts.migrate !== false) {
    await ensureRegents(deps);
    // Organizations created before signing keys existed get their key-1 now.
    await ensureOrganizationKeys(deps);
  }
  return { db, deps, masterKey, close: () => db.close() };
}
