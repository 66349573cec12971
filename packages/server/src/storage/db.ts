// Opens the database for either dialect and runs migrations. The only module that knows about the
// drivers; everything above it sees a Kysely<Database>.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationResult, type Transaction } from 'kysely';
import type { Pool } from 'pg';
import type { Config } from '../config.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The connection pool now (for /metrics). PostgreSQL: pg's Pool counts. SQLite: one connection that
 * Kysely hands to one query at a time; idle/waiting are not known there, so they are left out.
 */
export interface PoolStats {
  readonly max: number;
  readonly total: number;
  readonly idle?: number;
  readonly waiting?: number;
}

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

const PG_POOL_MAX = 10;

export function openDatabase(database: Config['database']): Db {
  if (database.dialect === 'postgres') {
    // Loaded only for PostgreSQL: a SQLite start-up does not load the driver.
    const { Pool: PgPool } = createRequire(import.meta.url)('pg') as { Pool: typeof Pool };
    const pool = new PgPool({ connectionString: database.url, max: PG_POOL_MAX });
    // An idle connection closed by the server (restart, failover, admin) must not crash the process:
    // the pool drops that client and opens a new one on the next query.
    pool.on('error', (err) => {
      if ((err as { code?: string }).code !== '57P01') console.error(`PostgreSQL pool: idle connection error: ${err.message}`);
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const poolStats = () => ({ max: PG_POOL_MAX, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { kysely, dialect: 'postgres', poolStats, close: () => kysely.destroy() };
  }
  if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const sqlite = new SqliteDatabase(database.file);
  // WAL lets readers proceed during a write; busy_timeout makes a second writer wait instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', poolStats: () => ({ max: 1, total: 1 }), close: () => kysely.destroy() };
}

/**
 * Kysely prepares every query anew; the app runs the same few hundred statements over and over, so keep
 * the prepared ones (SQLite re-prepares a cached statement itself after a schema change). Kysely's one
 * SQLite connection is used by one query at a time, so a cached statement is never run twice at once.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text: string) {
      let stmt = statements.get(text);
      if (stmt) {
        statements.delete(text);
      } else {
        stmt = sqlite.prepare(text);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, stmt);
      return stmt;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results ?? [];
}

/** The database (or a transaction on it) as the domain holds it: typed by the schema, opaque beyond that. */
export type DatabaseHandle = Kysely<Database>;
export type DatabaseTransaction = Transaction<Database>;

export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
