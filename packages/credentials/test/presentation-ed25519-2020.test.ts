// Ed25519Signature2020 DIDAuth presentations — what the DCC Learner Credential Wallet signs by default —
// checked by verifyPresentation against one signed by @digitalbazaar/ed25519-signature-2020 5.4 itself
// (fixtures/lcw/, made by make-fixture.mjs there), and the base58btc decoder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyPresentation } from '../src/index.ts';
import { base58btcDecode } from '../src/verify/ed25519-signature-2020.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(fs.readFileSync(path.join(here, 'fixtures/lcw/didauth-ed25519-2020.json'), 'utf8')) as Record<string, unknown> & { proof: Record<string, unknown>; holder: string };
const CHALLENGE = '6f1c2a4e-8b3d-4f5a-9c7e-0d2b1a3f4e5c';
const DOMAIN = 'http://laurel.test';
const statusOf = (r: { checks: { id: string; status: string }[] }) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

describe('Ed25519Signature2020 presentations (Learner Credential Wallet DIDAuth)', () => {
  it('verifies the library-signed presentation with its challenge and domain, and names the holder', async () => {
    const r = await verifyPresentation(fixture, { challenge: CHALLENGE, domain: DOMAIN });
    expect(statusOf(r)).toEqual({ format: 'passed', context: 'passed', proof: 'passed', holder: 'passed', credentials: 'passed' });
    expect(r.checks.find((c) => c.id === 'proof')!.message).toMatch(/^Ed25519Signature2020 authentication proof by did:key:z6Mk/);
    expect(r.holder).toBe(fixture.holder);
  });

  it('refuses it for another challenge or domain, altered, or with its signature changed', async () => {
    expect((await verifyPresentation(fixture, { challenge: 'another', domain: DOMAIN })).checks.find((c) => c.id === 'proof')!.message).toMatch(/challenge .* is not the expected "another"/);
    expect((await verifyPresentation(fixture, { challenge: CHALLENGE, domain: 'https://elsewhere.example' })).verified).toBe(false);
    const moved = await verifyPresentation({ ...fixture, holder: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }, { challenge: CHALLENGE, domain: DOMAIN });
    expect(statusOf(moved).proof).toBe('failed');
    expect(moved.holder).toBeUndefined();
    const sig = String(fixture.proof.proofValue);
    const flipped = { ...fixture, proof: { ...fixture.proof, proofValue: `${sig.slice(0, -2)}${sig.endsWith('a') ? 'b' : 'a'}${sig.slice(-1)}` } };
    expect(statusOf(await verifyPresentation(flipped, { challenge: CHALLENGE, domain: DOMAIN })).proof).toBe('failed');
    const noContext = { ...fixture, '@context': ['https://www.w3.org/2018/credentials/v1'] };
    expect((await verifyPresentation(noContext, { challenge: CHALLENGE, domain: DOMAIN })).verified).toBe(false);
  });

  it('decodes base58btc like the Bitcoin alphabet, leading 1s as zero bytes', () => {
    expect([...base58btcDecode('')]).toEqual([]);
    expect([...base58btcDecode('1')]).toEqual([0]);
    expect([...base58btcDecode('11z')]).toEqual([0, 0, 57]);
    expect(Buffer.from(base58btcDecode('StV1DL6CwTryKyV')).toString()).toBe('hello world');
    expect(() => base58btcDecode('0OIl')).toThrow(/Invalid base58btc/);
    expect(base58btcDecode(String(fixture.proof.proofValue).slice(1))).toHaveLength(64);
  });
});
