import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** Repositories accept either the database or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Rows per multi-row INSERT of `columns` columns: as many as stay under SQLite's 32,766 bound
 * variables (PostgreSQL allows 65,535), so a bulk-issue chunk's rows of one table go in one statement.
 */
export function rowsPerInsert(columns: number): number {
  return Math.floor(32_000 / columns);
}

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

/**
 * LIMIT and OFFSET for a page, whatever the caller passed: a page or size that is not a safe positive
 * integer (NaN, ±Infinity, 1e308) falls back to the first page / 25 rows, and neither can grow without
 * bound, so no request can hand the database an out-of-range OFFSET. The page answered is the one returned.
 */
export function pageWindow(page: number, perPage: number): { limit: number; offset: number; page: number; perPage: number } {
  const p = Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 1_000_000) : 1;
  const n = Number.isSafeInteger(perPage) && perPage >= 1 ? Math.min(perPage, 1_000) : 25;
  return { limit: n, offset: (p - 1) * n, page: p, perPage: n };
}
