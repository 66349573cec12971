import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** Repositories accept either the database or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  // PostgreSQL: 23505 unique_violation. SQLite: SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY.
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly perPage: number;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
