// The Credential Registry's own JSON schemas (test/fixtures/ctdl/, draft-04), compiled with ajv twice:
// as published, and strict — `additionalProperties: false` on every class that lists its properties, so a
// document may carry only what the registry lists for its class. The published files say `true` there,
// which would accept any misspelt property. The one property Laurel adds beyond those lists is
// ceterms:instructionalProgramType (CIP codes: a CTDL term for credentials that these older files lack).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

type AjvLike = { compile(schema: object): ValidateLike; addFormat(name: string, f: unknown): void };
type ValidateLike = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: unknown }[] | null };

// Both are CommonJS with a default export; under NodeNext the class and the function sit on `.default`.
const Ajv = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as new (opts: object) => AjvLike;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => void;

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ctdl');
export type CtdlSchemaName = 'credential' | 'organization' | 'pathway' | 'pathway_component';

// The pathway files name definitions they do not contain (ajv refuses an unresolved $ref). Each is filled
// with the shape the CTDL term has: a language map (as the file's own ceterms:name), or a list of absolute URIs (the references between a pathway
// and its components), or — for the schema.org value terms Laurel does not emit — anything.
const URIS = { type: 'array', items: { type: 'string', format: 'uri' } };
const MISSING: Record<string, Record<string, unknown>> = {
  'ceterms:description': { $ref: '#/definitions/meta:langstring' },
  'ceasn:codedNotation': { type: 'string' },
  'ceasn:hasChild': URIS,
  'ceasn:hasDestinationComponent': URIS,
  'ceterms:isChildOf': URIS,
  'ceterms:isDestinationComponentOf': URIS,
  'ceterms:isPartOf': URIS,
  'ceasn:hasCondition': { type: 'array', items: { $ref: '#/definitions/ceterms:ComponentCondition' } },
  'ceterms:CredentialAlignmentObject': { type: 'object' },
  'ceterms:PathwayComponent': { type: 'object' },
  'asn:hasProgressionLevel': {},
  'schema:description': {},
  'schema:maxValue': {},
  'schema:minValue': {},
  'schema:unitText': {},
  'schema:value': {},
};

function load(name: CtdlSchemaName): { definitions: Record<string, Record<string, unknown>> } & Record<string, unknown> {
  const s = JSON.parse(fs.readFileSync(path.join(DIR, `${name}.schema.json`), 'utf8')) as { definitions: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  const text = JSON.stringify(s);
  for (const [k, def] of Object.entries(MISSING)) if (!(k in s.definitions) && text.includes(`"#/definitions/${k}"`)) s.definitions[k] = def;
  return s;
}

const EXTENSIONS: Record<CtdlSchemaName, Record<string, unknown>> = {
  credential: { 'ceterms:instructionalProgramType': { type: 'array', items: { $ref: '#/definitions/ceterms:CredentialAlignmentObject' } } },
  organization: {},
  pathway: {},
  pathway_component: {},
};

function strictCopy(name: CtdlSchemaName, rootType: string) {
  const s = load(name);
  for (const def of Object.values(s.definitions)) {
    if (def.type === 'object' && def.properties && typeof def.properties === 'object') {
      def.additionalProperties = false;
      if (/^ceterms:[A-Z]/.test(String((def.properties as Record<string, { enum?: string[] }>)['@type']?.enum?.[0] ?? ''))) Object.assign(def.properties as object, EXTENSIONS[name]);
    }
  }
  const { anyOf: _a, $ref: _r, ...rest } = s;
  return { ...rest, $ref: `#/definitions/${rootType}` };
}

export interface CtdlValidators {
  /** Errors against the schema file as published (anyOf over its classes); empty when valid. */
  published(name: CtdlSchemaName, doc: unknown): string[];
  /** Errors against the strict copy, for the document's own class (its @type). */
  strict(name: CtdlSchemaName, doc: { '@type'?: unknown }): string[];
}

export function ctdlValidators(): CtdlValidators {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const cache = new Map<string, ValidateLike>();
  const compiled = (key: string, make: () => object) => {
    let v = cache.get(key);
    if (!v) cache.set(key, (v = ajv.compile(make())));
    return v;
  };
  const errorsOf = (v: ValidateLike, doc: unknown) => (v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`));
  return {
    published: (name, doc) => errorsOf(compiled(`published:${name}`, () => load(name)), doc),
    strict: (name, doc) => {
      const type = String(doc['@type']);
      return errorsOf(compiled(`strict:${name}:${type}`, () => strictCopy(name, type)), doc);
    },
  };
}
