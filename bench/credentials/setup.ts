import {
  buildAchievement, buildDidDocument, buildOpenBadgeCredential, buildProfile, createDocumentLoader, createSigner,
  generateEd25519Key, type StoredEd25519Key,
} from '../../packages/credentials/src/index.ts';

export const DID = 'did:web:localhost%3A3000:orgs:okstate';
export const SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

export function credential(i: number) {
  return buildOpenBadgeCredential({
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    issuer: buildProfile({ id: DID, name: 'Oklahoma State University', url: 'https://okstate.edu' }),
    achievement: buildAchievement({
      id: 'http://localhost:3000/orgs/okstate/achievements/data-101',
      name: 'Data Literacy 101',
      description: 'Reads, cleans and charts tabular data.',
      criteria: { narrative: 'Completed all four modules.' },
      image: { id: 'http://localhost:3000/img/data-101.png', caption: 'Badge art' },
      achievementType: 'MicroCredential',
      creditsAvailable: 1.5,
      tag: ['data'],
    }),
    recipient: { email: `student${i}@example.edu`, salt: 'salt' },
    validFrom: '2025-01-15T00:00:00Z',
  });
}

export async function setup(key?: StoredEd25519Key) {
  const k = key ?? (await generateEd25519Key({ controller: DID, seed: SEED }));
  const didDoc = await buildDidDocument({ did: DID, keys: [k] });
  const loader = createDocumentLoader({
    resolve: async (url) => {
      if (url === DID) return didDoc;
      const vm = didDoc.verificationMethod.find((m) => m.id === url);
      return vm ? { '@context': didDoc['@context'], ...vm } : undefined;
    },
  });
  return { key: k, didDoc, loader, signer: await createSigner(k) };
}
