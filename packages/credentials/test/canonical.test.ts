// The batch canonicalisation cache must be invisible: byte-identical N-Quads to a full RDFC-1.0
// canonicalisation for every shape we emit, and signatures that the plain library verifies.
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  verifyCredential,
  buildAchievement, buildDidDocument, buildEndorsementCredential, buildOpenBadgeCredential, buildProfile, CanonicalCache,
  createDocumentLoader, createSigner, generateEd25519Key, signDataIntegrity, type DidDocument, type StoredEd25519Key,
} from '../src/index.ts';
import { achievement, DID, issuer, unsignedCredential } from './helpers.ts';

const REGENTS = 'did:web:localhost%3A3000:orgs:regents';
let key: StoredEd25519Key;
let regentsKey: StoredEd25519Key;
let docs: DidDocument[];
const loader = createDocumentLoader({
  resolve: async (url) => {
    for (const doc of docs) {
      if (url === doc.id) return doc;
      const vm = doc.verificationMethod.find((m) => m.id === url);
      if (vm) return { '@context': doc['@context'], ...vm };
    }
    return undefined;
  },
});
const plain = (doc: object) => (cryptosuite.canonize as (d: object, o: object) => Promise<string>)(structuredClone(doc), { documentLoader: loader });

let endorsement: object;
beforeAll(async () => {
  key = await generateEd25519Key({ controller: DID, seed: Uint8Array.from({ length: 32 }, (_, i) => i + 1) });
  regentsKey = await generateEd25519Key({ controller: REGENTS, seed: Uint8Array.from({ length: 32 }, (_, i) => 90 - i) });
  docs = [await buildDidDocument({ did: DID, keys: [key] }), await buildDidDocument({ did: REGENTS, keys: [regentsKey] })];
  endorsement = await signDataIntegrity({
    credential: buildEndorsementCredential({
      id: 'urn:uuid:5c1f0000-0000-4000-8000-00000000e001',
      name: 'Endorsed by the State Regents',
      issuer: buildProfile({ id: REGENTS, name: 'State Regents for Higher Education', url: 'https://regents.example.org' }),
      validFrom: '2025-01-01T00:00:00Z',
      subjectId: achievement().id,
      endorsementComment: 'Meets every endorsement criterion.',
      credentialStatus: { id: 'http://localhost:3000/status/regents/revocation#7', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: 'http://localhost:3000/status/regents/revocation' },
    }),
    signer: await createSigner(regentsKey),
    documentLoader: loader,
    created: '2025-01-01T00:00:00Z',
  });
});

function withEndorsement(i: number) {
  return buildOpenBadgeCredential({
    id: `urn:uuid:0e7a9b2c-1111-4000-8000-${String(i).padStart(12, '0')}`,
    issuer: issuer(),
    achievement: { ...achievement(), endorsement: [endorsement as never] },
    recipient: { email: `student${i}@example.edu`, salt: 'fixed-salt' },
    validFrom: '2025-01-15T00:00:00Z',
    evidence: i % 2 ? [{ id: `http://localhost:3000/evidence/${i}`, name: 'Capstone' }] : undefined,
  });
}

describe('CanonicalCache', () => {
  it('gives byte-identical canonical N-Quads for every shape, on a miss and on a hit', async () => {
    // The per-shape templates (template.ts) answer first; `templates: false` is the part cache behind them.
    const templated = new CanonicalCache();
    const cache = new CanonicalCache({ templates: false });
    const shapes: object[] = [
      unsignedCredential(),
      unsignedCredential({ id: 'urn:uuid:0e7a9b2c-1111-4000-8000-000000000002', statusIndex: 12, validUntil: '2030-01-01T00:00:00Z' }),
      withEndorsement(1),
      withEndorsement(2),
      endorsement,
      // An issuer given as a bare DID string and an achievement with no optional fields.
      buildOpenBadgeCredential({ id: 'urn:uuid:0e7a9b2c-1111-4000-8000-000000000003', issuer: DID as never, achievement: buildAchievement({ id: 'https://example.org/a', name: 'A', description: 'B', criteria: { narrative: 'C' } }), recipient: { email: 'a@example.edu', salt: 's' }, validFrom: '2025-01-15T00:00:00Z' }),
    ];
    for (const doc of shapes) {
      const { proof: _p, ...unsigned } = doc as { proof?: unknown };
      const expected = await plain(unsigned);
      expect(await cache.canonize(structuredClone(unsigned), { documentLoader: loader })).toBe(expected);
      expect(await cache.canonize(structuredClone(unsigned), { documentLoader: loader })).toBe(expected);
      expect(await templated.canonize(structuredClone(unsigned), { documentLoader: loader })).toBe(expected);
      expect(await templated.canonize(structuredClone(unsigned), { documentLoader: loader })).toBe(expected);
    }
    expect(cache.stats.partHits).toBeGreaterThan(0);
    expect(templated.templates.stats.hits).toBe(2 * shapes.length);
  });

  it('a changed achievement is a new entry, not a stale hit', async () => {
    const cache = new CanonicalCache();
    const a = unsignedCredential();
    await cache.canonize(structuredClone(a), { documentLoader: loader });
    const b = structuredClone(a) as { credentialSubject: { achievement: { name: string } } };
    b.credentialSubject.achievement.name = 'Data Literacy 102';
    expect(await cache.canonize(structuredClone(b), { documentLoader: loader })).toBe(await plain(b));
    expect(await cache.canonize(structuredClone(b), { documentLoader: loader })).not.toBe(await plain(a));
  });

  it('a batch signed through the cache verifies with the plain library, embedded endorsement included', async () => {
    const signer = await createSigner(key);
    const cache = new CanonicalCache({ templates: false });
    const templated = new CanonicalCache();
    for (let i = 0; i < 4; i++) {
      for (const c of [cache, templated]) {
        const signed = await signDataIntegrity({ credential: withEndorsement(i), signer, documentLoader: loader, cache: c });
        const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader });
        expect(result.error).toBeUndefined();
        expect(result.verified).toBe(true);
      }
    }
    expect(templated.templates.stats.fallbacks).toBe(0);
    expect(cache.stats.partHits).toBeGreaterThanOrEqual(6);
    // The proof configuration repeats within the same second (created is the same).
    expect(cache.stats.wholeHits).toBeGreaterThan(0);
  });

  it('verification shares the cache, and a tampered achievement or issuer still fails after the genuine one was seen', async () => {
    const signer = await createSigner(key);
    const signed = await signDataIntegrity({ credential: withEndorsement(7), signer, documentLoader: loader });
    const deps = { resolveDid: async (did: string) => docs.find((d) => d.id === did) ?? null, fetchStatusList: async () => { throw new Error('offline'); } };
    for (let i = 0; i < 2; i++) expect((await verifyCredential(signed, deps)).checks.find((c) => c.id === 'proof')?.status).toBe('passed');
    const tampered = structuredClone(signed) as { credentialSubject: { achievement: { criteria: { narrative: string } } }; issuer: { name: string } };
    tampered.credentialSubject.achievement.criteria.narrative += '.';
    expect((await verifyCredential(tampered, deps)).checks.find((c) => c.id === 'proof')?.status).toBe('failed');
    const otherIssuer = structuredClone(signed) as typeof tampered;
    otherIssuer.issuer.name = 'Oklahoma Stale University';
    expect((await verifyCredential(otherIssuer, deps)).checks.find((c) => c.id === 'proof')?.status).toBe('failed');
  });

  it('does not keep a part whose nested @context is not a bundled context URL (its RDF could depend on the loader)', async () => {
    const cache = new CanonicalCache();
    const doc = unsignedCredential() as unknown as { credentialSubject: { achievement: Record<string, unknown> } };
    const e = endorsement as { '@context': string[] };
    doc.credentialSubject.achievement.endorsement = [{ ...e, '@context': [...e['@context'], { ex: 'https://example.org/vocab#' }] }];
    expect(await cache.canonize(structuredClone(doc), { documentLoader: loader })).toBe(await plain(doc));
    expect(cache.stats.partMisses).toBe(1); // the issuer only: the achievement was canonicalised in place
  });

  it('splits nothing when the document itself uses a context that is not a bundled URL', async () => {
    const cache = new CanonicalCache();
    const doc = unsignedCredential() as unknown as { '@context': unknown[] };
    doc['@context'] = [...doc['@context'], { ex: 'https://example.org/vocab#' }];
    expect(await cache.canonize(structuredClone(doc), { documentLoader: loader })).toBe(await plain(doc));
    expect(cache.stats.partMisses + cache.stats.partHits).toBe(0);
  });
});
