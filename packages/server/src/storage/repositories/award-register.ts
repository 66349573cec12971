// The award register: an institution's awards searched and filtered, newest first, read by keyset so a
// page boundary stays put while awards are issued meanwhile. The order is (created_at, id), or
// (issued_at, id) when an issue date filter is given, so a date window walks an index from its end
// instead of every newer award. The page, the API (GET /api/v1/awards) and the CSV export all read it.
//
// Search words are matched against award_terms (award-terms.ts): every word must start a term of the
// award. Each word's term rows are first counted, up to SPARSE_MAX: when the rarest word has fewer, its
// awards are read through the term index and sorted (few rows); when every word is that common, the
// register is walked in order and each award checked for each word (matches are dense, a page is near).
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import { prefixEnd, searchWords } from './award-terms.ts';
import { AWARD_COLUMNS, rowToAward, type Award, type AwardStatusFilter } from './awards.ts';
import type { Executor } from './types.ts';

export interface RegisterFilter {
  readonly organizationId: string;
  readonly badgeClassId?: string | undefined;
  /**
   * An award or credential id, or a whole email address: exactly (the address in any case), or an issuer
   * earner id equal to it. Anything else: words, each the start of a word of the recipient's name or
   * email or of the issuer earner id (any case, accents ignored).
   */
  readonly q?: string | undefined;
  readonly status?: AwardStatusFilter | undefined;
  /** Inclusive lower and exclusive upper bounds, ISO 8601 strings compared as stored. */
  readonly issuedFrom?: string | undefined;
  readonly issuedBefore?: string | undefined;
  readonly expiresFrom?: string | undefined;
  readonly expiresBefore?: string | undefined;
  readonly now: string;
}

/** What the register is ordered by (newest first): when Laurel recorded the award, or its issue date. */
export type RegisterOrder = 'created' | 'issued';

/** A position in the register: the (created_at or issued_at, id) of the last (or first) row seen. */
export interface RegisterKey {
  readonly at: string;
  readonly id: string;
}

/** The order a filter reads in: by issue date when an issue date bound is given. */
export function registerOrder(f: Pick<RegisterFilter, 'issuedFrom' | 'issuedBefore'>): RegisterOrder {
  return f.issuedFrom || f.issuedBefore ? 'issued' : 'created';
}

/** The key of an award in an order. */
export function registerKey(a: Pick<Award, 'createdAt' | 'issuedAt' | 'id'>, order: RegisterOrder): RegisterKey {
  return { at: order === 'issued' ? a.issuedAt : a.createdAt, id: a.id };
}

type AwardQuery = SelectQueryBuilder<Database, 'awards', object>;
type Where = (eb: ExpressionBuilder<Database, 'awards'>) => Expression<SqlBool>;

/** Each status as awardStatus (domain/issuance/manage-awards.ts) decides it: revoked, then suspended, then expired, then the claim. */
function statusFilter(q: AwardQuery, status: AwardStatusFilter | undefined, now: string): AwardQuery {
  if (!status) return q;
  if (status === 'revoked') return q.where('revoked_at', 'is not', null);
  const live = q.where('revoked_at', 'is', null);
  if (status === 'suspended') return live.where('suspended_at', 'is not', null);
  const standing = live.where('suspended_at', 'is', null);
  if (status === 'expired') return standing.where('expires_at', '<=', now);
  const current = standing.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  // active: any claim state (an unclaimed or declined award still verifies).
  return status === 'active' ? current : current.where('claim_state', '=', status);
}

const UUID = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

/** A search word's term rows are counted up to this many; see the header. */
export const SPARSE_MAX = 4000;
/** A dense search checks at most this many awards of the register in order before using the term index. */
export const WALK_MAX = 2000;

/** How a search is answered: exactly (an id or address), by terms, or not at all (no word, or a word no award has). */
type Search = { readonly kind: 'exact'; readonly where: Where } | { readonly kind: 'terms'; readonly driver: string | undefined; readonly words: readonly string[] } | { readonly kind: 'nothing' };

/** `term` starts with `w`: a range of the term index. */
function startsWith(col: string, w: string): Expression<SqlBool> {
  const end = prefixEnd(w);
  return end === undefined ? sql<SqlBool>`${sql.ref(col)} >= ${w}` : sql<SqlBool>`${sql.ref(col)} >= ${w} AND ${sql.ref(col)} < ${end}`;
}

function exactSearch(text: string): Where | undefined {
  const uuid = UUID.exec(text)?.[1]?.toLowerCase();
  if (uuid) return (eb) => eb.or([eb('id', '=', uuid), eb('credential_id', '=', `urn:uuid:${uuid}`), eb('issuer_earner_id', '=', text)]);
  // Recipient emails are stored in lower case.
  if (EMAIL.test(text)) return (eb) => eb.or([eb('recipient_email', '=', text.toLowerCase()), eb('issuer_earner_id', '=', text)]);
  return undefined;
}

/** Counts each word's term rows in the institution (up to SPARSE_MAX, one statement) and picks how to search. */
async function planSearch(db: Executor, organizationId: string, text: string): Promise<Search> {
  const exact = exactSearch(text);
  if (exact) return { kind: 'exact', where: exact };
  const words = searchWords(text);
  if (words.length === 0) return { kind: 'nothing' };
  const counts = words.map(
    // ORDER BY term: an index scan that stops at the LIMIT (PostgreSQL would otherwise build a bitmap of every match first).
    (w, i) => sql`(SELECT count(*) FROM (SELECT 1 FROM award_terms WHERE organization_id = ${organizationId} AND ${startsWith('term', w)} ORDER BY term LIMIT ${sql.lit(SPARSE_MAX)}) m) AS ${sql.ref(`c${i}`)}`,
  );
  const row = (await sql<Record<string, string | number>>`SELECT ${sql.join(counts)}`.execute(db)).rows[0]!;
  const n = words.map((_, i) => Number(row[`c${i}`]));
  const least = Math.min(...n);
  if (least === 0) return { kind: 'nothing' };
  return { kind: 'terms', driver: least < SPARSE_MAX ? words[n.indexOf(least)] : undefined, words };
}

/** The awards having every word: the rarest word's awards (a sparse search), each checked for the others. */
function termFilter(organizationId: string, s: Extract<Search, { kind: 'terms' }>): Where {
  return (eb) =>
    eb.and([
      ...(s.driver === undefined ? [] : [eb('awards.id', 'in', eb.selectFrom('award_terms').select('award_terms.award_id').where('award_terms.organization_id', '=', organizationId).where(startsWith('award_terms.term', s.driver)))]),
      ...s.words
        .filter((w) => w !== s.driver)
        .map((w) => eb.exists(eb.selectFrom('award_terms as t').select(sql<number>`1`.as('one')).whereRef('t.award_id', '=', 'awards.id').where(startsWith('t.term', w)))),
    ]);
}

function registerFiltered(base: AwardQuery, f: RegisterFilter, search: Search | undefined): AwardQuery {
  let q = base.where('organization_id', '=', f.organizationId);
  if (f.badgeClassId) q = q.where('badge_class_id', '=', f.badgeClassId);
  if (search?.kind === 'exact') q = q.where(search.where);
  if (search?.kind === 'terms') q = q.where(termFilter(f.organizationId, search));
  if (f.issuedFrom) q = q.where('issued_at', '>=', f.issuedFrom);
  if (f.issuedBefore) q = q.where('issued_at', '<', f.issuedBefore);
  // `expires_at || ''` (null stays null): kept off awards_expiry_idx (the reminder job's), which a
  // planner may pick for a window and then sort every award expiring in it; the register's own order,
  // walked, reaches a page of a window sooner.
  const expires = sql<string>`(${sql.ref('expires_at')} || '')`;
  if (f.expiresFrom) q = q.where(expires, '>=', f.expiresFrom);
  if (f.expiresBefore) q = q.where(expires, '<', f.expiresBefore);
  return statusFilter(q, f.status, f.now);
}

/**
 * Past a key in the order: a row value `(col, id) < (at, id)`, which both databases read as one index
 * range (the equivalent `col < at OR (col = at AND id < id)` made SQLite read every row between a date
 * bound and the key through two ranges, then sort them).
 */
const past = (col: 'created_at' | 'issued_at', k: RegisterKey, op: '<' | '>') => (eb: ExpressionBuilder<Database, 'awards'>) => eb(eb.refTuple(col, 'id'), op, eb.tuple(k.at, k.id));

type Position = { readonly after?: RegisterKey | undefined; readonly before?: RegisterKey | undefined; readonly limit: number };

/** One page's rows in reading order (ascending for `before`), the search applied in the query. */
async function readPage(db: Executor, f: RegisterFilter, search: Search | undefined, at: Position) {
  const col = registerOrder(f) === 'issued' ? 'issued_at' : 'created_at';
  const dir = at.before ? 'asc' : 'desc';
  let q = registerFiltered(db.selectFrom('awards'), f, search);
  if (at.before) q = q.where(past(col, at.before, '>'));
  else if (at.after) q = q.where(past(col, at.after, '<'));
  return q.select(AWARD_COLUMNS).orderBy(col, dir).orderBy('id', dir).limit(at.limit).execute();
}

/**
 * A dense search: the next WALK_MAX awards of the register (the other filters applied) checked for
 * every word. When fewer than a page match there, the words are not dense here (a word common in the
 * institution can be rare among its newest awards, a student id prefix of one year say): the caller
 * reads through the term index instead.
 */
async function readDense(db: Executor, f: RegisterFilter, words: readonly string[], at: Position) {
  const col = registerOrder(f) === 'issued' ? 'issued_at' : 'created_at';
  const dir = at.before ? 'asc' : 'desc';
  let walked = registerFiltered(db.selectFrom('awards'), f, undefined);
  if (at.before) walked = walked.where(past(col, at.before, '>'));
  else if (at.after) walked = walked.where(past(col, at.after, '<'));
  const w = walked.select(AWARD_COLUMNS).orderBy(col, dir).orderBy('id', dir).limit(WALK_MAX).as('w');
  return db
    .selectFrom(w)
    .selectAll()
    .where((eb) => eb.and(words.map((word) => eb.exists(eb.selectFrom('award_terms as t').select(sql<number>`1`.as('one')).whereRef('t.award_id', '=', 'w.id').where(startsWith('t.term', word))))))
    .orderBy(`w.${col}`, dir)
    .orderBy('w.id', dir)
    .limit(at.limit)
    .execute();
}

export function awardRegisterRepo(db: Executor) {
  return {
    /**
     * Up to `limit` awards, newest first in the filter's order (registerOrder): after `after` (older
     * rows, the next page) or, with `before`, the rows just newer than it (the previous page), still
     * returned newest first.
     */
    async page(f: RegisterFilter, at: Position): Promise<Award[]> {
      let search = f.q ? await planSearch(db, f.organizationId, f.q) : undefined;
      if (search?.kind === 'nothing') return [];
      let rows: Awaited<ReturnType<typeof readPage>> | undefined;
      if (search?.kind === 'terms' && search.driver === undefined) {
        rows = await readDense(db, f, search.words, at);
        // Not a page among the next WALK_MAX: through the term index, from the longest word (likely the rarest).
        if (rows.length < at.limit) search = { ...search, driver: [...search.words].sort((a, b) => b.length - a.length)[0] };
      }
      if (!rows || rows.length < at.limit) rows = await readPage(db, f, search, at);
      return (at.before ? rows.reverse() : rows).map(rowToAward);
    },
    /** How many awards match, counting no further than `upTo` (a million-award register is not counted row by row on every page view). */
    async count(f: RegisterFilter, upTo?: number): Promise<number> {
      const search = f.q ? await planSearch(db, f.organizationId, f.q) : undefined;
      if (search?.kind === 'nothing') return 0;
      if (upTo === undefined) {
        const r = await registerFiltered(db.selectFrom('awards'), f, search).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
        return Number(r.n);
      }
      const matching = registerFiltered(db.selectFrom('awards'), f, search).select('awards.id').limit(upTo).as('m');
      const r = await db.selectFrom(matching).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
