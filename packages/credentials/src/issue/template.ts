// Canonical N-Quads of a JSON-LD document from a template compiled once per document shape (issue #18).
//
// Credentials of one badge class differ only in string values (id, identity hash, dates, status entry,
// evidence, names…). A template is keyed by the document's shape: its structure (keys, array lengths),
// every `@context` and `type` value, every non-string value, and for every other string only its "IRI
// class" (its scheme, e.g. `urn:` or `https://`). Compiling runs jsonld.toRDF once on the document with
// every such string replaced by a unique sentinel of the same class and finds where each sentinel lands:
// verbatim in an IRI or in a literal (a slot), or not verbatim (e.g. vocabulary-expanded) — that string
// is then fixed: part of the template's key, compiled with its real value. Rendering substitutes the
// values into the precomputed N-Quads and runs RDFC-1.0: when every blank node's first-degree hash is
// unique (the usual case) the canonical labels are the sorted hashes; otherwise — and for any document
// the template does not cover (inline or unbundled contexts, a value that would not be an absolute IRI,
// non-JSON values) — `render` returns undefined and the caller takes the generic path. Tests compare the
// output with jsonld.toRDF + rdf-canonize over a generated corpus (template.test.ts).
import { createHash, randomBytes } from 'node:crypto';
import jsonld from 'jsonld';
import { isBundledContext } from '../contexts/index.ts';

type Obj = { [key: string]: unknown };
interface Term { termType: string; value: string; datatype?: { value: string }; language?: string }
interface Quad { subject: Term; predicate: Term; object: Term; graph: Term }

const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

// The escapes of rdf-canonize's NQuads serializer (lib/NQuads.js), byte for byte.
const LIT_TEST = /[\u0000-\u001F\u007F"\\]/;
const LIT_ALL = /[\u0000-\u001F\u007F"\\]/g;
const IRI_TEST = /[\u0000-\u0020<>"{}|^`\\]/;
const IRI_ALL = /[\u0000-\u0020<>"{}|^`\\]/g;
const uchar = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
const ECHAR: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
export const escapeLiteral = (s: string): string => (LIT_TEST.test(s) ? s.replace(LIT_ALL, (c) => ECHAR[c] ?? uchar(c)) : s);
export const escapeIri = (s: string): string => (IRI_TEST.test(s) ? s.replace(IRI_ALL, uchar) : s);

/** jsonld.js's absolute-IRI test (lib/url.js): a value failing it would be dropped (or refused in safe mode). */
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:(\/\/)?/;

const plain = (v: object) => {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};

/** The shape key of a document and its slot-able string values, in walk order; undefined = not templatable. */
export function shapeOf(doc: unknown): { key: string; values: string[] } | undefined {
  const values: string[] = [];
  const parts: string[] = [];
  const walk = (v: unknown, parent: string): boolean => {
    if (typeof v === 'string') {
      const fixed = parent === 'type' || parent.startsWith('@') || v === '' || v.startsWith('@') || v.startsWith('_:');
      if (fixed) parts.push(JSON.stringify(v));
      else {
        parts.push(`$${SCHEME.exec(v)?.[0] ?? ''}`);
        values.push(v);
      }
      return true;
    }
    if (v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      parts.push(String(v));
      return true;
    }
    if (Array.isArray(v)) {
      parts.push('[');
      for (const x of v) if (!walk(x, parent)) return false;
      parts.push(']');
      return true;
    }
    if (typeof v !== 'object' || !plain(v)) return false;
    parts.push('{');
    for (const k of Object.keys(v)) {
      const x = (v as Obj)[k];
      if (k === '@context' && !(Array.isArray(x) ? x : [x]).every((c) => typeof c === 'string' && isBundledContext(c))) return false;
      parts.push(JSON.stringify(k));
      if (!walk(x, k)) return false;
    }
    parts.push('}');
    return true;
  };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || (doc as Obj)['@context'] === undefined) return undefined;
  return walk(doc, '') ? { key: parts.join('\u0001'), values } : undefined;
}

/** The document with its slot-able strings replaced, in walk order (the inverse of shapeOf's value list). */
function substitute(doc: unknown, values: readonly string[]): unknown {
  let i = 0;
  const walk = (v: unknown, parent: string): unknown => {
    if (typeof v === 'string') {
      const fixed = parent === 'type' || parent.startsWith('@') || v === '' || v.startsWith('@') || v.startsWith('_:');
      return fixed ? v : values[i++];
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, parent));
    if (v === null || typeof v !== 'object') return v;
    const out: Obj = {};
    for (const k of Object.keys(v)) out[k] = walk((v as Obj)[k], k);
    return out;
  };
  return walk(doc, '');
}

// A compiled quad: fixed text and references — a slot (index ≥ 0, escaped value) or a blank node (-1 - n).
type Piece = string | number;
interface TQuad { pieces: Piece[]; bnodes: number[] }

export class Template {
  constructor(
    readonly quads: readonly TQuad[],
    /** Per blank node: the quads it is in. */
    private readonly quadsOf: readonly number[][],
    /** Per blank node: its first-degree hash when it does not depend on any slot. */
    private readonly constHash: readonly (string | undefined)[],
    /** Per slot: 'iri', 'lit', or undefined (fixed: its value is part of the key). */
    readonly kinds: readonly ('iri' | 'lit' | undefined)[],
  ) {}

  /** Canonical N-Quads (RDFC-1.0) for these slot values, or undefined when the caller must take the generic path. */
  render(values: readonly string[]): string | undefined {
    const esc: string[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const kind = this.kinds[i];
      if (kind === 'iri') {
        if (!ABSOLUTE_IRI.test(values[i]!)) return undefined;
        esc[i] = escapeIri(values[i]!);
      } else if (kind === 'lit') esc[i] = escapeLiteral(values[i]!);
    }
    // Each quad with its slots filled: text pieces around its blank-node references (filled[q][0], b, text…).
    const filled: (string | number)[][] = this.quads.map((q) => {
      const out: (string | number)[] = [''];
      for (const p of q.pieces) {
        if (typeof p === 'string') out[out.length - 1] += p;
        else if (p >= 0) out[out.length - 1] += esc[p]!;
        else out.push(-1 - p, '');
      }
      return out;
    });
    const once = this.finish(filled, false);
    return once === null ? (this.finish(filled, true) ?? undefined) : once;
  }

  /**
   * RDFC-1.0 over the filled quads when every first-degree hash is unique. A dataset is a set, and two slots
   * with one value can make two quads equal (jsonld merges such nodes): without `dedupe` a duplicate makes
   * this return null (then it is run again with `dedupe`); undefined means a shared hash (the N-degree
   * algorithm decides: the caller takes the generic path).
   */
  private finish(filled: readonly (string | number)[][], dedupe: boolean): string | undefined | null {
    const line = (f: readonly (string | number)[], label: (b: number) => string) => {
      let s = f[0] as string;
      for (let k = 1; k < f.length; k += 2) s += label(f[k] as number) + (f[k + 1] as string);
      return s;
    };
    let live: boolean[] | undefined;
    if (dedupe) {
      const seen = new Set<string>();
      live = filled.map((f) => {
        const l = line(f, (b) => `_:b${b}`);
        if (seen.has(l)) return false;
        seen.add(l);
        return true;
      });
    }
    const bnodeCount = this.quadsOf.length;
    const byHash = new Map<string, number>();
    for (let b = 0; b < bnodeCount; b++) {
      let h = dedupe ? undefined : this.constHash[b];
      if (h === undefined) {
        const lines: string[] = [];
        for (const qi of this.quadsOf[b]!) if (!live || live[qi]) lines.push(line(filled[qi]!, (x) => (x === b ? '_:a' : '_:z')));
        lines.sort();
        const md = createHash('sha256');
        for (const l of lines) md.update(l);
        h = md.digest('hex');
      }
      if (byHash.has(h)) return undefined;
      byHash.set(h, b);
    }
    const label: string[] = new Array(bnodeCount);
    [...byHash.keys()].sort().forEach((h, n) => (label[byHash.get(h)!] = `_:c14n${n}`));
    const out: string[] = [];
    for (let qi = 0; qi < filled.length; qi++) if (!live || live[qi]) out.push(line(filled[qi]!, (b) => label[b]!));
    out.sort();
    for (let k = 1; k < out.length; k++) if (out[k] === out[k - 1]) return dedupe ? undefined : null;
    return out.join('');
  }
}

export const TO_RDF_OPTIONS = { algorithm: 'RDFC-1.0', base: null, safe: true, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false } as const;

/** The sentinel for slot `i`: the value's IRI class (scheme), then a marker no real value contains. */
const sentinel = (value: string, nonce: string, i: number) => `${SCHEME.exec(value)?.[0] ?? ''}ls${nonce}x${i}y`;

/**
 * Compiles the template for `doc` (whose shapeOf values are `values`). Returns the template and the slots
 * it fixed (their values are then part of the template's key), or undefined if jsonld refuses the probe.
 */
export async function compileTemplate(doc: object, values: readonly string[], documentLoader: unknown): Promise<{ template: Template; fixed: number[] } | undefined> {
  const fixed = new Set<number>();
  for (let attempt = 0; attempt < 8; attempt++) {
    const nonce = randomBytes(6).toString('hex');
    if (values.some((v) => v.includes(nonce))) continue;
    const probeValues = values.map((v, i) => (fixed.has(i) ? v : sentinel(v, nonce, i)));
    let quads: Quad[];
    try {
      quads = (await jsonld.toRDF(substitute(doc, probeValues) as object, { ...TO_RDF_OPTIONS, documentLoader } as never)) as Quad[];
    } catch (error) {
      // Safe mode names the value it refused: a sentinel there (e.g. a vocabulary term replaced by a
      // non-term) means that string must keep its real value. Anything else is the document's own error.
      const text = JSON.stringify((error as { details?: unknown }).details ?? null) ?? '';
      const hits = [...text.matchAll(new RegExp(`ls${nonce}x(\\d+)y`, 'g'))].map((m) => Number(m[1]));
      if (hits.length === 0) return undefined;
      for (const i of hits) fixed.add(i);
      continue;
    }
    const index = new Map<string, number>();
    probeValues.forEach((v, i) => !fixed.has(i) && index.set(v, i));
    const kinds: ('iri' | 'lit' | undefined)[] = values.map(() => undefined);
    const marker = new RegExp(`ls${nonce}x(\\d+)y`, 'g');
    let changed = false;
    const see = (t: Term | undefined, kind: 'iri' | 'lit' | undefined) => {
      if (!t || !t.value.includes(`ls${nonce}x`)) return;
      const i = index.get(t.value);
      if (kind && i !== undefined && (kinds[i] === undefined || kinds[i] === kind)) {
        kinds[i] = kind;
        return;
      }
      // Not verbatim (expanded, or a predicate or datatype), or both an IRI and a literal: key on the value.
      for (const m of t.value.matchAll(marker)) fixed.add(Number(m[1]));
      if (i !== undefined) fixed.add(i);
      changed = true;
    };
    for (const q of quads) {
      see(q.subject, q.subject.termType === 'NamedNode' ? 'iri' : undefined);
      see(q.predicate, undefined);
      see(q.object, q.object.termType === 'NamedNode' ? 'iri' : q.object.termType === 'Literal' ? 'lit' : undefined);
      see(q.object.datatype as Term | undefined, undefined);
      see(q.graph, q.graph.termType === 'NamedNode' ? 'iri' : undefined);
    }
    // A slot that landed nowhere is fixed too: when in doubt, key on it.
    values.forEach((_, i) => { if (!fixed.has(i) && kinds[i] === undefined) { fixed.add(i); changed = true; } });
    if (changed) continue;
    return { template: build(quads, index, kinds), fixed: [...fixed].sort((a, b) => a - b) };
  }
  return undefined;
}

function build(quads: Quad[], index: Map<string, number>, kinds: ('iri' | 'lit' | undefined)[]): Template {
  const bnodeIds = new Map<string, number>();
  const bnode = (v: string) => {
    let n = bnodeIds.get(v);
    if (n === undefined) bnodeIds.set(v, (n = bnodeIds.size));
    return n;
  };
  const tquads: TQuad[] = quads.map((q) => {
    const pieces: Piece[] = [];
    const bnodes: number[] = [];
    const push = (p: Piece) => {
      const last = pieces.length - 1;
      if (typeof p === 'string' && typeof pieces[last] === 'string') pieces[last] += p;
      else pieces.push(p);
    };
    const node = (t: Term) => {
      if (t.termType === 'BlankNode') {
        const n = bnode(t.value.replace(/^_:/, ''));
        if (!bnodes.includes(n)) bnodes.push(n);
        push(-1 - n);
        push(''); // a string between two references
      } else {
        const i = kinds[index.get(t.value) ?? -1] === 'iri' ? index.get(t.value)! : -1;
        push('<');
        push(i >= 0 ? i : escapeIri(t.value));
        push('>');
      }
    };
    node(q.subject);
    push(` <${escapeIri(q.predicate.value)}> `);
    const o = q.object;
    if (o.termType === 'Literal') {
      const i = kinds[index.get(o.value) ?? -1] === 'lit' ? index.get(o.value)! : -1;
      push('"');
      push(i >= 0 ? i : escapeLiteral(o.value));
      const dt = o.datatype?.value ?? XSD_STRING;
      push(dt === RDF_LANGSTRING ? (o.language ? `"@${o.language}` : '"') : dt !== XSD_STRING ? `"^^<${escapeIri(dt)}>` : '"');
    } else node(o);
    if (q.graph.termType !== 'DefaultGraph') {
      push(' ');
      node(q.graph);
    }
    push(' .\n');
    return { pieces: pieces.filter((p) => p !== ''), bnodes };
  });
  const quadsOf: number[][] = Array.from({ length: bnodeIds.size }, () => []);
  tquads.forEach((q, qi) => q.bnodes.forEach((b) => quadsOf[b]!.push(qi)));
  // Blank nodes whose quads hold no slot hash the same on every render: hash them once now.
  const constHash = quadsOf.map((qs, b) => (qs.every((qi) => tquads[qi]!.pieces.every((p) => typeof p === 'string' || p < 0)) ? firstDegreeHash(tquads, qs, b) : undefined));
  return new Template(tquads, quadsOf, constHash, kinds);
}

function firstDegreeHash(tquads: readonly TQuad[], qs: readonly number[], b: number): string {
  const lines = qs.map((qi) => tquads[qi]!.pieces.map((p) => (typeof p === 'string' ? p : -1 - p === b ? '_:a' : '_:z')).join(''));
  lines.sort();
  const md = createHash('sha256');
  for (const l of lines) md.update(l);
  return md.digest('hex');
}

interface Family {
  /** Slots fixed by compilation: their values select the template. */
  fixed: number[];
  templates: Map<string, Template | null>;
}

/**
 * Templates by shape, bounded (least recently used out). `compileAfter`: how many sightings of a shape
 * before it is compiled (1 for signing: every shape repeats; 2 for verification, so one-off shapes sent
 * from outside never cost a compile). A shape jsonld refuses is remembered as generic-only (null).
 */
export class TemplateCache {
  private readonly families = new Map<string, Family | number>();
  readonly stats = { hits: 0, compiles: 0, fallbacks: 0 };
  constructor(private readonly opts: { max?: number; compileAfter?: number } = {}) {}

  /** Canonical N-Quads of `doc` through its template, or undefined (generic path). */
  async canonize(doc: object, documentLoader: unknown): Promise<string | undefined> {
    const shape = shapeOf(doc);
    if (!shape) return this.miss();
    let family = this.families.get(shape.key);
    if (family === undefined || typeof family === 'number') {
      const seen = (family ?? 0) + 1;
      if (seen < (this.opts.compileAfter ?? 1)) {
        this.remember(shape.key, seen);
        return this.miss();
      }
      const compiled = await compileTemplate(doc, shape.values, documentLoader);
      this.stats.compiles++;
      family = { fixed: compiled?.fixed ?? [], templates: new Map() };
      if (compiled) family.templates.set(fixedKey(family.fixed, shape.values), compiled.template);
      else family.templates.set(fixedKey(family.fixed, shape.values), null);
      this.remember(shape.key, family);
    } else this.remember(shape.key, family);
    const fk = fixedKey(family.fixed, shape.values);
    let template = family.templates.get(fk);
    if (template === undefined) {
      const compiled = await compileTemplate(doc, shape.values, documentLoader);
      this.stats.compiles++;
      // A different set of fixed slots for other values of the same shape: not worth a second family.
      template = compiled && sameSlots(compiled.fixed, family.fixed) ? compiled.template : null;
      if (family.templates.size >= 16) family.templates.delete(family.templates.keys().next().value!);
      family.templates.set(fk, template);
    }
    const out = template?.render(shape.values);
    if (out === undefined) return this.miss();
    this.stats.hits++;
    return out;
  }

  private miss(): undefined {
    this.stats.fallbacks++;
    return undefined;
  }

  private remember(key: string, v: Family | number): void {
    this.families.delete(key);
    this.families.set(key, v);
    if (this.families.size > (this.opts.max ?? 64)) this.families.delete(this.families.keys().next().value!);
  }
}

const fixedKey = (fixed: readonly number[], values: readonly string[]) => (fixed.length ? JSON.stringify(fixed.map((i) => values[i])) : '');
const sameSlots = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
