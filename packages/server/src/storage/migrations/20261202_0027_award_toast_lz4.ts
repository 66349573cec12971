// Issue #18 target 4 (bulk issuing): an award row carries three large texts — the signed credential and
// its two VC-JWTs (~4–6 KB each) — which PostgreSQL compresses when it stores them out of line. Its
// default, pglz, is the slow one; lz4 compresses several times faster for a little more space, and the
// server shares the cores with the signing threads during a bulk job. SET COMPRESSION changes what new
// values are stored with (existing rows stay readable as they are, nothing is rewritten). Only on a
// PostgreSQL built with lz4 (14+, as Debian's and the official images are); SQLite stores text as is.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const COLUMNS = ['credential', 'jwt_rs256', 'jwt_es256'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function lz4Available(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function setCompression(db: Kysely<any>, method: 'lz4' | 'pglz'): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter) || !(await lz4Available(db))) return;
  for (const c of COLUMNS) await sql`ALTER TABLE awards ALTER COLUMN ${sql.ref(c)} SET COMPRESSION ${sql.raw(method)}`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await setCompression(db, 'lz4');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await setCompression(db, 'pglz');
}
