// checkDataModel on its own (the server's test/vc-data-model.test.ts drives every rule through the VC-API):
// the cases the API never reaches (an issuer it would have filled in, a non-object), pointer escaping,
// and that the library's own credentials conform.
import { describe, expect, it } from 'vitest';
import { buildStatusListCredential, checkDataModel, createStatusBitstring, DATA_MODEL_RULES, jsonPointer } from '../src/index.ts';
import { unsignedCredential } from './helpers.ts';

describe('checkDataModel', () => {
  it('passes the credentials this library builds', () => {
    expect(checkDataModel(unsignedCredential())).toEqual([]);
    const list = buildStatusListCredential({ id: 'https://example.edu/status/1', issuer: 'did:example:issuer', statusPurpose: 'revocation', bits: createStatusBitstring(), validUntil: '2099-01-01T00:00:00Z', ttl: 60_000 });
    expect(checkDataModel(list)).toEqual([]);
  });

  it('reports a missing issuer (issuer-present) and a non-object', () => {
    const { issuer: _issuer, ...rest } = unsignedCredential() as unknown as Record<string, unknown>;
    expect(checkDataModel(rest)).toEqual([{ rule: 'issuer-present', section: '4.7 Issuer', pointer: '/issuer', message: 'issuer is missing.' }]);
    expect(checkDataModel([1])[0]).toMatchObject({ rule: 'type-present', pointer: '' });
  });

  it('treats the shapes the W3C test suite probes as it does', () => {
    const vc = (extra: Record<string, unknown>) => ({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: 'did:example:issuer', credentialSubject: { id: 'did:example:subject' }, ...extra });
    const rules = (extra: Record<string, unknown>) => checkDataModel(vc(extra)).map((x) => `${x.rule} ${x.pointer}`);
    expect(rules({})).toEqual([]);
    expect(rules({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https ://not-a-url/contexts/v1'] })).toEqual(['context-items /@context/1']);
    expect(rules({ '@context': ['https://www.w3.org/ns/credentials/v2', 123192875] })).toEqual(['context-items /@context/1']);
    expect(rules({ id: ['urn:uuid:1', 'urn:uuid:2'] })).toEqual(['id-url /id']);
    expect(rules({ issuer: null })).toEqual(['issuer-url /issuer']);
    expect(rules({ issuer: { id: null } })).toEqual(['issuer-url /issuer/id']);
    expect(rules({ credentialSubject: [{ id: 'did:example:a' }, {}] })).toEqual(['subject-claims /credentialSubject/1']);
    expect(rules({ credentialStatus: { id: ['https://a.example/1', 'https://a.example/2'], type: 'https://a.example/#S' } })).toEqual(['id-url /credentialStatus/id']);
    expect(rules({ validFrom: '2023-02-22T19:53:14-05:00', validUntil: '2023-02-23T00:53:14Z' })).toEqual([]);
    expect(rules({ validFrom: '2023-02-22T19:53:14-05:00', validUntil: '2023-02-23T00:53:13Z' })).toEqual(['validity-order /validUntil']);
  });

  it('escapes JSON pointers per RFC 6901', () => {
    expect(jsonPointer('a/b', 'm~n', 0)).toBe('/a~1b/m~0n/0');
  });

  it('names a spec section for every rule, ids unique', () => {
    expect(new Set(DATA_MODEL_RULES.map((r) => r.id)).size).toBe(DATA_MODEL_RULES.length);
    for (const r of DATA_MODEL_RULES) expect(r.section).toMatch(/^[45]\.\d+ [A-Z]/);
  });
});
