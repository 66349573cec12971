// The status-list cache saves re-verifying a list's signature, and never hides a change: a revocation
// (new content) is seen at once, an entry expires, and an untrusted list is not kept.
import { describe, expect, it } from 'vitest';
import {
  buildDidDocument, buildStatusListCredential, createDocumentLoader, createSigner, createStatusBitstring, generateEd25519Key,
  setStatusBit, signDataIntegrity, StatusListCache, verifyCredential, type VerifyDeps,
} from '../src/index.ts';
import { DID, NOW, SEED, STATUS_BASE, unsignedCredential } from './helpers.ts';

describe('StatusListCache', () => {
  it('reuses a verified list, sees a revocation at once, and expires entries', async () => {
    const key = await generateEd25519Key({ controller: DID, seed: SEED });
    const didDoc = await buildDidDocument({ did: DID, keys: [key] });
    const signer = await createSigner(key);
    const loader = createDocumentLoader();
    const url = `${STATUS_BASE}/revocation`;
    const list = async (revoked: number[]) => {
      const bits = createStatusBitstring();
      for (const i of revoked) setStatusBit(bits, i, true);
      return signDataIntegrity({ credential: buildStatusListCredential({ id: url, issuer: DID, statusPurpose: 'revocation', bits, validFrom: '2025-01-01T00:00:00Z' }), signer, documentLoader: loader, created: '2025-01-01T00:00:00Z' });
    };
    let served = await list([]);
    let now = NOW.getTime();
    let didLookups = 0;
    const cache = new StatusListCache({ ttlMs: 60_000 });
    const deps: VerifyDeps = {
      resolveDid: async (did) => {
        didLookups++;
        return did === DID ? didDoc : null;
      },
      fetchStatusList: async () => served,
      now: () => new Date(now),
      statusListCache: cache,
    };
    const badge = await signDataIntegrity({ credential: unsignedCredential({ statusIndex: 5 }), signer, documentLoader: loader });
    const status = async () => (await verifyCredential(badge, deps)).checks.find((c) => c.id === 'status')!;

    expect(await status()).toMatchObject({ status: 'passed' });
    const first = didLookups;
    expect(await status()).toMatchObject({ status: 'passed' });
    // The second verification resolved the DID for the badge only, not again for the list.
    expect(didLookups - first).toBeLessThan(first);

    served = await list([5]);
    expect(await status()).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Revoked/) });

    const lookupsBefore = didLookups;
    now += 61_000;
    expect(await status()).toMatchObject({ status: 'failed' });
    expect(didLookups - lookupsBefore).toBe(first); // expired: the list was verified again
  });
});
