// The CLR 2.0 ClrCredential JSON Schema (draft-04, from 1EdTech's validator). That schema was written for
// VC 1.1: it requires `issuanceDate` on the CLR and on every embedded credential, while Laurel's CLR and
// every OB 3.0 badge are VC 2.0 (`validFrom`) — and an embedded badge's bytes cannot change. So, as the
// OB 3.0 check reads a VC 1.1 badge through its VC 2.0 names (verify/checks/schema.ts), the CLR schema is
// checked on the document's VC 1.1 names: validFrom → issuanceDate, validUntil → expirationDate, on the
// CLR and on each credential inside it. The same schema closes CredentialStatus to `id` and `type` (the
// VC 1.1-era 1EdTechRevocationList shape), so a VC 2.0 BitstringStatusListEntry is checked there as its
// `id` and `type` only; its list, index and purpose are what the verifier's `status` check reads. Nothing
// else is renamed or dropped.
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import clrSchema from './schema/clrcredential.schema.draft4.json' with { type: 'json' };

export interface ClrSchemaResult {
  valid: boolean;
  /** True when it passed only after single values were put in arrays (compacted form). */
  compacted: boolean;
  errors: string[];
}

// Both are CommonJS with a default export; under NodeNext the callable sits on `.default`.
type AjvLike = { compile(schema: object): ValidateFunction };
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as new (opts: object) => AjvLike;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => void;

let compiled: ValidateFunction | undefined;

/** Compiled once, lazily: a pure function of bundled data, like the OB 3.0 validators (schema.ts). */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  compiled = ajv.compile(clrSchema as object);
  return compiled;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** A BitstringStatusListEntry as the VC 1.1-era schema's closed CredentialStatus can read it. */
function statusView(entry: unknown): unknown {
  if (!isObj(entry) || entry.type !== 'BitstringStatusListEntry') return entry;
  return { id: entry.id, type: entry.type };
}

function isCredential(v: Obj): boolean {
  const t = v.type;
  return '@context' in v && (t === 'VerifiableCredential' || (Array.isArray(t) && t.includes('VerifiableCredential')));
}

/** A credential object with its VC 2.0 date members under their VC 1.1 names, the rest as is (recursively). */
export function asVc11Names(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asVc11Names);
  if (!isObj(value)) return value;
  const out: Obj = {};
  const credential = isCredential(value);
  for (const [k, v] of Object.entries(value)) {
    if (credential && k === 'validFrom' && value.issuanceDate === undefined) out.issuanceDate = v;
    else if (credential && k === 'validUntil' && value.expirationDate === undefined) out.expirationDate = v;
    else if (credential && k === 'credentialStatus') out[k] = Array.isArray(v) ? v.map(statusView) : statusView(v);
    else out[k] = k === '@context' ? v : asVc11Names(v);
  }
  return out;
}

/** Members the CLR schema wants as arrays that a compacted document may carry as one value. */
const ARRAY_MEMBERS = new Set(['verifiableCredential', 'achievement', 'association', 'identifier', 'credentialSchema', 'endorsement', 'alignment']);

function expandArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandArrays);
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '@context') out[k] = v;
    else if (ARRAY_MEMBERS.has(k) && isObj(v)) out[k] = [expandArrays(v)];
    else out[k] = expandArrays(v);
  }
  return out;
}

function formatErrors(fn: ValidateFunction): string[] {
  return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Validates a ClrCredential against the CLR 2.0 schema (on its VC 1.1 names; see the top of this file). */
export function validateClrSchema(doc: unknown, options: { tolerateCompacted?: boolean } = {}): ClrSchemaResult {
  const fn = validator();
  const view = asVc11Names(doc);
  if (fn(view)) return { valid: true, compacted: false, errors: [] };
  const errors = formatErrors(fn);
  if ((options.tolerateCompacted ?? true) && fn(expandArrays(view))) return { valid: true, compacted: true, errors };
  return { valid: false, compacted: false, errors };
}
