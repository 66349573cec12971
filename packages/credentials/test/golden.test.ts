import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_ORDER, verifyCredential, type CheckId, type VerificationReport } from '../src/index.ts';
import { buildFixtures } from './fixtures/generate.ts';
import { DID, memoryDeps, OTHER_DID, STATUS_BASE } from './helpers.ts';

const dir = new URL('./fixtures/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir));
const json = (name: string) => JSON.parse(read(name).toString('utf8')) as Record<string, unknown>;
const text = (name: string) => read(name).toString('utf8').trim();

const docs = {
  [DID]: json('did.json'),
  [OTHER_DID]: json('did-other.json'),
  [`${STATUS_BASE}/revocation`]: json('status-revocation.json'),
  [`${STATUS_BASE}/suspension`]: json('status-suspension.json'),
};
const deps = memoryDeps(docs);

function status(report: VerificationReport, id: CheckId) {
  const c = report.checks.find((x) => x.id === id);
  expect(c, `check ${id} present`).toBeDefined();
  return c!;
}

function expectOnly(report: VerificationReport, id: CheckId, state: 'failed' | 'unknown', message: RegExp) {
  expect(report.verified).toBe(false);
  expect(status(report, id).status).toBe(state);
  expect(status(report, id).message).toMatch(message);
}

describe('golden fixtures', () => {
  it('are reproduced byte for byte by the current code (deterministic Ed25519 signing)', async () => {
    const fresh = await buildFixtures();
    for (const name of ['valid.json', 'expired.json', 'revoked.json', 'status-revocation.json', 'did.json']) {
      expect(JSON.stringify(fresh[name], null, 2) + '\n', name).toBe(read(name).toString('utf8'));
    }
    expect(Buffer.compare(fresh['valid.png'] as Buffer, read('valid.png'))).toBe(0);
  });

  it('valid credential passes every check, in the stable order', async () => {
    const report = await verifyCredential(json('valid.json'), deps);
    expect(report.checks.map((c) => c.id)).toEqual(CHECK_ORDER.filter((id) => id !== 'recipient' && id !== 'credentials'));
    expect(report.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(report).toMatchObject({ verified: true, outcome: 'verified', format: 'vc-di', container: 'json' });
    expect(status(report, 'status').message).toMatch(/cannot revoke/);
  });

  it('valid credential given as a JSON string and as a baked PNG verifies too', async () => {
    expect((await verifyCredential(text('valid.json'), deps)).verified).toBe(true);
    const png = await verifyCredential(read('valid.png'), deps);
    expect(png).toMatchObject({ verified: true, container: 'png', format: 'vc-di' });
  });

  it('valid VC-JWT verifies', async () => {
    const report = await verifyCredential(text('valid.jwt'), deps);
    expect(report).toMatchObject({ verified: true, format: 'vc-jwt', container: 'jwt' });
    expect(status(report, 'proof').message).toMatch(/EdDSA/);
  });

  it('expired → validity failed', async () => {
    const report = await verifyCredential(json('expired.json'), deps);
    expectOnly(report, 'validity', 'failed', /^Expired: valid until 2025-01-01T00:00:00Z/);
    expect(status(report, 'proof').status).toBe('passed');
  });

  it('not yet valid → validity failed', async () => {
    expectOnly(await verifyCredential(json('not-yet-valid.json'), deps), 'validity', 'failed', /^Not yet valid: valid from 2026-01-01/);
  });

  it('revoked → status failed; a neighbouring index on the same list passes', async () => {
    expectOnly(await verifyCredential(json('revoked.json'), deps), 'status', 'failed', /^Revoked \(status list .*revocation, index 42\)/);
    const ok = await verifyCredential(json('not-revoked.json'), deps);
    expect(ok.verified).toBe(true);
    expect(status(ok, 'status').message).toBe('Not revoked');
  });

  it('suspended → status failed', async () => {
    expectOnly(await verifyCredential(json('suspended.json'), deps), 'status', 'failed', /^Suspended \(status list .*index 7\)/);
  });

  it('status list fetch failure → status unknown, never a pass', async () => {
    const offline = memoryDeps(docs, { fetchStatusList: async () => { throw new Error('ECONNREFUSED'); } });
    const report = await verifyCredential(json('not-revoked.json'), offline);
    expectOnly(report, 'status', 'unknown', /could not be retrieved: ECONNREFUSED/);
    expect(report.outcome).toBe('indeterminate');
  });

  it('a forged status list (not signed by the issuer) → status failed', async () => {
    const forged = structuredClone(json('status-revocation.json')) as any;
    forged.credentialSubject.encodedList = (json('status-suspension.json') as any).credentialSubject.encodedList;
    const report = await verifyCredential(json('not-revoked.json'), memoryDeps({ ...docs, [`${STATUS_BASE}/revocation`]: forged }));
    expectOnly(report, 'status', 'failed', /not trustworthy \(proof: Signature does not match/);
  });

  it('tampered (one value changed) → proof failed', async () => {
    const report = await verifyCredential(json('tampered.json'), deps);
    expectOnly(report, 'proof', 'failed', /^Signature does not match/);
    expect(status(report, 'issuer_key').status).toBe('passed');
  });

  it('tampered by a single character → proof failed', async () => {
    const raw = text('valid.json').replace('Reads, cleans', 'Reads, cleanz');
    expectOnly(await verifyCredential(raw, deps), 'proof', 'failed', /^Signature does not match/);
  });

  it('wrong key (same key id, different secret) → proof failed', async () => {
    expectOnly(await verifyCredential(json('wrong-key.json'), deps), 'proof', 'failed', /^Signature does not match/);
  });

  it('issuer/controller mismatch → issuer_key failed', async () => {
    const report = await verifyCredential(json('issuer-mismatch.json'), deps);
    expectOnly(report, 'issuer_key', 'failed', new RegExp(`^Issuer ${DID} does not match the key's controller ${OTHER_DID}`));
    expect(status(report, 'proof').status).toBe('passed');
  });

  it('DID document unavailable → issuer_key and proof unknown', async () => {
    const report = await verifyCredential(json('valid.json'), memoryDeps(docs, { resolveDid: async () => { throw new Error('timeout'); } }));
    expectOnly(report, 'issuer_key', 'unknown', /could not be retrieved: timeout/);
    expect(status(report, 'proof').status).toBe('unknown');
  });

  it('DID that does not exist → issuer_key failed', async () => {
    const report = await verifyCredential(json('valid.json'), memoryDeps({}, { fetchStatusList: deps.fetchStatusList }));
    expectOnly(report, 'issuer_key', 'failed', /does not exist/);
  });

  it('unknown context → context failed, proof not claimed', async () => {
    const report = await verifyCredential(json('unknown-context.json'), deps);
    expectOnly(report, 'context', 'failed', /Unknown JSON-LD context https:\/\/example\.org\/unknown-context\.jsonld/);
    expect(status(report, 'proof').status).toBe('unknown');
  });

  it('missing required fields → schema failed (and validity)', async () => {
    const report = await verifyCredential(json('missing-fields.json'), deps);
    expectOnly(report, 'schema', 'failed', /must have required property 'validFrom'/);
    expect(status(report, 'validity').message).toBe('Credential has no validFrom');
  });

  it('malformed JWTs → format failed, the rest not checked, no throw', async () => {
    for (const name of ['malformed.jwt', 'truncated.jwt']) {
      const report = await verifyCredential(text(name), deps);
      expectOnly(report, 'format', 'failed', /^Malformed JWT/);
      expect(report.checks.slice(1).every((c) => c.status === 'unknown')).toBe(true);
    }
  });

  it('PNG with two credential chunks → format failed with a clear message', async () => {
    expectOnly(await verifyCredential(read('two-chunks.png'), deps), 'format', 'failed', /DUPLICATE_CREDENTIAL: PNG carries 2 "openbadgecredential" chunks/);
  });

  it('garbage input never throws', async () => {
    for (const input of ['', 'hello', '{not json', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]), null as never, 42 as never, { foo: 1 }]) {
      const report = await verifyCredential(input, deps);
      expect(report.verified).toBe(false);
      expect(report.checks[0]!.id).toBe('format');
      expect(report.checks[0]!.status).toBe('failed');
    }
  });
});
