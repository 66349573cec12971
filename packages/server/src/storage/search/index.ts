// The SearchIndex port's two adapters, chosen by the executor's dialect. This folder is the only place
// that knows the inventory's SQL.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Executor } from '../repositories/types.ts';
import { atomically } from '../repositories/rollups.ts';
import { entryRollups } from '../repositories/rollups-programs.ts';
import type { Database } from '../schema.ts';
import { rowToItem, type ItemRow, type SearchBackend } from './backend.ts';
import { ENTRY_COLUMNS, SEP, type EntryRow } from './facet-table.ts';
import { searchIndexOver, type CacheOptions } from './search-index.ts';
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

/** Parses the comma-separated doc keys an aggregate returns (several times faster than split + Number). */
export function docList(s: string | null | undefined): number[] {
  const out: number[] = [];
  if (!s) return out;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) {
      out.push(v);
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  out.push(v);
  return out;
}

function commonBackend(db: Kysely<Database>): Pick<SearchBackend, 'version' | 'changes' | 'items' | 'vocabulary'> {
  return {
    async version() {
      const r = await db.selectFrom('inventory_state').select('version').where('id', '=', 1).executeTakeFirst();
      return Number(r?.version ?? 0);
    },
    async changes(since, until) {
      const r = await sql<{ program_id: string }>`SELECT program_id FROM inventory_changes WHERE version > ${since} AND version <= ${until} ORDER BY version`.execute(db);
      return r.rows.map((x) => x.program_id);
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

const ENTRY_SELECT = sql.raw(ENTRY_COLUMNS.map((c) => `e.${c}`).join(', '));

function sqliteBackend(db: Kysely<Database>): SearchBackend {
  // The FTS5 table's rowid is the entry's rowid: the doc key. Matches come back as one
  // comma-separated string, which is several times cheaper than a row per match.
  return {
    ...commonBackend(db),
    async entries() {
      return (await sql<EntryRow>`SELECT e.rowid AS doc, ${ENTRY_SELECT} FROM inventory_entries e`.execute(db)).rows;
    },
    async entriesOf(ids) {
      const out: EntryRow[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500);
        out.push(...(await sql<EntryRow>`SELECT e.rowid AS doc, ${ENTRY_SELECT} FROM inventory_entries e WHERE e.program_id IN (${sql.join(part)})`.execute(db)).rows);
      }
      return out;
    },
    async match(terms) {
      const r = await sql<{ docs: string | null }>`SELECT group_concat(rowid) AS docs FROM inventory_fts WHERE inventory_fts MATCH ${fts5Match(terms)}`.execute(db);
      return docList(r.rows[0]?.docs);
    },
    async narrative(term) {
      // A column filter reads the same doclists as the match; no per-row work.
      const r = await sql<{ docs: string | null }>`SELECT group_concat(rowid) AS docs FROM inventory_fts WHERE inventory_fts MATCH ${`{narrative} : (${fts5Match([term])})`}`.execute(db);
      return docList(r.rows[0]?.docs);
    },
  };
}

function postgresBackend(db: Kysely<Database>): SearchBackend {
  // The planner prices a bitmap scan of a broad term (a third of the inventory) above a sequential scan,
  // which then evaluates the tsquery against every row: 2-3x slower here. The GIN index is always the
  // faster way to a set of docs, so these reads go through functions that turn sequential scans off for
  // their call (migration 0028): one round trip each, not BEGIN / SET LOCAL / SELECT / COMMIT.
  const docsOf = async (fn: 'inventory_match_docs' | 'inventory_narrative_docs', query: string): Promise<number[]> => {
    const r = await sql<{ docs: string | null }>`SELECT ${sql.raw(fn)}(to_tsquery('simple', ${query})) AS docs`.execute(db);
    return docList(r.rows[0]?.docs);
  };
  return {
    ...commonBackend(db),
    async entries() {
      return (await sql<EntryRow>`SELECT s.doc, ${ENTRY_SELECT} FROM inventory_entries e JOIN inventory_search s ON s.program_id = e.program_id`.execute(db)).rows;
    },
    async entriesOf(ids) {
      return (await sql<EntryRow>`SELECT s.doc, ${ENTRY_SELECT} FROM inventory_entries e JOIN inventory_search s ON s.program_id = e.program_id WHERE e.program_id = ANY(${ids as string[]}::text[])`.execute(db)).rows;
    },
    match: (terms) => docsOf('inventory_match_docs', tsQuery(terms)),
    // The narrative's lexemes carry weight C; this expression has its own GIN index (migration 0007).
    narrative: (term) => docsOf('inventory_narrative_docs', tsQuery([term])),
    // A few docs by primary key, each tsvector checked in the row (no index scan of the whole term).
    async narrativeAmong(term, docs) {
      const r = await sql<{ docs: string | null }>`SELECT string_agg(doc::text, ',') AS docs FROM inventory_search
        WHERE doc = ANY(${docs as number[]}::int[]) AND ts_filter(vector, '{c}') @@ to_tsquery('simple', ${tsQuery([term])})`.execute(db);
      return docList(r.rows[0]?.docs);
    },
  };
}

/** The adapter for the database's dialect (exported for benchmarks; the app uses createSearchIndex). */
export function searchBackend(db: Kysely<Database>): SearchBackend {
  return isPostgres(db) ? postgresBackend(db) : sqliteBackend(db);
}

/** The inventory search over a database (not a transaction: it caches per inventory version). */
export function createSearchIndex(db: Kysely<Database>, opts: CacheOptions = {}): SearchIndex {
  return searchIndexOver(searchBackend(db), opts);
}

/** The change log keeps the last CHANGE_LOG_KEPT versions (pruned every CHANGE_LOG_PRUNE_EVERY). */
const CHANGE_LOG_KEPT = 10_000;
const CHANGE_LOG_PRUNE_EVERY = 500;

const clean = (x: string) => x.replace(/\s+/g, ' ').trim();
const join = (xs: readonly string[]) => xs.map(clean).filter(Boolean).join(SEP);

/**
 * The write side over an executor (normally the transaction that publishes or withdraws a program). Each
 * change moves the entry's counts in the reports' program rollups, in the same transaction.
 */
export function inventoryWriter(db: Executor): InventoryWriter {
  const inTx = <T>(fn: (w: InventoryWriter, x: Executor) => Promise<T>) => atomically(db, (x) => fn(writerIn(x), x));
  return {
    upsert: (e) => inTx((w, x) => entryRollups(x).changed(e.programId, () => w.upsert(e))),
    remove: (programId) => inTx((w, x) => entryRollups(x).changed(programId, () => w.remove(programId))),
    count: () => writerIn(db).count(),
  };
}

function writerIn(db: Executor): InventoryWriter {
  const pg = isPostgres(db);
  // Every change bumps the version and logs the program under the new version, in the caller's
  // transaction; app processes apply the logged programs' entries to their facet tables. The row lock
  // on inventory_state orders the versions as the commits (a later version never commits first).
  const bump = async (programId: string) => {
    const r = await sql<{ version: number | string }>`UPDATE inventory_state SET version = version + 1 WHERE id = 1 RETURNING version`.execute(db);
    const version = Number(r.rows[0]!.version);
    await sql`INSERT INTO inventory_changes (version, program_id) VALUES (${version}, ${programId})`.execute(db);
    if (version % CHANGE_LOG_PRUNE_EVERY === 0) await sql`DELETE FROM inventory_changes WHERE version <= ${version - CHANGE_LOG_KEPT}`.execute(db);
  };
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
        stacks_into: (e.stacksInto ?? []).map((x) => `${clean(x.key)}\t${clean(x.label)}`).join(SEP),
        published_at: e.publishedAt,
        updated_at: e.updatedAt,
      };
      const { program_id: _id, ...update } = row;
      await db.insertInto('inventory_entries').values(row).onConflict((oc) => oc.column('program_id').doUpdateSet(update)).execute();
      const docs = [documentText(e.title), documentText(e.skills.join(' ')), documentText(e.narrativeText), documentText(e.otherText)] as const;
      if (pg) {
        const vector = sql`setweight(to_tsvector('simple', ${docs[0]}), 'A') || setweight(to_tsvector('simple', ${docs[1]}), 'B') ||
            setweight(to_tsvector('simple', ${docs[2]}), 'C') || setweight(to_tsvector('simple', ${docs[3]}), 'D')`;
        // Update first, insert only a new entry: an INSERT … ON CONFLICT would use up an identity value
        // (the doc key, which sizes the facet table's doc index) on every revision.
        const u = await sql`UPDATE inventory_search SET vector = ${vector} WHERE program_id = ${e.programId}`.execute(db);
        if (Number(u.numAffectedRows ?? 0) === 0) await sql`INSERT INTO inventory_search (program_id, vector) VALUES (${e.programId}, ${vector})`.execute(db);
      } else {
        const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM inventory_entries WHERE program_id = ${e.programId}`.execute(db);
        const rowid = rows[0]!.rowid;
        await sql`DELETE FROM inventory_fts WHERE rowid = ${rowid}`.execute(db);
        await sql`INSERT INTO inventory_fts (rowid, title, skills, narrative, others) VALUES (${rowid}, ${docs[0]}, ${docs[1]}, ${docs[2]}, ${docs[3]})`.execute(db);
      }
      // Words people may misspell: those of titles and skills (the narrative would bloat the list).
      const words = [...new Set(tokenize(`${e.title} ${e.skills.join(' ')}`).filter((w) => w.length >= 4 && !/[0-9]/.test(w)))];
      if (words.length) await db.insertInto('inventory_terms').values(words.map((term) => ({ term }))).onConflict((oc) => oc.column('term').doNothing()).execute();
      await bump(e.programId);
    },
    async remove(programId) {
      if (!pg) {
        const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM inventory_entries WHERE program_id = ${programId}`.execute(db);
        if (rows[0]) await sql`DELETE FROM inventory_fts WHERE rowid = ${rows[0].rowid}`.execute(db);
      }
      // On PostgreSQL the inventory_search row goes with it (ON DELETE CASCADE).
      const r = await db.deleteFrom('inventory_entries').where('program_id', '=', programId).executeTakeFirst();
      if (Number(r.numDeletedRows) > 0) await bump(programId);
    },
    async count() {
      const r = await db.selectFrom('inventory_entries').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
