// The award register's search terms (migration 0021): the words of each award's recipient name, email
// address and issuer earner id, lower case and accent-folded, one row per (institution, term, award),
// written with the award in its transaction (awards.ts calls insertAwardTerms beside each insert). The
// register matches a search word as a prefix of a term through the table's primary key, instead of
// scanning an institution's awards for a substring.
//
// Words are runs of letters and digits of any script (so "Иванова" and "王芳" are words too; the
// inventory's tokenizer keeps ASCII only); marks are dropped after a compatibility decomposition, so
// "José" is "jose" and "ﬁ" is "fi", and a few letters without one are folded too ("Øberg" is "oberg"). A term that is a prefix of another term of the same award is not
// stored: every search word matches as a prefix, so the longer term answers for both.
import { rowsPerInsert, type Executor } from './types.ts';

/** Longest term stored, in characters (a longer word is cut; a query word is cut the same way). */
export const TERM_MAX = 64;
/** The words of a query used for matching: its longest eight (more only narrow what these find). */
export const MAX_SEARCH_WORDS = 8;

// Latin letters a compatibility decomposition leaves alone, written as people type them without accents.
const FOLD: Readonly<Record<string, string>> = { ø: 'o', ł: 'l', đ: 'd', ð: 'd', ħ: 'h', ı: 'i', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th' };

/** Lower-case, accent-folded words of letters and digits: "José-María O'Brien" → ["jose", "maria", "o", "brien"]. */
export function termWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[øłđðħıæœßþ]/g, (c) => FOLD[c]!)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => (w.length > TERM_MAX ? Array.from(w).slice(0, TERM_MAX).join('') : w));
}

/** Drops each word that is a prefix of another one (its matches include the longer word's). */
function withoutPrefixes(words: readonly string[]): string[] {
  const unique = [...new Set(words)];
  return unique.filter((w) => !unique.some((u) => u !== w && u.startsWith(w)));
}

export interface TermSource {
  readonly id: string;
  readonly organizationId: string;
  readonly recipientName: string;
  readonly recipientEmail: string;
  readonly issuerEarnerId: string | null;
}

/** The terms stored for an award: the words of its recipient name and email and its issuer earner id. */
export function awardTerms(a: Pick<TermSource, 'recipientName' | 'recipientEmail' | 'issuerEarnerId'>): string[] {
  return withoutPrefixes([...termWords(a.recipientName), ...termWords(a.recipientEmail), ...termWords(a.issuerEarnerId ?? '')]);
}

/** A query's search words (each must start a term of the award), at most MAX_SEARCH_WORDS, longest kept. */
export function searchWords(q: string): string[] {
  const words = withoutPrefixes(termWords(q));
  if (words.length <= MAX_SEARCH_WORDS) return words;
  const keep = new Set([...words].sort((a, b) => b.length - a.length).slice(0, MAX_SEARCH_WORDS));
  return words.filter((w) => keep.has(w));
}

/**
 * The least string above every string that starts with `w`, in code point order (SQLite's BINARY and
 * PostgreSQL's "C" collation compare UTF-8 bytes, which is code point order): `term >= w AND term < end`
 * is the prefix match as an index range. Undefined when none exists (no upper bound then).
 */
export function prefixEnd(w: string): string | undefined {
  const cps = Array.from(w);
  while (cps.length) {
    const c = cps.pop()!.codePointAt(0)!;
    if (c < 0x10ffff) return cps.join('') + String.fromCodePoint(c === 0xd7ff ? 0xe000 : c + 1);
  }
  return undefined;
}

/** The term rows of these awards (what insertAwardTerms writes and the migration backfills). */
export function termRows(awards: readonly TermSource[]): { organization_id: string; term: string; award_id: string }[] {
  return awards.flatMap((a) => awardTerms(a).map((term) => ({ organization_id: a.organizationId, term, award_id: a.id })));
}

/** Writes the terms of awards just inserted, on the executor (the transaction) that inserted them. */
export async function insertAwardTerms(db: Executor, awards: readonly TermSource[]): Promise<void> {
  const rows = termRows(awards);
  // 3 values a row: a bulk chunk's terms (~4 an award) in one statement.
  const n = rowsPerInsert(3);
  for (let i = 0; i < rows.length; i += n) await db.insertInto('award_terms').values(rows.slice(i, i + n)).execute();
}
