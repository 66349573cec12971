// The SearchIndex port's two adapters, chosen by the executor's dialect. This folder is the only place
// that knows the inventory's SQL.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Executor } from '../repositories/types.ts';
import type { Database } from '../schema.ts';
import { CANDIDATE_COLUMNS, rowToCandidate, rowToItem, searchIndexOver, SEP, type CacheOptions, type CandidateRow, type ItemRow, type SearchBackend } from './engine.ts';
import { documentText, fts5Match, tokenize, tsQuery } from './text.ts';
import type { InventoryEntryInput, InventoryWriter, SearchIndex } from './types.ts';

export * from './types.ts';
export { queryTerms } from './text.ts';

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const ITEM_COLUMNS = [
  'program_id',
  'title',
  'summary',
  'institution_slug',
  'institution_name',
  'endorsement',
  'credential_type',
  'level',
  'delivery_mode',
  'credit_bearing',
  'credit_hours',
  'cost_free',
  'cost_amount',
  'has_badge',
  'badge_image_id',
  'focus_areas',
  'skills',
  'partners',
  'published_at',
] as const;

// Title > skills > narrative > institution/partners, as FTS5 bm25 column weights and tsvector labels A–D.
const BM25_WEIGHTS = sql.raw('10.0, 5.0, 2.0, 1.0');

function commonBackend(db: Kysely<Database>): Pick<SearchBackend, 'version' | 'items' | 'vocabulary'> {
  return {
    async version() {
      const r = await db.selectFrom('inventory_state').select('version').where('id', '=', 1).executeTakeFirst();
      return Number(r?.version ?? 0);
    },
    async items(ids) {
      const rows = await db.selectFrom('inventory_entries').select(ITEM_COLUMNS).where('program_id', 'in', ids).execute();
      return rows.map((r) => rowToItem(r as ItemRow));
    },
    async vocabulary(first, min, max) {
      // A range scan on the primary key: words from `first` up to the next letter.
      const next = String.fromCharCode(first.charCodeAt(0) + 1);
      const rows = await db
        .selectFrom('inventory_terms')
        .select('term')
        .where('term', '>=', first)
        .where('term', '<', next)
        .where(sql<number>`length(term)`, '>=', min)
        .where(sql<number>`length(term)`, '<=', max)
        .limit(5000)
        .execute();
      return rows.map((r) => r.term);
    },
  };
}

function sqliteBackend(db: Kysely<Database>): SearchBackend {
  const cols = sql.raw(CANDIDATE_COLUMNS.map((c) => `e.${c}`).join(', '));
  return {
    ...commonBackend(db),
    async all() {
      const r = await sql<CandidateRow>`SELECT ${cols}, e.rowid AS doc FROM inventory_entries e`.execute(db);
      return r.rows.map(rowToCandidate);
    },
    async match(terms) {
      const r = await sql<{ rowid: number }>`SELECT rowid FROM inventory_fts WHERE inventory_fts MATCH ${fts5Match(terms)}`.execute(db);
      return r.rows.map((x) => Number(x.rowid));
    },
    async rank(terms) {
      // Scores every match: a rowid filter on an FTS5 query re-runs the MATCH per rowid, far slower.
      const r = await sql<{ rowid: number; score: number }>`SELECT rowid, -bm25(inventory_fts, ${BM25_WEIGHTS}) AS score FROM inventory_fts
        WHERE inventory_fts MATCH ${fts5Match(terms)}`.execute(db);
      return new Map(r.rows.map((x) => [Number(x.rowid), Number(x.score)]));
    },
  };
}

function postgresBackend(db: Kysely<Database>): SearchBackend {
  const cols = sql.raw(CANDIDATE_COLUMNS.map((c) => `e.${c}`).join(', '));
  return {
    ...commonBackend(db),
    async all() {
      const r = await sql<CandidateRow>`SELECT ${cols}, e.program_id AS doc FROM inventory_entries e`.execute(db);
      return r.rows.map(rowToCandidate);
    },
    async match(terms) {
      const r = await sql<{ program_id: string }>`SELECT program_id FROM inventory_entries WHERE search_vector @@ to_tsquery('simple', ${tsQuery(terms)})`.execute(db);
      return r.rows.map((x) => x.program_id);
    },
    async rank(terms, docs) {
      // Only the entries left after filtering, fetched by primary key.
      const r = await sql<{ program_id: string; score: number }>`SELECT program_id, ts_rank(search_vector, to_tsquery('simple', ${tsQuery(terms)})) AS score
        FROM inventory_entries WHERE program_id = ANY(${docs as string[]}::text[])`.execute(db);
      return new Map(r.rows.map((x) => [x.program_id, Number(x.score)]));
    },
  };
}

/** The inventory search over a database (not a transaction: it caches per inventory version). */
export function createSearchIndex(db: Kysely<Database>, opts: CacheOptions = {}): SearchIndex {
  return searchIndexOver(isPostgres(db) ? postgresBackend(db) : sqliteBackend(db), opts);
}

const join = (xs: readonly string[]) => xs.map((x) => x.replace(/\s+/g, ' ').trim()).filter(Boolean).join(SEP);

/** The write side over an executor (normally the transaction that publishes or withdraws a program). */
export function inventoryWriter(db: Executor): InventoryWriter {
  const pg = isPostgres(db);
  const bump = () => db.updateTable('inventory_state').set({ version: sql`version + 1` }).where('id', '=', 1).execute();
  return {
    async upsert(e) {
      const row = {
        program_id: e.programId,
        organization_id: e.organizationId,
        institution_slug: e.institutionSlug,
        institution_name: e.institutionName,
        title: e.title,
        title_sort: e.title.toLowerCase(),
        summary: e.summary,
        endorsement: e.endorsement,
        credential_type: e.credentialType,
        level: e.level,
        delivery_mode: e.deliveryMode,
        credit_bearing: e.creditHours > 0 ? 1 : 0,
        credit_hours: e.creditHours,
        cost_free: e.costFree ? 1 : 0,
        cost_amount: e.costAmount,
        has_badge: e.hasBadge ? 1 : 0,
        badge_image_id: e.badgeImageId,
        focus_areas: join(e.focusAreas),
        skills: join(e.skills),
        partners: join(e.partners),
        published_at: e.publishedAt,
        updated_at: e.updatedAt,
      };
      const { program_id: _id, ...update } = row;
      await db.insertInto('inventory_entries').values(row).onConflict((oc) => oc.column('program_id').doUpdateSet(update)).execute();
      const docs = [documentText(e.title), documentText(e.skills.join(' ')), documentText(e.narrativeText), documentText(e.otherText)] as const;
      if (pg) {
        await sql`UPDATE inventory_entries SET search_vector =
            setweight(to_tsvector('simple', ${docs[0]}), 'A') || setweight(to_tsvector('simple', ${docs[1]}), 'B') ||
            setweight(to_tsvector('simple', ${docs[2]}), 'C') || setweight(to_tsvector('simple', ${docs[3]}), 'D')
          WHERE program_id = ${e.programId}`.execute(db);
      } else {
        const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM inventory_entries WHERE program_id = ${e.programId}`.execute(db);
        const rowid = rows[0]!.rowid;
        await sql`DELETE FROM inventory_fts WHERE rowid = ${rowid}`.execute(db);
        await sql`INSERT INTO inventory_fts (rowid, title, skills, narrative, others) VALUES (${rowid}, ${docs[0]}, ${docs[1]}, ${docs[2]}, ${docs[3]})`.execute(db);
      }
      // Words people may misspell: those of titles and skills (the narrative would bloat the list).
      const words = [...new Set(tokenize(`${e.title} ${e.skills.join(' ')}`).filter((w) => w.length >= 4 && !/[0-9]/.test(w)))];
      if (words.length) await db.insertInto('inventory_terms').values(words.map((term) => ({ term }))).onConflict((oc) => oc.column('term').doNothing()).execute();
      await bump();
    },
    async remove(programId) {
      if (!pg) {
        const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM inventory_entries WHERE program_id = ${programId}`.execute(db);
        if (rows[0]) await sql`DELETE FROM inventory_fts WHERE rowid = ${rows[0].rowid}`.execute(db);
      }
      const r = await db.deleteFrom('inventory_entries').where('program_id', '=', programId).executeTakeFirst();
      if (Number(r.numDeletedRows) > 0) await bump();
    },
    async count() {
      const r = await db.selectFrom('inventory_entries').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
