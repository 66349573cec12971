// The award register's search at 1,000,000 awards (issue #16 item 4, performance).
//
// award_terms: the words of each award's recipient name, email and issuer earner id (lower case,
// accent-folded; repositories/award-terms.ts), one row per (institution, term, award), written in the
// award's transaction. A search word is a prefix range on the primary key (institution, term, award);
// (award_id, term) answers "does this award have a term starting with …" for the other words of a
// search and for a common word checked while walking the register in order. PostgreSQL compares the
// term in the "C" collation (code point order, as SQLite's BINARY), so a prefix is one index range.
// Existing awards are backfilled here, 1,000 at a time.
//
// Indexes on awards: (organization_id, issued_at, id) and (organization_id, badge_class_id, issued_at,
// id) walk the register in issue-date order (an issue date filter orders by it, so a window far back
// reads a page, not every newer award).
// awards_org_idx (organization_id, created_at) from 0005 is a prefix of 0018's awards_register_idx and
// is dropped. 0018's indexes stay: awards_register_idx and awards_register_class_idx are the register's
// order, and the earner and email indexes answer a whole email address or id looked up exactly.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { termRows, type TermSource } from '../repositories/award-terms.ts';

export const BACKFILL_BATCH = 1000;

/** Writes award_terms for every award, reading awards by id `batch` at a time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function backfillAwardTerms(db: Kysely<any>, batch = BACKFILL_BATCH): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await db
      .selectFrom('awards')
      .select(['id', 'organization_id', 'recipient_name', 'recipient_email', 'issuer_earner_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute()) as { id: string; organization_id: string; recipient_name: string; recipient_email: string; issuer_earner_id: string | null }[];
    if (rows.length === 0) return;
    const sources: TermSource[] = rows.map((r) => ({ id: r.id, organizationId: r.organization_id, recipientName: r.recipient_name, recipientEmail: r.recipient_email, issuerEarnerId: r.issuer_earner_id }));
    const terms = termRows(sources);
    for (let i = 0; i < terms.length; i += 300) await db.insertInto('award_terms').values(terms.slice(i, i + 300)).execute();
    after = rows[rows.length - 1]!.id;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pgsql = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pgsql) {
    await sql`CREATE TABLE award_terms (
      organization_id text NOT NULL,
      term text COLLATE "C" NOT NULL,
      award_id text NOT NULL REFERENCES awards (id) ON DELETE CASCADE,
      PRIMARY KEY (organization_id, term, award_id)
    )`.execute(db);
  } else {
    await sql`CREATE TABLE award_terms (
      organization_id text NOT NULL,
      term text NOT NULL,
      award_id text NOT NULL REFERENCES awards (id) ON DELETE CASCADE,
      PRIMARY KEY (organization_id, term, award_id)
    ) WITHOUT ROWID`.execute(db);
  }
  await backfillAwardTerms(db);
  await db.schema.createIndex('award_terms_award_idx').on('award_terms').columns(['award_id', 'term']).execute();
  await db.schema.createIndex('awards_register_issued_idx').on('awards').columns(['organization_id', 'issued_at', 'id']).execute();
  await db.schema.createIndex('awards_register_class_issued_idx').on('awards').columns(['organization_id', 'badge_class_id', 'issued_at', 'id']).execute();
  await db.schema.dropIndex('awards_org_idx').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('awards_org_idx').on('awards').columns(['organization_id', 'created_at']).execute();
  await db.schema.dropIndex('awards_register_class_issued_idx').execute();
  await db.schema.dropIndex('awards_register_issued_idx').execute();
  await db.schema.dropTable('award_terms').execute();
}
