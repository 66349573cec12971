// RDFC-1.0 canonicalisation for eddsa-rdfc-2022 with the parts that repeat across a batch reused.
//
// Nearly all the cost of signing a credential is JSON-LD expansion into RDF (jsonld.toRDF), not the
// canonicalisation itself (~5%). A batch of awards shares its issuer Profile and its Achievement (with
// any embedded endorsements) and differs only in the recipient, id, dates and status entry. Both parts
// are node objects with an `id`, so their quads do not depend on where they sit in the credential: the
// credential's dataset is the union of the quads of the credential with each part replaced by a
// reference `{ id }` and the quads of each part expanded on its own under the credential's context
// (the OB 3.0 and VC 2.0 type-scoped contexts do not propagate into nested nodes, so a part sees the
// same active context either way). Blank nodes of each part are relabelled apart before the union, and
// RDFC-1.0 relabels them canonically, so the N-Quads are byte-identical to a full canonicalisation —
// tests check this on many shapes, and every signature made this way verifies with the plain library.
//
// The proof configuration (type, cryptosuite, created, verificationMethod, proofPurpose, @context)
// repeats exactly within a second, so its canonical form is kept too.
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { isBundledContext } from '../contexts/index.ts';
import { TemplateCache } from './template.ts';

type Obj = { [key: string]: unknown };

interface Term {
  termType: string;
  value: string;
  datatype?: Term;
  language?: string;
}
interface Quad {
  subject: Term;
  predicate: Term;
  object: Term;
  graph: Term;
}

/** A small insertion-ordered LRU. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

export interface CanonicalCacheStats {
  partHits: number;
  partMisses: number;
  wholeHits: number;
}

/**
 * Keeps the RDF of repeated parts (issuer, achievement) and the canonical form of repeated proof
 * configurations. Holds public data only; keys are the exact JSON of what was expanded, so a changed
 * achievement is simply a new entry. One per thread (or per loader), bounded.
 */
export class CanonicalCache {
  private readonly parts: Lru<Quad[]>;
  private readonly wholes: Lru<string>;
  /** Per-shape templates (template.ts): tried first; the paths below are the fallback. */
  readonly templates: TemplateCache;
  readonly stats: CanonicalCacheStats = { partHits: 0, partMisses: 0, wholeHits: 0 };

  private readonly useTemplates: boolean;

  /** `templates: false` turns the per-shape templates off (the benches' reference for the generic path). */
  constructor(opts: { parts?: number; wholes?: number; templates?: number | false; compileAfter?: number } = {}) {
    this.useTemplates = opts.templates !== false;
    this.parts = new Lru(opts.parts ?? 32);
    this.wholes = new Lru(opts.wholes ?? 16);
    this.templates = new TemplateCache({ max: opts.templates || 64, compileAfter: opts.compileAfter ?? 1 });
  }

  /**
   * Canonical N-Quads through a per-shape template only (undefined: not covered — take the generic path).
   * `options` are the canonize options the Data Integrity suites pass; anything else is not covered.
   */
  async canonizeByTemplate(document: object, options: object): Promise<string | undefined> {
    const o = options as Obj;
    if (!this.useTemplates) return undefined;
    for (const k of Object.keys(o)) {
      const v = o[k];
      const ok = k === 'documentLoader' || (k === 'base' && v === null) || (k === 'safe' && v === true) || (k === 'skipExpansion' && !v);
      if (!ok) return undefined;
    }
    // A proof configuration repeats verbatim within a second (only `created` changes): keep its N-Quads.
    const config = isProofConfig(document as Obj) ? JSON.stringify(document) : undefined;
    const hit = config === undefined ? undefined : this.wholes.get(config);
    if (hit !== undefined) return hit;
    const out = await this.templates.canonize(document, o.documentLoader);
    if (config !== undefined && out !== undefined) this.wholes.set(config, out);
    return out;
  }

  /** Canonical N-Quads of `input`, as eddsa-rdfc-2022's `canonize` would return them. */
  async canonize(document: object, options: object): Promise<string> {
    const input = document as Obj;
    const toRdfOpts = { algorithm: 'RDFC-1.0', base: null, safe: true, rdfDirection: 'i18n-datatype', ...options, produceGeneralizedRdf: false };
    delete (toRdfOpts as Obj).format;
    const canonOpts = { algorithm: 'RDFC-1.0', base: null, safe: true, ...options, format: 'application/n-quads' };

    // A proof configuration: no credential subject, small, repeated verbatim within a second.
    if (isProofConfig(input) && onlyBundledContexts(input)) {
      const key = JSON.stringify(input);
      const hit = this.wholes.get(key);
      if (hit !== undefined) {
        this.stats.wholeHits++;
        return hit;
      }
      const out = (await rdfCanonize.canonize(await jsonld.toRDF(input, toRdfOpts), canonOpts)) as string;
      this.wholes.set(key, out);
      return out;
    }

    const templated = await this.canonizeByTemplate(input, options);
    if (templated !== undefined) return templated;
    const split = splitParts(input);
    if (!split) return (await rdfCanonize.canonize(await jsonld.toRDF(input, toRdfOpts), canonOpts)) as string;
    const quads: Quad[] = (await jsonld.toRDF(split.rest, toRdfOpts)) as Quad[];
    const context = input['@context'];
    for (let i = 0; i < split.parts.length; i++) {
      const part = split.parts[i]!;
      const key = JSON.stringify([context, part]);
      let partQuads = this.parts.get(key);
      if (partQuads) this.stats.partHits++;
      else {
        this.stats.partMisses++;
        partQuads = relabel((await jsonld.toRDF({ '@context': context, ...part }, toRdfOpts)) as Quad[], `p${i}x`);
        this.parts.set(key, partQuads);
      }
      for (const q of partQuads) quads.push(q);
    }
    return (await rdfCanonize.canonize(dedupe(quads), canonOpts)) as string;
  }

  /** An eddsa-rdfc-2022 cryptosuite whose `canonize` goes through this cache. */
  cryptosuite(): typeof eddsaRdfc2022 {
    return { ...eddsaRdfc2022, canonize: (input: object, options: object) => this.canonize(input, options) };
  }
}

function isProofConfig(input: Obj): boolean {
  return typeof input.cryptosuite === 'string' && input.credentialSubject === undefined && input.proof === undefined;
}

const isNode = (v: unknown): v is Obj & { id: string } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Obj).id === 'string' && (v as Obj)['@context'] === undefined && Object.keys(v as Obj).length > 1 && onlyBundledContexts(v);

/**
 * True when every `@context` nested in `v` (an embedded endorsement has its own) names bundled contexts
 * only: then the part's RDF cannot depend on what a particular document loader resolves, and sharing it
 * between calls — and between verifications with different loaders — is safe.
 */
function onlyBundledContexts(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(onlyBundledContexts);
  if (v === null || typeof v !== 'object') return true;
  for (const [k, x] of Object.entries(v as Obj)) {
    if (k === '@context') {
      const list = Array.isArray(x) ? x : [x];
      if (!list.every((c) => typeof c === 'string' && isBundledContext(c))) return false;
    } else if (!onlyBundledContexts(x)) return false;
  }
  return true;
}

/**
 * The credential with its issuer and its subject's achievement replaced by references, and those parts.
 * Only object-valued, id-carrying parts without their own `@context` are split off; anything else is
 * left in place (and canonicalised in full).
 */
function splitParts(input: Obj): { rest: Obj; parts: Obj[] } | null {
  if (input['@context'] === undefined || input['@id'] !== undefined || input['@graph'] !== undefined) return null;
  // The parts are expanded under the document's context: it too must be bundled contexts only, or the
  // parts' RDF could depend on what this call's loader resolves.
  if (!onlyBundledContexts({ '@context': input['@context'] })) return null;
  const parts: Obj[] = [];
  let rest = input;
  if (isNode(input.issuer)) {
    parts.push(input.issuer);
    rest = { ...rest, issuer: { id: input.issuer.id } };
  }
  const subject = input.credentialSubject;
  if (subject && typeof subject === 'object' && !Array.isArray(subject) && isNode((subject as Obj).achievement)) {
    const achievement = (subject as Obj).achievement as Obj & { id: string };
    parts.push(achievement);
    rest = { ...rest, credentialSubject: { ...(subject as Obj), achievement: { id: achievement.id } } };
  }
  return parts.length ? { rest, parts } : null;
}

function relabel(quads: Quad[], prefix: string): Quad[] {
  const term = (t: Term): Term => (t.termType === 'BlankNode' ? { termType: 'BlankNode', value: `_:${prefix}${t.value.replace(/^_:/, '')}` } : t);
  return quads.map((q) => ({ subject: term(q.subject), predicate: q.predicate, object: term(q.object), graph: term(q.graph) }));
}

function termKey(t: Term): string {
  return `${t.termType}\u0000${t.value}\u0000${t.datatype?.value ?? ''}\u0000${t.language ?? ''}`;
}

/** An RDF dataset is a set: a quad stated both in the credential and in a part counts once. */
function dedupe(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const k = `${termKey(q.subject)}\u0001${termKey(q.predicate)}\u0001${termKey(q.object)}\u0001${termKey(q.graph)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(q);
  }
  return out;
}
