import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import {
  buildDidDocument, buildStatusEntry, createDocumentLoader, createStatusBitstring, decodeStatusList, didWebDocumentUrl,
  didWebFromUrl, emailMatchesIdentifier, encodeStatusList, expandCompactedForm, generateEd25519Key, generateP256Key, generateRsaKey,
  getStatusBit, hashedEmailIdentifier, resolveDidKey, setStatusBit, sha256Identity, StatusListError, UnknownDocumentError,
  validateOb3Schema, bundledContextUrls, createSigner, buildAchievement,
} from '../src/index.ts';
import { DID, unsignedCredential } from './helpers.ts';

describe('identity', () => {
  it('hashes email+salt as sha256$<hex> (OB 3.0 example value)', () => {
    expect(sha256Identity('a@example.com', 'Kosher')).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399');
    const id = hashedEmailIdentifier({ email: 'A@Example.com', salt: 'Kosher' });
    expect(id).toEqual({ type: 'IdentityObject', hashed: true, identityHash: 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399', identityType: 'emailAddress', salt: 'Kosher' });
    expect(emailMatchesIdentifier(id, 'a@example.com')).toBe(true);
    expect(emailMatchesIdentifier(id, 'b@example.com')).toBe(false);
    expect(emailMatchesIdentifier({ ...id, identityHash: id.identityHash.toUpperCase().replace('SHA256', 'sha256') }, 'a@example.com')).toBe(true);
    expect(emailMatchesIdentifier({ hashed: false, identityHash: 'a@example.com' }, 'A@example.com')).toBe(true);
  });

  it('uses a fresh random salt when none is given', () => {
    expect(hashedEmailIdentifier({ email: 'x@y.z' }).salt).not.toBe(hashedEmailIdentifier({ email: 'x@y.z' }).salt);
  });
});

describe('model builders and schema', () => {
  it('the credential builder emits every requested OB 3.0 field in canonical form', () => {
    const c = unsignedCredential({ statusIndex: 5 });
    expect(c['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json']);
    expect(c.credentialSubject.achievement).toMatchObject({
      type: ['Achievement'], achievementType: 'MicroCredential', creditsAvailable: 1.5, fieldOfStudy: 'Data Science', tag: ['data', 'statistics'],
      image: { type: 'Image', caption: 'A bar chart inside a laurel wreath' }, alignment: [{ type: ['Alignment'] }], resultDescription: [{ type: ['ResultDescription'] }],
    });
    expect(c.credentialSubject.identifier?.[0]?.identityHash).toBe(sha256Identity('student@example.edu', 'fixed-salt'));
    expect(c.credentialSchema).toEqual([{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }]);
    expect(validateOb3Schema(c, { tolerateCompacted: false }).valid).toBe(true);
  });

  it('expands compacted documents for validation without touching @context', () => {
    const c = unsignedCredential();
    const compacted = { ...c, type: 'OpenBadgeCredential', proof: { type: 'DataIntegrityProof' }, credentialSchema: c.credentialSchema![0] };
    expect(validateOb3Schema(compacted, { tolerateCompacted: false }).valid).toBe(false);
    expect(validateOb3Schema({ ...compacted, type: ['VerifiableCredential', 'OpenBadgeCredential'] })).toMatchObject({ valid: true, compacted: true });
    const expanded = expandCompactedForm(compacted) as Record<string, any>;
    expect(expanded.proof).toEqual([{ type: 'DataIntegrityProof' }]);
    expect(expanded.credentialSubject.identifier[0].type).toBe('IdentityObject');
    expect(expanded['@context']).toBe(c['@context']);
  });

  it('an Achievement relates other achievements as OB 3.0 Related (a milestone badge its components), valid and expandable', async () => {
    const achievement = buildAchievement({
      id: 'https://laurel.test/programs/milestone',
      name: 'Milestone',
      description: 'Completed a pathway.',
      criteria: { narrative: 'Earn both components.' },
      related: [{ id: 'https://laurel.test/programs/a' }, { id: 'https://laurel.test/programs/b', version: '2' }],
    });
    expect(achievement.related).toEqual([
      { id: 'https://laurel.test/programs/a', type: ['Related'] },
      { id: 'https://laurel.test/programs/b', type: ['Related'], version: '2' },
    ]);
    const c = { ...unsignedCredential(), credentialSubject: { ...unsignedCredential().credentialSubject, achievement } };
    expect(validateOb3Schema(c).valid).toBe(true);
    // Every term is defined by the bundled contexts (signing canonicalises with safe mode).
    const expanded = await jsonld.expand(c as object, { documentLoader: createDocumentLoader() as never, safe: true } as never);
    expect(JSON.stringify(expanded)).toContain('https://purl.imsglobal.org/spec/vc/ob/vocab.html#Related');
  });

  it('status entries use string indexes', () => {
    expect(buildStatusEntry({ statusListCredential: 'https://x/s/1', statusListIndex: 9, statusPurpose: 'suspension' }))
      .toEqual({ id: 'https://x/s/1#9', type: 'BitstringStatusListEntry', statusPurpose: 'suspension', statusListIndex: '9', statusListCredential: 'https://x/s/1' });
  });
});

describe('bitstring status list', () => {
  it('round-trips, orders bits MSB-first, and enforces the minimum size', () => {
    const bits = createStatusBitstring();
    expect(bits.length * 8).toBe(131_072);
    setStatusBit(bits, 0, true);
    setStatusBit(bits, 9, true);
    expect(bits[0]).toBe(0x80);
    expect(bits[1]).toBe(0x40);
    const encoded = encodeStatusList(bits);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded).not.toMatch(/[+/=]/);
    const decoded = decodeStatusList(encoded);
    expect([getStatusBit(decoded, 0), getStatusBit(decoded, 1), getStatusBit(decoded, 9)]).toEqual([true, false, true]);
    setStatusBit(decoded, 9, false);
    expect(getStatusBit(decoded, 9)).toBe(false);
    expect(() => createStatusBitstring(1000)).toThrow(StatusListError);
    expect(() => getStatusBit(bits, 131_072)).toThrow(/outside/);
    expect(() => decodeStatusList('u!!!')).toThrow(StatusListError);
    expect(() => decodeStatusList('uAAAA')).toThrow(/GZIP/);
  });
});

describe('keys and DID documents', () => {
  it('DID document lists absolute ids, one key form per method, and rejects foreign keys', async () => {
    const ed = await generateEd25519Key({ controller: DID });
    const rsa = await generateRsaKey({ controller: DID, id: '#key-2' });
    const ec = await generateP256Key({ controller: DID, id: '#key-3' });
    const doc = await buildDidDocument({ did: DID, keys: [ed, rsa, ec] });
    expect(doc.assertionMethod).toEqual([`${DID}#key-1`, `${DID}#key-2`, `${DID}#key-3`]);
    expect(doc.verificationMethod[0]).toEqual({ id: `${DID}#key-1`, type: 'Multikey', controller: DID, publicKeyMultibase: ed.publicKeyMultibase });
    expect(doc.verificationMethod[1]).toMatchObject({ type: 'JsonWebKey', publicKeyJwk: { kty: 'RSA', e: 'AQAB' } });
    expect(doc.verificationMethod[2]).toMatchObject({ type: 'JsonWebKey', publicKeyJwk: { kty: 'EC', crv: 'P-256' } });
    for (const vm of doc.verificationMethod) expect(['publicKeyMultibase', 'publicKeyJwk'].filter((f) => f in vm)).toHaveLength(1);
    expect(JSON.stringify(doc)).not.toMatch(/secret|"d"|"p"|"q"/);
    const foreign = await generateEd25519Key({ controller: 'did:web:other' });
    await expect(buildDidDocument({ did: DID, keys: [foreign] })).rejects.toThrow(/controlled by did:web:other/);
    await expect(createSigner({ ...ed, publicKeyMultibase: foreign.publicKeyMultibase })).rejects.toThrow(/does not match/);
  });

  it('maps did:web to and from URLs, and resolves did:key locally', async () => {
    expect(didWebFromUrl('http://localhost:3000/orgs/okstate')).toBe(DID);
    expect(didWebDocumentUrl(DID, { scheme: 'http' })).toBe('http://localhost:3000/orgs/okstate/did.json');
    expect(didWebDocumentUrl('did:web:example.edu')).toBe('https://example.edu/.well-known/did.json');
    const k = await generateEd25519Key({ controller: 'did:key:placeholder' });
    const doc = await resolveDidKey(`did:key:${k.publicKeyMultibase}`);
    expect(doc.assertionMethod).toEqual([`did:key:${k.publicKeyMultibase}#${k.publicKeyMultibase}`]);
  });
});

describe('offline document loader', () => {
  it('serves every bundled context and never fetches an unknown URL', async () => {
    const loader = createDocumentLoader();
    for (const url of [
      'https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
      'https://w3id.org/security/data-integrity/v2', 'https://w3id.org/security/multikey/v1', 'https://www.w3.org/ns/did/v1',
      'https://www.w3.org/ns/credentials/status/v1', 'https://w3id.org/openbadges/v2',
    ]) {
      expect(bundledContextUrls()).toContain(url);
      expect((await loader(url)).document).toBeTypeOf('object');
    }
    await expect(loader('https://example.org/ctx')).rejects.toThrow(UnknownDocumentError);
    const withResolver = createDocumentLoader({ resolve: async (u) => (u === 'did:example:1' ? { id: u } : undefined) });
    expect((await withResolver('did:example:1')).document).toEqual({ id: 'did:example:1' });
  });

  it('expands an OB 3.0 credential and an OB 2.0 assertion in safe mode with the bundled contexts', async () => {
    const documentLoader = createDocumentLoader();
    const expanded = await jsonld.expand(unsignedCredential() as never, { documentLoader, safe: true } as never);
    expect(JSON.stringify(expanded)).toContain('https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement');
    const ob2 = await jsonld.expand({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: 'https://x/a', issuedOn: '2024-01-01T00:00:00Z' } as never, { documentLoader, safe: true } as never);
    expect(JSON.stringify(ob2)).toContain('https://w3id.org/openbadges#Assertion');
  });
});
