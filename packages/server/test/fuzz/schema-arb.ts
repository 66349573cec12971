// JSON Schema (the TypeBox subset Laurel's routes use) → fast-check arbitraries: valid-shaped values,
// malformed variants of them (wrong types, missing required, extra properties) and hostile ones.
import fc from 'fast-check';
import { DATE_STRINGS, EMAIL_STRINGS, URL_STRINGS, hostileString, hostileValue, withKey } from './hostile.ts';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
  [k: string]: unknown;
}

/** Real values the generators mix in by field name: ids and slugs from the seed, so requests get past lookups. */
export interface Pools {
  /** Values for a field or parameter name (e.g. `badge_class_id`, `institution`, `slug`). */
  forName(name: string): readonly string[];
}

function clampLen(s: string, min = 0, max = Infinity): boolean {
  return s.length >= min && s.length <= max;
}

/** Plausible strings for a field, by its name and format, within the schema's length bounds. */
function stringArb(s: JsonSchema, name: string, pools: Pools): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, 60);
  const fits = (xs: readonly string[]) => xs.filter((x) => clampLen(x, s.minLength ?? 0, s.maxLength ?? Infinity));
  const options: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [];
  const real = fits(pools.forName(name));
  if (real.length) options.push({ weight: 6, arbitrary: fc.constantFrom(...real) });
  const lname = name.toLowerCase();
  if (s.format === 'email' || lname.includes('email')) {
    options.push({ weight: 4, arbitrary: fc.emailAddress().filter((e) => clampLen(e, min, s.maxLength)) });
    const odd = fits(EMAIL_STRINGS);
    if (odd.length) options.push({ weight: 1, arbitrary: fc.constantFrom(...odd) });
  }
  if (s.format === 'uri' || /url|website|href|^id$/.test(lname)) {
    options.push({ weight: 3, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((u) => clampLen(u, min, s.maxLength)) });
    const odd = fits(URL_STRINGS);
    if (odd.length) options.push({ weight: 3, arbitrary: fc.constantFrom(...odd) });
  }
  if (s.format === 'date' || s.format === 'date-time' || /_at$|date/.test(lname)) {
    options.push({ weight: 3, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => (Math.random() < 0.5 ? d.toISOString() : d.toISOString().slice(0, 10))) });
    options.push({ weight: 1, arbitrary: fc.constantFrom(...DATE_STRINGS) });
  }
  if (s.format === 'uuid') options.push({ weight: 3, arbitrary: fc.uuid() });
  // Patterns: no regex-to-string generator; fall back to constants that often match common ones.
  if (s.pattern) options.push({ weight: 2, arbitrary: fc.constantFrom('a', 'abc', 'abc-123', '2024-01-01', 'A1', '0') });
  options.push({ weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, max) }) });
  options.push({ weight: 1, arbitrary: hostileString.filter((x) => clampLen(x, min, s.maxLength ?? Infinity)) });
  return fc.oneof(...options);
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined);
  const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : undefined);
  if (integer) return fc.integer({ min: lo ?? -1_000_000, max: hi ?? 1_000_000 });
  return fc.oneof(
    fc.double({ min: lo ?? -1e6, max: hi ?? 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
    fc.integer({ min: Math.ceil(lo ?? -1000), max: Math.floor(hi ?? 1000) }),
  );
}

/** A value of the schema's shape ("valid-shaped": the schema accepts it; the use case may still refuse it). */
export function validArb(s: JsonSchema, pools: Pools, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => validArb(a, pools, name, depth)));
  if (s.allOf) return validArb(Object.assign({}, ...s.allOf), pools, name, depth);
  if (s.nullable) return fc.oneof(fc.constant(null), validArb({ ...s, nullable: false }, pools, name, depth));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => validArb({ ...s, type: t }, pools, name, depth)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'string':
      return stringArb(s, name, pools);
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.min(s.maxItems ?? 4, Math.max(min, depth > 2 ? 1 : 4));
      return fc.array(validArb(s.items ?? {}, pools, name, depth + 1), { minLength: min, maxLength: Math.max(min, max) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      if (keys.length === 0) return depth > 2 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      const model = Object.fromEntries(keys.map((k) => [k, validArb(props[k]!, pools, k, depth + 1)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      // No type (e.g. `credential: {}`): any JSON.
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Paths to the object-valued places inside a value (the root included) and their schemas. */
function objectPlaces(v: unknown, s: JsonSchema, path: (string | number)[] = []): { path: (string | number)[]; schema: JsonSchema }[] {
  const out: { path: (string | number)[]; schema: JsonSchema }[] = [];
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const props = s.properties ?? (s.anyOf ?? s.oneOf ?? []).find((a) => a.properties && Object.keys(a.properties).every((k) => k in (v as object) || !(a.required ?? []).includes(k)))?.properties ?? {};
    out.push({ path, schema: s.properties ? s : { properties: props } });
    for (const [k, x] of Object.entries(v)) out.push(...objectPlaces(x, props[k] ?? {}, [...path, k]));
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => out.push(...objectPlaces(x, s.items ?? {}, [...path, i])));
  }
  return out;
}

function getAt(v: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((cur, k) => (cur as Record<string | number, unknown>)?.[k], v);
}

function setAt(v: unknown, path: (string | number)[], fn: (old: unknown) => unknown): unknown {
  if (path.length === 0) return fn(v);
  const [k, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === k ? setAt(x, rest, fn) : x));
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) Object.defineProperty(out, key, { value: key === k ? setAt(o[key], rest, fn) : o[key], enumerable: true, writable: true, configurable: true });
  return out;
}

export type Mutation =
  | { kind: 'replace-root'; value: unknown }
  | { kind: 'drop-key'; pick: number }
  | { kind: 'extra-key'; pick: number; key: string; value: unknown }
  | { kind: 'wrong-value'; pick: number; value: unknown };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace-root' as const), value: fc.oneof(fc.constantFrom<unknown>(null, [], 'body', 42, true, [{}]), hostileValue) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop-key' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra-key' as const),
      pick: fc.nat(),
      key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'admin', 'role', 'status', 'organization_id', ''), fc.string({ maxLength: 10 })),
      value: hostileValue,
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('wrong-value' as const), pick: fc.nat(), value: hostileValue }) },
);

/** Applies a mutation to a valid-shaped value: the result is usually one the schema (or the use case) must refuse. */
export function mutate(v: unknown, s: JsonSchema, m: Mutation): unknown {
  if (m.kind === 'replace-root') return m.value;
  const places = objectPlaces(v, s);
  if (places.length === 0) return m.kind === 'wrong-value' ? m.value : v;
  const place = places[m.pick % places.length]!;
  const obj = getAt(v, place.path) as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (m.kind === 'drop-key') {
    if (keys.length === 0) return v;
    const drop = keys[m.pick % keys.length]!;
    return setAt(v, place.path, (o) => Object.fromEntries(Object.entries(o as object).filter(([k]) => k !== drop)));
  }
  if (m.kind === 'extra-key') return setAt(v, place.path, (o) => withKey(o as Record<string, unknown>, m.key, m.value));
  // wrong-value: replace an existing field (or a declared but absent one) with a hostile value.
  const candidates = [...new Set([...keys, ...Object.keys(place.schema.properties ?? {})])];
  if (candidates.length === 0) return setAt(v, place.path, () => m.value);
  const k = candidates[m.pick % candidates.length]!;
  return setAt(v, place.path, (o) => withKey(Object.fromEntries(Object.entries(o as object).filter(([x]) => x !== k)), k, m.value));
}
