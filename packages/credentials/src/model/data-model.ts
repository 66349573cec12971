// The W3C VC Data Model 2.0 (Recommendation, 2025-05-15) MUSTs an issuer can check on the JSON of an
// unsigned credential, as data: each violation names its rule, the spec section and the RFC 6901 JSON
// pointer of the offending member. Issuers refuse to sign on any violation; the list of rules is
// documented in the server's docs/CREDENTIALS.md. JSON-LD checks (terms defined by a context) are left to
// jsonld.js safe mode during signing; the OB 3.0 schema to schema.ts.
//
// Hand-written rather than taken from @digitalbazaar/vc: its checks are private (`_checkCredential`),
// throw one message without a pointer, and accept dates without a time zone (VC 2.0 wants
// xsd:dateTimeStamp).
import { VC_V2_CONTEXT } from '../contexts/index.ts';

export interface DataModelRule {
  /** Stable id, returned as `rule` in problem documents. */
  readonly id: string;
  /** Section of https://www.w3.org/TR/vc-data-model-2.0/ */
  readonly section: string;
  /** The normative statement, abridged. */
  readonly must: string;
}

export interface DataModelViolation {
  readonly rule: string;
  readonly section: string;
  /** RFC 6901 JSON pointer into the credential ('' is the credential itself). */
  readonly pointer: string;
  readonly message: string;
}

const R = (id: string, section: string, must: string): DataModelRule => ({ id, section, must });

/** Every rule `checkDataModel` enforces, in the order it checks them. */
export const DATA_MODEL_RULES = [
  R('context-first', '4.3 Contexts', 'The value of @context MUST be an ordered set whose first item is https://www.w3.org/ns/credentials/v2.'),
  R('context-items', '4.3 Contexts', 'Subsequent @context items MUST be URLs or objects (JSON-LD contexts).'),
  R('id-url', '4.4 Identifiers', 'If present, the value of an id property MUST be a single URL.'),
  R('type-present', '4.5 Types', 'A verifiable credential MUST contain a type property.'),
  R('type-values', '4.5 Types', 'The value of type MUST be one or more terms and/or absolute URL strings.'),
  R('type-vc', '4.5 Types', 'One of the credential\u2019s types MUST be VerifiableCredential.'),
  R('name-description', '4.6 Names and Descriptions', 'If present, name and description (of the credential, and of an issuer object) MUST be a string or a language value object (or a list of them).'),
  R('issuer-present', '4.7 Issuer', 'A verifiable credential MUST have an issuer property.'),
  R('issuer-url', '4.7 Issuer', 'The value of issuer MUST be a URL or an object whose id is a URL.'),
  R('subject-present', '4.8 Credential Subject', 'A verifiable credential MUST contain a credentialSubject property.'),
  R('subject-claims', '4.8 Credential Subject', 'Each credentialSubject MUST be an object that is the subject of one or more claims.'),
  R('valid-from-datetime', '4.9 Validity Period', 'If present, validFrom MUST be an XML Schema dateTimeStamp string.'),
  R('valid-until-datetime', '4.9 Validity Period', 'If present, validUntil MUST be an XML Schema dateTimeStamp string.'),
  R('validity-order', '4.9 Validity Period', 'validFrom MUST be the same as or earlier than validUntil.'),
  R('status-type', '4.10 Status', 'Each credentialStatus entry MUST be an object that specifies its type.'),
  R('schema-type', '4.11 Data Schemas', 'Each credentialSchema MUST be an object that specifies its type.'),
  R('schema-id', '4.11 Data Schemas', 'Each credentialSchema MUST have an id that is a URL identifying the schema.'),
  R('related-resource-id', '5.3 Integrity of Related Resources', 'Each relatedResource MUST be an object with an id (a URL) identifying the resource.'),
  R('related-resource-unique', '5.3 Integrity of Related Resources', 'The id of each relatedResource MUST be unique among the related resources.'),
  R('related-resource-digest', '5.3 Integrity of Related Resources', 'Each relatedResource MUST contain at least a digestSRI or a digestMultibase value.'),
  R('refresh-type', '5.4 Refreshing', 'Each refreshService MUST be an object that specifies its type.'),
  R('terms-type', '5.5 Terms of Use', 'Each termsOfUse MUST be an object that specifies its type.'),
  R('evidence-type', '5.6 Evidence', 'Each evidence MUST be an object that specifies its type.'),
  R('reserved-type', '5.10 Reserved Extension Points', 'The values of the reserved confidenceMethod and renderMethod MUST specify a type.'),
] as const satisfies readonly DataModelRule[];

export type DataModelRuleId = (typeof DATA_MODEL_RULES)[number]['id'];

const SECTIONS = new Map<string, string>(DATA_MODEL_RULES.map((r) => [r.id, r.section]));

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function jsonPointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function isUrl(v: unknown): v is string {
  return typeof v === 'string' && URL.canParse(v);
}

// xsd:dateTimeStamp = xsd:dateTime with a mandatory time zone (XML Schema 1.1 Part 2 §3.4.28).
const DATE_TIME_STAMP = /^(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(?:([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?|(24):00:00(?:\.0+)?)(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Milliseconds since the epoch for a dateTimeStamp, or undefined when it is not one. */
export function parseDateTimeStamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_TIME_STAMP.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, h24, tz] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // The day-of-month constraint of XML Schema's dateTime (§3.3.7.2): no 31 April, no 29 February 2023.
  if (day > daysInMonth(year, month)) return undefined;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  // setUTCFullYear, not Date.UTC: the latter reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(h24 ? 24 : Number(h), h24 ? 0 : Number(mi), h24 ? 0 : Number(s), ms);
  // Beyond ECMAScript's ±275,760 years the lexical form is still valid: order it past every real date.
  const at = Number.isNaN(date.getTime()) ? Math.sign(year) * Number.MAX_SAFE_INTEGER : date.getTime();
  const offset = tz === 'Z' ? 0 : (tz!.startsWith('-') ? -1 : 1) * (Number(tz!.slice(1, 3)) * 60 + Number(tz!.slice(4, 6)));
  return at - offset * 60_000;
}

function asList(v: unknown): { value: unknown; pointer: (name: string) => string }[] {
  return Array.isArray(v) ? v.map((value, i) => ({ value, pointer: (name: string) => jsonPointer(name, i) })) : [{ value: v, pointer: (name: string) => jsonPointer(name) }];
}

function isLanguageValue(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (!isObj(v) || typeof v['@value'] !== 'string') return false;
  return Object.entries(v).every(([k, x]) => (k === '@value' || k === '@language' || k === '@direction') && typeof x === 'string');
}

class Collector {
  readonly out: DataModelViolation[] = [];
  add(rule: DataModelRuleId, pointer: string, message: string): void {
    this.out.push({ rule, section: SECTIONS.get(rule)!, pointer, message });
  }
}

function checkContext(c: Obj, v: Collector): void {
  const ctx = c['@context'];
  const list = Array.isArray(ctx) ? ctx : ctx === undefined ? [] : [ctx];
  if (list[0] !== VC_V2_CONTEXT) {
    v.add('context-first', Array.isArray(ctx) && ctx.length ? jsonPointer('@context', 0) : jsonPointer('@context'), `@context must start with "${VC_V2_CONTEXT}".`);
  }
  list.forEach((item, i) => {
    if (i > 0 && !isUrl(item) && !isObj(item)) v.add('context-items', jsonPointer('@context', i), '@context items after the first must be URLs or context objects.');
  });
}

/** §4.6 on the credential and, as the spec's example and the W3C test suite do, on an issuer object. */
function checkNames(o: Obj, at: readonly string[], v: Collector): void {
  for (const name of ['name', 'description']) {
    const value = o[name];
    if (value !== undefined && !(Array.isArray(value) ? value.length > 0 && value.every(isLanguageValue) : isLanguageValue(value))) {
      v.add('name-description', jsonPointer(...at, name), `${[...at, name].join('.')} must be a string or a language value object ({ "@value", "@language"?, "@direction"? }).`);
    }
  }
}

function checkTypes(c: Obj, v: Collector): void {
  if (c.type === undefined) return v.add('type-present', jsonPointer('type'), 'type is missing.');
  const types = Array.isArray(c.type) ? c.type : [c.type];
  types.forEach((t, i) => {
    if (typeof t !== 'string' || t.trim() === '') v.add('type-values', Array.isArray(c.type) ? jsonPointer('type', i) : jsonPointer('type'), 'Each type must be a non-empty string (a term or a URL).');
  });
  if (!types.includes('VerifiableCredential')) v.add('type-vc', jsonPointer('type'), 'type must include "VerifiableCredential".');
}

function checkIssuer(c: Obj, v: Collector): void {
  if (c.issuer === undefined) return v.add('issuer-present', jsonPointer('issuer'), 'issuer is missing.');
  if (typeof c.issuer === 'string') {
    if (!isUrl(c.issuer)) v.add('issuer-url', jsonPointer('issuer'), 'issuer must be a URL (for example a DID).');
  } else if (!isObj(c.issuer)) v.add('issuer-url', jsonPointer('issuer'), 'issuer must be a URL or an object with an id.');
  else if (!isUrl(c.issuer.id)) v.add('issuer-url', jsonPointer('issuer', 'id'), 'issuer.id must be a URL (for example a DID).');
}

function checkSubjects(c: Obj, v: Collector): void {
  if (c.credentialSubject === undefined) return v.add('subject-present', jsonPointer('credentialSubject'), 'credentialSubject is missing.');
  if (Array.isArray(c.credentialSubject) && c.credentialSubject.length === 0) return v.add('subject-claims', jsonPointer('credentialSubject'), 'credentialSubject is an empty list.');
  for (const { value, pointer } of asList(c.credentialSubject)) {
    const at = pointer('credentialSubject');
    if (!isObj(value)) v.add('subject-claims', at, 'Each credentialSubject must be an object.');
    // An object with only an id still says "this credential is about <id>": the W3C test suite issues
    // such credentials (credential-subject-single-id-ok); only an empty object makes no claim at all.
    else if (Object.keys(value).length === 0) v.add('subject-claims', at, 'credentialSubject is an empty object: it makes no claim.');
    else if (value.id !== undefined && !isUrl(value.id)) v.add('id-url', `${at}/id`, 'credentialSubject.id must be a URL.');
  }
}

function checkValidity(c: Obj, v: Collector): void {
  const from = c.validFrom === undefined ? undefined : parseDateTimeStamp(c.validFrom);
  const until = c.validUntil === undefined ? undefined : parseDateTimeStamp(c.validUntil);
  if (c.validFrom !== undefined && from === undefined) v.add('valid-from-datetime', jsonPointer('validFrom'), 'validFrom must be a date and time with a time zone, e.g. 2026-01-31T09:00:00Z.');
  if (c.validUntil !== undefined && until === undefined) v.add('valid-until-datetime', jsonPointer('validUntil'), 'validUntil must be a date and time with a time zone, e.g. 2027-01-31T09:00:00Z.');
  if (from !== undefined && until !== undefined && from > until) v.add('validity-order', jsonPointer('validUntil'), 'validUntil is earlier than validFrom.');
}

/** Members whose every entry must be an object with a `type` (and, for schemas, a URL id). */
const TYPED: readonly [name: string, rule: DataModelRuleId][] = [
  ['credentialStatus', 'status-type'],
  ['credentialSchema', 'schema-type'],
  ['refreshService', 'refresh-type'],
  ['termsOfUse', 'terms-type'],
  ['evidence', 'evidence-type'],
  ['confidenceMethod', 'reserved-type'],
  ['renderMethod', 'reserved-type'],
];

function checkTypedEntries(c: Obj, v: Collector): void {
  for (const [name, rule] of TYPED) {
    if (c[name] === undefined) continue;
    for (const { value, pointer } of asList(c[name])) {
      const at = pointer(name);
      if (!isObj(value)) {
        v.add(rule, at, `Each ${name} entry must be an object with a type.`);
        continue;
      }
      const t = value.type;
      if (t === undefined || (Array.isArray(t) ? t.length === 0 || t.some((x) => typeof x !== 'string' || !x) : typeof t !== 'string' || !t)) v.add(rule, `${at}/type`, `This ${name} entry has no type.`);
      if (name === 'credentialSchema' && !isUrl(value.id)) v.add('schema-id', `${at}/id`, 'credentialSchema.id must be the URL of the schema.');
      else if (name !== 'credentialSchema' && value.id !== undefined && !isUrl(value.id)) v.add('id-url', `${at}/id`, `${name}.id must be a URL.`);
    }
  }
}

function checkRelatedResources(c: Obj, v: Collector): void {
  if (c.relatedResource === undefined) return;
  const seen = new Set<string>();
  for (const { value, pointer } of asList(c.relatedResource)) {
    const at = pointer('relatedResource');
    if (!isObj(value) || !isUrl(value.id)) v.add('related-resource-id', isObj(value) ? `${at}/id` : at, 'Each relatedResource needs an id: the URL of the resource.');
    else if (seen.has(value.id)) v.add('related-resource-unique', `${at}/id`, 'Another relatedResource has the same id.');
    else seen.add(value.id);
    if (isObj(value) && typeof value.digestSRI !== 'string' && typeof value.digestMultibase !== 'string') v.add('related-resource-digest', at, 'This relatedResource has neither digestSRI nor digestMultibase.');
  }
}

/**
 * The VC Data Model 2.0 MUSTs `credential` breaks, in rule order (empty when it conforms). Not a JSON
 * object at all is reported against the whole document under `type-present`.
 */
export function checkDataModel(credential: unknown): DataModelViolation[] {
  const v = new Collector();
  if (!isObj(credential)) {
    v.add('type-present', '', 'The credential must be a JSON object.');
    return v.out;
  }
  checkContext(credential, v);
  if (credential.id !== undefined && !isUrl(credential.id)) v.add('id-url', jsonPointer('id'), 'id must be a URL (for example urn:uuid:…).');
  checkTypes(credential, v);
  checkNames(credential, [], v);
  if (isObj(credential.issuer)) checkNames(credential.issuer, ['issuer'], v);
  checkIssuer(credential, v);
  checkSubjects(credential, v);
  checkValidity(credential, v);
  checkTypedEntries(credential, v);
  checkRelatedResources(credential, v);
  // Report in the order of DATA_MODEL_RULES, so the first violation is stable whatever the input.
  const order = new Map<string, number>(DATA_MODEL_RULES.map((r, i) => [r.id, i]));
  return v.out.sort((a, b) => order.get(a.rule)! - order.get(b.rule)!);
}
