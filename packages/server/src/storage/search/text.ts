// Tokenising and stemming done by the app, identically for both dialects. SQLite (FTS5, unicode61
// tokenizer) and PostgreSQL (to_tsvector('simple')) then only split on spaces and compare terms, so a
// query matches exactly the same programs on either database — their own stemmers (FTS5 porter, the
// Snowball `english` configuration) disagree on many words and PostgreSQL drops stop words.
//
// A document holds every word and, where it differs, the word's Porter stem: "nursing" is indexed as
// "nursing nurs". A query term is matched through its stem ("nurses" → "nurs"), so plurals and other
// inflections find each other; the last term is also matched as a prefix, for search-as-you-type, once
// it has PREFIX_MIN characters: a one- or two-letter prefix ("ma") matches most of the inventory, costs
// the most to look up and ranks nothing usefully, so until then the word is matched whole ("it", "ai").

const MAX_QUERY_TERMS = 8;
export const PREFIX_MIN = 3;

/** Lowercase ASCII-folded words: "Café-Bar 3D" → ["cafe", "bar", "3d"]. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0 && t.length <= 60);
}

/** Words and their stems, space-separated, for one indexed field. */
export function documentText(text: string): string {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    out.push(t);
    const s = stem(t);
    if (s !== t) out.push(s);
  }
  return out.join(' ');
}

// Too common to narrow a search; dropped from a query unless nothing else is left.
const STOP = new Set(['a', 'an', 'and', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'by', 'at', 'from', 'is', 'are']);

export interface QueryTerm {
  /** The word as typed (folded). */
  readonly word: string;
  /** Its stem, matched exactly. */
  readonly stem: string;
  /** The last word is also matched as a prefix of indexed words and stems. */
  readonly prefix: boolean;
}

/** The terms of a free-text query, or [] when it has no searchable word. */
export function queryTerms(q: string): QueryTerm[] {
  let words = tokenize(q);
  const kept = words.filter((w) => !STOP.has(w));
  if (kept.length) words = kept;
  words = [...new Set(words)].slice(0, MAX_QUERY_TERMS);
  return words.map((w, i) => ({ word: w, stem: stem(w), prefix: i === words.length - 1 && w.length >= PREFIX_MIN }));
}

/**
 * What a term is matched as: its stem; for a prefix term, the word and the stem as prefixes — only the
 * shorter where one starts with the other ("nursing"* OR "nurs"* is "nurs"*), which spares the index
 * a second scan of the same words.
 */
function prefixAlternatives(t: QueryTerm): string[] {
  if (!t.prefix) return [t.stem];
  if (t.word.startsWith(t.stem)) return [t.stem];
  if (t.stem.startsWith(t.word)) return [t.word];
  return [t.word, t.stem];
}

/** FTS5 MATCH expression: every term must match, each as its stem (and the last also as a prefix). */
export function fts5Match(terms: readonly QueryTerm[]): string {
  return terms
    .map((t) => {
      const alts = prefixAlternatives(t).map((p) => `"${p}"${t.prefix ? '*' : ''}`);
      return alts.length === 1 ? alts[0]! : `(${alts.join(' OR ')})`;
    })
    .join(' AND ');
}

/**
 * Whether one field's indexed text (documentText, with a space before and after) contains the term,
 * with the meaning of fts5Match and tsQuery: the stem as a whole word, or for a prefix term any word
 * starting with the word or its stem. Used to weigh matches by field without asking the database.
 */
export function fieldMatcher(t: QueryTerm): (paddedDoc: string) => boolean {
  if (!t.prefix) {
    const whole = ` ${t.stem} `;
    return (d) => d.includes(whole);
  }
  const [a, b] = prefixAlternatives(t).map((p) => ` ${p}`);
  return b === undefined ? (d) => d.includes(a!) : (d) => d.includes(a!) || d.includes(b);
}

/** to_tsquery('simple', …) expression with the same meaning as fts5Match. */
export function tsQuery(terms: readonly QueryTerm[]): string {
  return terms
    .map((t) => {
      const alts = prefixAlternatives(t).map((p) => (t.prefix ? `${p}:*` : p));
      return alts.length === 1 ? alts[0]! : `(${alts.join(' | ')})`;
    })
    .join(' & ');
}

/** Edit distance with transpositions (optimal string alignment), for "did you mean". */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

// ---- Porter (1980) stemmer, the algorithm FTS5's `porter` tokenizer implements -------------------------

const isCons = (w: string, i: number): boolean => {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  if (c === 'y') return i === 0 ? true : !isCons(w, i - 1);
  return true;
};

/** m: the number of vowel-consonant sequences in w. */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  const n = w.length;
  while (i < n && isCons(w, i)) i++;
  while (i < n) {
    while (i < n && !isCons(w, i)) i++;
    if (i >= n) break;
    while (i < n && isCons(w, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (w: string): boolean => {
  for (let i = 0; i < w.length; i++) if (!isCons(w, i)) return true;
  return false;
};
const endsDoubleCons = (w: string): boolean => w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isCons(w, w.length - 1);
const cvc = (w: string): boolean => {
  const n = w.length;
  if (n < 3 || !isCons(w, n - 3) || isCons(w, n - 2) || !isCons(w, n - 1)) return false;
  const c = w[n - 1];
  return c !== 'w' && c !== 'x' && c !== 'y';
};

function replaceSuffix(w: string, rules: readonly (readonly [string, string])[], minM: number): string {
  for (const [suf, rep] of rules) {
    if (w.endsWith(suf)) {
      const base = w.slice(0, -suf.length);
      return measure(base) > minM ? base + rep : w;
    }
  }
  return w;
}

const STEP2: readonly (readonly [string, string])[] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['bli', 'ble'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
];
const STEP3: readonly (readonly [string, string])[] = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];
const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

/** Sorts suffix rules longest first so that the longest matching suffix wins, as the algorithm says. */
const byLength = <T extends readonly [string, string]>(rules: readonly T[]): T[] => [...rules].sort((a, b) => b[0].length - a[0].length);
const STEP2_SORTED = byLength(STEP2);
const STEP3_SORTED = byLength(STEP3);
const STEP4_SORTED = [...STEP4].sort((a, b) => b.length - a.length);

// Stems of the words seen, since documents repeat a small vocabulary (bounded: cleared when full).
const stems = new Map<string, string>();

export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= 100_000) stems.clear();
    s = porter(word);
    stems.set(word, s);
  }
  return s;
}

function porter(word: string): string {
  let w = word;
  if (w.length <= 2 || /[0-9]/.test(w)) return w;
  // Step 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('ss')) {
    /* unchanged */
  } else if (w.endsWith('s')) w = w.slice(0, -1);
  // Step 1b
  let extra = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    extra = true;
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    extra = true;
  }
  if (extra) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (endsDoubleCons(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
    else if (measure(w) === 1 && cvc(w)) w += 'e';
  }
  // Step 1c
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  // Steps 2 and 3
  w = replaceSuffix(w, STEP2_SORTED, 0);
  w = replaceSuffix(w, STEP3_SORTED, 0);
  // Step 4
  for (const suf of STEP4_SORTED) {
    if (w.endsWith(suf)) {
      const base = w.slice(0, -suf.length);
      if (measure(base) > 1 && (suf !== 'ion' || /[st]$/.test(base))) w = base;
      break;
    }
  }
  // Step 5a
  if (w.endsWith('e')) {
    const base = w.slice(0, -1);
    const m = measure(base);
    if (m > 1 || (m === 1 && !cvc(base))) w = base;
  }
  // Step 5b
  if (measure(w) > 1 && endsDoubleCons(w) && w.endsWith('l')) w = w.slice(0, -1);
  return w;
}
