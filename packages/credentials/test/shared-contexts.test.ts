// shareJsonLdContexts() (used by bulk signing threads) must not change a single canonical byte: a child
// process canonicalises every fixture with it installed, this process (stock jsonld) compares, and the
// credentials it signed verify with the unmodified @digitalbazaar/vc.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { describe, expect, it } from 'vitest';
import { buildDidDocument, createDocumentLoader, generateEd25519Key } from '../src/index.ts';
import { shareJsonLdContexts } from '../src/issue/shared-contexts.ts';
import { DID, SEED } from './helpers.ts';

const dir = new URL('./fixtures/', import.meta.url);

describe('shareJsonLdContexts', () => {
  it('canonicalises every fixture byte for byte like stock jsonld, and its signatures verify with the plain library', async () => {
    const child = execFileSync(process.execPath, ['--import', 'tsx', new URL('./fixtures/shared-contexts-child.ts', import.meta.url).pathname], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const { canonical, signed } = JSON.parse(child) as { canonical: Record<string, string>; signed: object[] };
    const loader = createDocumentLoader();
    const canonize = cryptosuite.canonize as (d: object, o: object) => Promise<string>;
    const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(names.length).toBeGreaterThan(10);
    let compared = 0;
    for (const name of names) {
      const { proof: _p, ...doc } = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Record<string, unknown>;
      let expected: string;
      try {
        expected = await canonize(doc, { documentLoader: loader });
      } catch (e) {
        expected = `error: ${(e as Error).message}`;
      }
      expect(canonical[`${name}#1`], name).toBe(expected);
      expect(canonical[`${name}#2`], name).toBe(expected);
      if (!expected.startsWith('error')) compared++;
    }
    expect(compared).toBeGreaterThan(10);

    const didDoc = await buildDidDocument({ did: DID, keys: [await generateEd25519Key({ controller: DID, seed: SEED })] });
    const verifyLoader = createDocumentLoader({
      resolve: async (url) => {
        if (url === DID) return didDoc;
        const vm = didDoc.verificationMethod.find((m) => m.id === url);
        return vm ? { '@context': didDoc['@context'], ...vm } : undefined;
      },
    });
    expect(signed).toHaveLength(3);
    for (const credential of signed) {
      const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: verifyLoader,
        // Only the proof is in question here; status lists have their own tests.
        checkStatus: async () => ({ verified: true }) });
      expect(result.error).toBeUndefined();
      expect(result.verified).toBe(true);
    }
  }, 60_000);

  it('refuses to install once jsonld is loaded, where it could not take effect', () => {
    expect(() => shareJsonLdContexts()).toThrow(/before jsonld is loaded/);
  });
});
