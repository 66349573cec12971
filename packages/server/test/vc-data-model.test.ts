// POST /credentials/issue against the VC Data Model 2.0 MUSTs, one row per rule Laurel enforces: the
// conforming variant is signed (201), the breaking one is refused with credential_invalid naming the rule
// and the JSON pointer of the offending member. On every dialect.
import { DATA_MODEL_RULES, parseDateTimeStamp } from '@laurel/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

type Obj = Record<string, unknown>;
const V2 = 'https://www.w3.org/ns/credentials/v2';
const DID = 'did:web:laurel.test:orgs:red-river';
const SRI = 'sha384-S57yQDg1MTzF56Oi9DbSQ14u7jBy0RDdx0YbeV7shwhCS88G8SCXeFN82PafhCrW';
// Types no context defines are written as absolute URLs (else JSON-LD safe mode refuses them).
const MULTIBASE = 'uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA';

/** A plain VC 2.0 credential (no Open Badges context) with everything a row may change. */
function base(): Obj {
  return { '@context': [V2], id: `urn:uuid:${crypto.randomUUID()}`, type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:alice', name: 'Alice' } };
}

interface Row {
  rule: (typeof DATA_MODEL_RULES)[number]['id'];
  /** A conforming use of what the rule governs: signed. */
  ok: (c: Obj) => Obj;
  /** Breaks the rule: refused at `pointer`. */
  bad: (c: Obj) => Obj;
  pointer: string;
}

const without = (c: Obj, key: string): Obj => Object.fromEntries(Object.entries(c).filter(([k]) => k !== key));

const ROWS: Row[] = [
  { rule: 'context-first', ok: (c) => c, bad: (c) => ({ ...c, '@context': ['https://www.w3.org/2018/credentials/v1'] }), pointer: '/@context/0' },
  { rule: 'context-first', ok: (c) => ({ ...c, '@context': V2 }), bad: (c) => without(c, '@context'), pointer: '/@context' },
  { rule: 'context-items', ok: (c) => ({ ...c, '@context': [V2, { ex: 'https://example.org/vocab#' }] }), bad: (c) => ({ ...c, '@context': [V2, 42] }), pointer: '/@context/1' },
  { rule: 'id-url', ok: (c) => ({ ...c, id: 'https://example.edu/credentials/3732' }), bad: (c) => ({ ...c, id: 'not a url' }), pointer: '/id' },
  { rule: 'id-url', ok: (c) => c, bad: (c) => ({ ...c, credentialSubject: { id: 'alice', name: 'Alice' } }), pointer: '/credentialSubject/id' },
  { rule: 'type-present', ok: (c) => c, bad: (c) => without(c, 'type'), pointer: '/type' },
  { rule: 'type-values', ok: (c) => ({ ...c, type: ['VerifiableCredential', 'https://example.org/vocab#ExampleCredential'] }), bad: (c) => ({ ...c, type: ['VerifiableCredential', 7] }), pointer: '/type/1' },
  { rule: 'type-vc', ok: (c) => ({ ...c, type: 'VerifiableCredential' }), bad: (c) => ({ ...c, type: ['ExampleCredential'] }), pointer: '/type' },
  { rule: 'name-description', ok: (c) => ({ ...c, name: [{ '@value': 'Welding I', '@language': 'en' }], description: 'Safe MIG welding.' }), bad: (c) => ({ ...c, name: { en: 'Welding I' } }), pointer: '/name' },
  { rule: 'name-description', ok: (c) => ({ ...c, issuer: { id: DID, name: 'Red River', description: { '@value': 'Community college', '@language': 'en', '@direction': 'ltr' } } }), bad: (c) => ({ ...c, issuer: { id: DID, description: { '@value': 'Community college', '@language': 'en', extra: 'x' } } }), pointer: '/issuer/description' },
  { rule: 'issuer-url', ok: (c) => ({ ...c, issuer: DID }), bad: (c) => ({ ...c, issuer: 'Red River' }), pointer: '/issuer' },
  { rule: 'issuer-url', ok: (c) => ({ ...c, issuer: { id: DID, name: 'Red River Community College' } }), bad: (c) => ({ ...c, issuer: { name: 'Red River Community College' } }), pointer: '/issuer/id' },
  { rule: 'subject-present', ok: (c) => c, bad: (c) => without(c, 'credentialSubject'), pointer: '/credentialSubject' },
  { rule: 'subject-claims', ok: (c) => ({ ...c, credentialSubject: [{ name: 'Alice' }, { id: 'did:example:bob', name: 'Bob' }] }), bad: (c) => ({ ...c, credentialSubject: {} }), pointer: '/credentialSubject' },
  // As the W3C test suite's credential-subject-multiple-ok: subjects with only an id are accepted.
  { rule: 'subject-claims', ok: (c) => ({ ...c, credentialSubject: [{ id: 'did:example:subject' }, { id: 'did:example:other:subject' }] }), bad: (c) => ({ ...c, credentialSubject: [{ name: 'Alice' }, {}] }), pointer: '/credentialSubject/1' },
  { rule: 'subject-claims', ok: (c) => c, bad: (c) => ({ ...c, credentialSubject: [] }), pointer: '/credentialSubject' },
  { rule: 'valid-from-datetime', ok: (c) => ({ ...c, validFrom: '2026-01-01T19:23:24.5+02:00' }), bad: (c) => ({ ...c, validFrom: '2026-01-01T19:23:24' }), pointer: '/validFrom' },
  { rule: 'valid-from-datetime', ok: (c) => ({ ...c, validFrom: '2024-02-29T00:00:00Z' }), bad: (c) => ({ ...c, validFrom: '2026-02-29T00:00:00Z' }), pointer: '/validFrom' },
  { rule: 'valid-until-datetime', ok: (c) => ({ ...c, validUntil: '2099-12-31T23:59:59Z' }), bad: (c) => ({ ...c, validUntil: '31/12/2099' }), pointer: '/validUntil' },
  { rule: 'validity-order', ok: (c) => ({ ...c, validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' }), bad: (c) => ({ ...c, validFrom: '2026-01-02T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' }), pointer: '/validUntil' },
  // Laurel assigns credentialStatus itself (options.credentialStatus), so the conforming row asks for one.
  { rule: 'status-type', ok: (c) => c, bad: (c) => ({ ...c, credentialStatus: { id: 'https://example.edu/status/1#3' } }), pointer: '/credentialStatus/type' },
  { rule: 'schema-type', ok: (c) => ({ ...c, credentialSchema: { id: 'https://example.org/schemas/example.json', type: 'JsonSchema' } }), bad: (c) => ({ ...c, credentialSchema: [{ id: 'https://example.org/schemas/example.json' }] }), pointer: '/credentialSchema/0/type' },
  { rule: 'schema-id', ok: (c) => ({ ...c, credentialSchema: [{ id: 'https://example.org/schemas/example.json', type: 'JsonSchema' }] }), bad: (c) => ({ ...c, credentialSchema: { type: 'JsonSchema' } }), pointer: '/credentialSchema/id' },
  { rule: 'related-resource-id', ok: (c) => ({ ...c, relatedResource: [{ id: 'https://example.org/logo.png', digestSRI: SRI }] }), bad: (c) => ({ ...c, relatedResource: [{ digestSRI: SRI }] }), pointer: '/relatedResource/0/id' },
  { rule: 'related-resource-digest', ok: (c) => ({ ...c, relatedResource: { id: 'https://example.org/terms.html', digestMultibase: MULTIBASE, mediaType: 'text/html' } }), bad: (c) => ({ ...c, relatedResource: [{ id: 'https://example.org/logo.png' }] }), pointer: '/relatedResource/0' },
  { rule: 'related-resource-unique', ok: (c) => ({ ...c, relatedResource: [{ id: 'https://example.org/logo.png', digestSRI: SRI }, { id: 'https://example.org/terms.html', digestMultibase: MULTIBASE }] }), bad: (c) => ({ ...c, relatedResource: [{ id: 'https://example.org/logo.png', digestSRI: SRI }, { id: 'https://example.org/logo.png', digestMultibase: MULTIBASE }] }), pointer: '/relatedResource/1/id' },
  { rule: 'refresh-type', ok: (c) => ({ ...c, refreshService: { id: 'https://example.edu/refresh/3732', type: 'https://example.org/vocab#RefreshService' } }), bad: (c) => ({ ...c, refreshService: { id: 'https://example.edu/refresh/3732' } }), pointer: '/refreshService/type' },
  { rule: 'terms-type', ok: (c) => ({ ...c, termsOfUse: [{ type: 'https://example.org/vocab#TrustedIssuer', id: 'https://example.edu/terms/1' }] }), bad: (c) => ({ ...c, termsOfUse: [{ type: 'https://example.org/vocab#TrustedIssuer' }, { id: 'https://example.edu/terms/2' }] }), pointer: '/termsOfUse/1/type' },
  { rule: 'evidence-type', ok: (c) => ({ ...c, evidence: [{ id: 'https://example.edu/evidence/1', type: ['https://example.org/vocab#Evidence'] }] }), bad: (c) => ({ ...c, evidence: ['https://example.edu/evidence/1'] }), pointer: '/evidence/0' },
  { rule: 'reserved-type', ok: (c) => ({ ...c, renderMethod: { id: 'https://example.org/render/1', type: 'https://example.org/vocab#SvgRenderingTemplate' } }), bad: (c) => ({ ...c, confidenceMethod: [{ id: 'https://example.org/confidence/1' }] }), pointer: '/confidenceMethod/0/type' },
];

describe('VC Data Model 2.0 dateTimeStamp', () => {
  it.each([
    ['2026-12-01T16:00:00Z', true],
    ['2026-12-01T16:00:00.123456-05:30', true],
    ['2026-12-01T24:00:00Z', true],
    ['2024-02-29T12:00:00+14:00', true],
    ['2026-12-01T16:00:00', false],
    ['2026-12-01 16:00:00Z', false],
    ['2026-12-01', false],
    ['2026-04-31T00:00:00Z', false],
    ['1900-02-29T00:00:00Z', false],
    ['2026-12-01T16:00:00+15:00', false],
    ['2026-12-01t16:00:00z', false],
  ])('%s → %s', (value, ok) => {
    expect(parseDateTimeStamp(value) !== undefined).toBe(ok);
  });

  it('orders offsets correctly', () => {
    expect(parseDateTimeStamp('2026-01-01T01:00:00+02:00')).toBe(Date.parse('2025-12-31T23:00:00Z'));
    expect(parseDateTimeStamp('0050-01-01T00:00:00Z')).toBeLessThan(parseDateTimeStamp('1950-01-01T00:00:00Z')!);
    expect(parseDateTimeStamp('300000-01-01T00:00:00Z')).toBeGreaterThan(parseDateTimeStamp('9999-12-31T23:59:59Z')!);
  });
});

describe.each(DIALECTS)('POST /credentials/issue and the VC Data Model 2.0 on %s', (dialect) => {
  let t: TestApp;
  let token: Record<string, string>;

  beforeAll(async () => {
    t = await makeTestApp(dialect);
    token = bearer((await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: 'red-river', name: 'registrar' })).token);
  });
  afterAll(async () => t?.close());

  const issue = (credential: unknown, options?: Obj) => t.app.inject({ method: 'POST', url: '/credentials/issue', headers: token, payload: { credential, ...(options ? { options } : {}) } });

  it('has a row for every rule it enforces', () => {
    expect(new Set(ROWS.map((r) => r.rule))).toEqual(new Set(DATA_MODEL_RULES.filter((r) => r.id !== 'issuer-present').map((r) => r.id)));
  });

  it.each(ROWS.map((r) => [r.rule, r.pointer, r] as const))('%s: signs the conforming variant, refuses the one at %s', async (rule, pointer, row) => {
    const good = await issue(row.ok(base()), rule === 'status-type' ? { credentialStatus: { type: 'BitstringStatusListEntry' } } : undefined);
    expect(good.statusCode, good.body).toBe(201);
    const vc = (good.json() as { verifiableCredential: Obj }).verifiableCredential;
    expect(vc.proof).toEqual([expect.objectContaining({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' })]);

    const bad = await issue(row.bad(base()));
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const p = bad.json() as { code: string; rule: string; pointer: string; section: string; detail: string; violations: { rule: string; pointer: string }[] };
    expect(p).toMatchObject({ code: 'credential_invalid', rule, pointer, section: DATA_MODEL_RULES.find((r) => r.id === rule)!.section });
    expect(p.detail).toContain(rule);
    expect(p.violations[0]).toMatchObject({ rule, pointer });
  });

  it('fills in the issuer of a plain VC 2.0 credential (issuer-present), and of an Open Badge as a Profile', async () => {
    const res = await issue(base());
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { verifiableCredential: Obj }).verifiableCredential.issuer).toEqual({ id: DID, name: 'Red River Community College', description: expect.any(String) });
  });

  it('names the term JSON-LD safe mode refuses', async () => {
    const res = await issue({ ...base(), termsOfUse: { type: 'TrustedIssuer' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'credential_invalid', detail: expect.stringContaining('TrustedIssuer') });
  });

  it('lists every violation, in rule order', async () => {
    const res = await issue({ '@context': [V2], type: ['Thing'], credentialSubject: {}, validFrom: 'yesterday', evidence: [{}] });
    const p = res.json() as { rule: string; violations: { rule: string; pointer: string }[] };
    expect(p.violations.map((v) => `${v.rule} ${v.pointer}`)).toEqual(['type-vc /type', 'subject-claims /credentialSubject', 'valid-from-datetime /validFrom', 'evidence-type /evidence/0/type']);
    expect(p.rule).toBe('type-vc');
  });
});
