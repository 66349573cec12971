import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import achievementCredentialSchema from './schema/achievementcredential.json' with { type: 'json' };
import endorsementCredentialSchema from './schema/endorsementcredential.json' with { type: 'json' };
import profileSchema from './schema/profile.json' with { type: 'json' };

export type SchemaName = 'AchievementCredential' | 'EndorsementCredential' | 'Profile';

export interface SchemaResult {
  valid: boolean;
  schema: SchemaName;
  /** True when the document only passed after expanding OB 3.0's compacted single values to arrays. */
  compacted: boolean;
  errors: string[];
}

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2019) => void;

let compiled: Map<SchemaName, ValidateFunction> | undefined;

/**
 * Compiling the three schemas takes tens of milliseconds, so it happens once, lazily. The compiled
 * validators are pure functions of bundled data (no keys, no I/O), which is why a module-level
 * cache is acceptable here.
 */
function validators(): Map<SchemaName, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  compiled = new Map<SchemaName, ValidateFunction>([
    ['AchievementCredential', ajv.compile(achievementCredentialSchema)],
    ['EndorsementCredential', ajv.compile(endorsementCredentialSchema)],
    ['Profile', ajv.compile(profileSchema)],
  ]);
  return compiled;
}

/** Classes whose `type` the canonical schema wants as a plain string, never an array. */
const STRING_TYPED = new Set(['IdentityObject', 'Image', 'IdentifierEntry', 'GeoCoordinates']);
/** Members whose objects' `type` is a plain string in the canonical schema. */
const STRING_TYPED_MEMBERS = new Set(['credentialStatus', 'proof', 'credentialSchema', 'termsOfUse', 'refreshService']);
/** Members OB 3.0 §Serialization lets a compacted document carry as a single value. */
const COMPACTABLE_ARRAYS = new Set(['proof', 'credentialSchema', 'termsOfUse']);

/**
 * Expands OB 3.0 "compacted document form" (single `type`, `proof`, `credentialSchema`,
 * `termsOfUse` values) into the canonical arrays the JSON Schema checks, like the 1EdTech
 * validator's compaction-tolerant pass.
 */
export function expandCompactedForm(value: unknown, member?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => expandCompactedForm(v, member));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'type' && typeof v === 'string' && !STRING_TYPED.has(v) && !STRING_TYPED_MEMBERS.has(member ?? '')) {
      out[k] = [v];
    } else if (COMPACTABLE_ARRAYS.has(k) && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = [expandCompactedForm(v, k)];
    } else if (k === '@context') {
      out[k] = v;
    } else {
      out[k] = expandCompactedForm(v, k);
    }
  }
  return out;
}

function typesOf(doc: unknown): string[] {
  if (doc === null || typeof doc !== 'object') return [];
  const t = (doc as { type?: unknown }).type;
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

/** Which OB 3.0 schema applies to a document, from its `type`; undefined when none does. */
export function schemaFor(doc: unknown): SchemaName | undefined {
  const types = typesOf(doc);
  if (types.includes('EndorsementCredential')) return 'EndorsementCredential';
  if (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')) return 'AchievementCredential';
  if (types.includes('Profile')) return 'Profile';
  return undefined;
}

function formatErrors(fn: ValidateFunction): string[] {
  return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/**
 * Validates against the official OB 3.0 JSON Schema (draft 2019-09). Strict mode (`tolerateCompacted:
 * false`) is what our emitter is held to; verification tolerates the compacted form.
 */
export function validateOb3Schema(doc: unknown, options: { schema?: SchemaName; tolerateCompacted?: boolean } = {}): SchemaResult {
  const schema = options.schema ?? schemaFor(doc);
  if (!schema) {
    return { valid: false, schema: 'AchievementCredential', compacted: false, errors: ['/type names no OB 3.0 credential class'] };
  }
  const fn = validators().get(schema)!;
  if (fn(doc)) return { valid: true, schema, compacted: false, errors: [] };
  const strictErrors = formatErrors(fn);
  if (options.tolerateCompacted ?? true) {
    if (fn(expandCompactedForm(doc))) return { valid: true, schema, compacted: true, errors: strictErrors };
  }
  return { valid: false, schema, compacted: false, errors: formatErrors(fn).length ? formatErrors(fn) : strictErrors };
}

export class SchemaValidationError extends Error {
  readonly code = 'SCHEMA_INVALID';
  constructor(readonly result: SchemaResult) {
    super(`Credential does not match the OB 3.0 ${result.schema} schema: ${result.errors.slice(0, 5).join('; ')}`);
    this.name = 'SchemaValidationError';
  }
}

/** Throws SchemaValidationError unless `doc` passes the canonical (non-compacted) schema. */
export function assertCanonicalSchema(doc: unknown): void {
  const result = validateOb3Schema(doc, { tolerateCompacted: false });
  if (!result.valid) throw new SchemaValidationError(result);
}
