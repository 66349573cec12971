// CLR 2.0: the ClrCredential builder, the draft-04 schema, signing, Laurel's verifier and the Digital
// Bazaar libraries called directly, on a record embedding badges of two issuers signed by a third.
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bakePng, buildClrCredential, buildStatusListCredential, createStatusBitstring, buildDidDocument, buildProfile, createDocumentLoader, createSigner, emailMatchesIdentifier, generateEd25519Key,
  signDataIntegrity, validateClrSchema, verifyCredential, CLR_CONTEXT, CLR_CREDENTIAL_SCHEMA_URL, IssueError, OB3_CONTEXT, VC_V2_CONTEXT,
  type ClrCredential, type DidDocument, type StoredEd25519Key,
} from '../src/index.ts';
import { DID, NOW, OTHER_DID, STATUS_BASE, goldenKeys, issuer, memoryDeps, tinyPng, unsignedCredential } from './helpers.ts';

const REGENTS_DID = 'did:web:localhost%3A3000:orgs:regents';
let key: StoredEd25519Key;
let otherKey: StoredEd25519Key;
let regentsKey: StoredEd25519Key;
let docs: Record<string, DidDocument>;
/** The stored text of each badge, as the issuer signed it. */
let stored: string[];
let statusList: object;

const loader = () => createDocumentLoader({
  resolve: async (url) => {
    for (const doc of Object.values(docs)) {
      if (url === doc.id) return doc;
      const vm = doc.verificationMethod.find((m) => m.id === url);
      if (vm) return { '@context': doc['@context'], ...vm };
    }
    return url === `${STATUS_BASE}/revocation` ? statusList : undefined;
  },
});

beforeAll(async () => {
  ({ key, otherKey } = await goldenKeys());
  regentsKey = await generateEd25519Key({ controller: REGENTS_DID });
  docs = {
    [DID]: await buildDidDocument({ did: DID, keys: [key] }),
    [OTHER_DID]: await buildDidDocument({ did: OTHER_DID, keys: [otherKey] }),
    [REGENTS_DID]: await buildDidDocument({ did: REGENTS_DID, keys: [regentsKey] }),
  };
  // With a status entry, as Laurel's badges have: the VC 1.1-era schema's CredentialStatus must still pass.
  const first = await signDataIntegrity({ credential: unsignedCredential({ id: 'urn:uuid:0e7a9b2c-1111-4000-8000-00000000000a', statusIndex: 7 }), signer: await createSigner(key) });
  const second = unsignedCredential({ id: 'urn:uuid:0e7a9b2c-1111-4000-8000-00000000000b' });
  second.issuer = buildProfile({ id: OTHER_DID, name: 'Another University' });
  second.credentialSubject.achievement = { ...second.credentialSubject.achievement, id: 'http://localhost:3000/orgs/other/achievements/stats-201', name: 'Statistics 201' };
  const signedSecond = await signDataIntegrity({ credential: second, signer: await createSigner(otherKey) });
  statusList = await signDataIntegrity({ credential: buildStatusListCredential({ id: `${STATUS_BASE}/revocation`, issuer: DID, statusPurpose: 'revocation', bits: createStatusBitstring(), validFrom: '2025-01-01T00:00:00Z' }), signer: await createSigner(key), documentLoader: loader(), created: '2025-01-01T00:00:00Z' });
  // Stored texts are compact JSON with the issuer's own key order; the CLR must carry them unchanged.
  stored = [JSON.stringify(first), JSON.stringify(signedSecond)];
});

function unsignedClr(credentials = stored.map((s) => JSON.parse(s) as Record<string, unknown>)): ClrCredential {
  return buildClrCredential({
    id: 'urn:uuid:c1c1c1c1-0000-4000-8000-000000000001',
    issuer: buildProfile({ id: REGENTS_DID, name: 'State Regents for Higher Education' }),
    name: 'Learner record of Student',
    learner: { email: 'Student@Example.edu', salt: 'clr-salt' },
    credentials,
    validFrom: '2025-05-01T00:00:00Z',
    partial: true,
    associations: [{ type: 'Association', associationType: 'isPeerOf', sourceId: 'http://localhost:3000/orgs/okstate/achievements/data-101', targetId: 'http://localhost:3000/orgs/other/achievements/stats-201' }],
  });
}

async function signedClr(credentials?: Array<Record<string, unknown>>) {
  return signDataIntegrity({ credential: unsignedClr(credentials), signer: await createSigner(regentsKey), documentLoader: loader() });
}

describe('buildClrCredential', () => {
  it('has the CLR 2.0 shape: contexts in order, types, ClrSubject with the hashed email and the schema', () => {
    const clr = unsignedClr();
    expect(clr['@context'].slice(0, 3)).toEqual([VC_V2_CONTEXT, CLR_CONTEXT, OB3_CONTEXT]);
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(clr.credentialSubject.type).toEqual(['ClrSubject']);
    expect(emailMatchesIdentifier(clr.credentialSubject.identifier![0]!, 'student@example.edu')).toBe(true);
    expect(clr.credentialSchema).toEqual([{ id: CLR_CREDENTIAL_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }]);
    expect(clr.credentialSubject.achievement!.map((a) => a.name)).toEqual(['Data Literacy 101', 'Statistics 201']);
  });

  it('embeds each credential byte-equivalent to its stored text, proof included', async () => {
    const clr = await signedClr();
    expect(clr.credentialSubject.verifiableCredential.map((c) => JSON.stringify(c))).toEqual(stored);
    expect(clr.credentialSubject.verifiableCredential.every((c) => Array.isArray(c.proof))).toBe(true);
  });

  it('needs at least one credential', () => {
    expect(() => unsignedClr([])).toThrow(/at least one credential/);
  });
});

describe('the CLR 2.0 ClrCredential schema (draft-04)', () => {
  it('every ClrCredential built and signed here passes, in strict (non-compacted) form', async () => {
    for (const doc of [unsignedClr(), await signedClr(), await signedClr([JSON.parse(stored[1]!)])]) {
      expect(validateClrSchema(doc, { tolerateCompacted: false })).toEqual({ valid: true, compacted: false, errors: [] });
    }
  });

  it('catches what the schema forbids', async () => {
    const clr = await signedClr() as unknown as Record<string, any>;
    expect(validateClrSchema({ ...clr, credentialSubject: { ...clr.credentialSubject, verifiableCredential: [] } }).valid).toBe(false);
    expect(validateClrSchema({ ...clr, name: undefined }).errors.join()).toMatch(/name/);
    const badAssoc = { ...clr, credentialSubject: { ...clr.credentialSubject, association: [{ type: 'Association', associationType: 'isCousinOf', sourceId: 'a', targetId: 'b' }] } };
    expect(validateClrSchema(badAssoc).valid).toBe(false);
  });

  it('refuses to sign a ClrCredential the schema rejects', async () => {
    const bad = { ...unsignedClr(), credentialSubject: { type: ['ClrSubject'], verifiableCredential: [] } };
    await expect(signDataIntegrity({ credential: bad, signer: await createSigner(regentsKey), documentLoader: loader() })).rejects.toThrow(IssueError);
  });
});

describe('the Digital Bazaar libraries, called directly', () => {
  // The embedded badges carry a BitstringStatusListEntry: the status list library checks it, with the list
  // served by the same offline loader.
  const verifyDirect = (credential: object) => vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader(), checkStatus, now: NOW });

  it('verify the signed CLR and each credential embedded in it', async () => {
    const clr = await signedClr();
    const outer = await verifyDirect(clr);
    expect(outer.error).toBeUndefined();
    expect(outer.verified).toBe(true);
    for (const embedded of clr.credentialSubject.verifiableCredential) {
      const r = await verifyDirect(embedded);
      expect(r.error).toBeUndefined();
      expect(r.verified).toBe(true);
    }
  });

  it('reject a tampered CLR: its own name, or a badge inside it', async () => {
    const clr = await signedClr();
    expect((await verifyDirect({ ...clr, name: 'Someone else’s record' })).verified).toBe(false);
    const t = structuredClone(clr);
    (t.credentialSubject.verifiableCredential[0] as Record<string, unknown>).name = 'Doctor of Everything';
    expect((await verifyDirect(t)).verified).toBe(false);
    // The tampered badge fails on its own proof too.
    expect((await verifyDirect(t.credentialSubject.verifiableCredential[0]!)).verified).toBe(false);
  });
});

describe("Laurel's verifier", () => {
  const deps = () => memoryDeps({ ...docs, [`${STATUS_BASE}/revocation`]: statusList }, { now: () => NOW });

  it('verifies a CLR: its proof, the CLR schema and each embedded credential, reported one by one', async () => {
    const report = await verifyCredential(await signedClr(), deps());
    expect(report.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(report.credentials?.[0]?.checks.find((c) => c.id === 'status')?.message).toMatch(/not revoked/i);
    expect(report.verified).toBe(true);
    expect(report.checks.find((c) => c.id === 'schema')?.message).toBe('Matches the CLR 2.0 ClrCredential schema');
    expect(report.checks.find((c) => c.id === 'credentials')?.message).toMatch(/^2 of 2 credentials verified/);
    expect(report.credentials?.map((r) => r.outcome)).toEqual(['verified', 'verified']);
    expect(report.credentials?.map((r) => (r.credential?.issuer as { id: string }).id)).toEqual([DID, OTHER_DID]);
  });

  it('reports an embedded credential that fails while the CLR signature itself passes', async () => {
    const forged = JSON.parse(stored[0]!) as Record<string, unknown>;
    forged.name = 'Doctor of Everything';
    const report = await verifyCredential(await signedClr([forged, JSON.parse(stored[1]!)]), deps());
    expect(report.outcome).toBe('failed');
    expect(report.checks.find((c) => c.id === 'proof')?.status).toBe('passed');
    const embedded = report.checks.find((c) => c.id === 'credentials')!;
    expect(embedded.status).toBe('failed');
    expect(embedded.message).toMatch(/^1 of 2 credentials verified/);
    expect(report.credentials?.map((r) => r.outcome)).toEqual(['failed', 'verified']);
  });

  it('fails a tampered CLR on its proof', async () => {
    const report = await verifyCredential({ ...(await signedClr()), name: 'Another record' }, deps());
    expect(report.checks.find((c) => c.id === 'proof')?.status).toBe('failed');
  });

  it('reads a CLR baked into a PNG', async () => {
    const png = bakePng(tinyPng(), JSON.stringify(await signedClr()));
    const report = await verifyCredential(png, deps());
    expect(report.container).toBe('png');
    expect(report.verified).toBe(true);
    expect(report.credentials).toHaveLength(2);
  });

  it('leaves the credentials check out of a badge report', async () => {
    const report = await verifyCredential(stored[0]!, deps());
    expect(report.checks.map((c) => c.id)).not.toContain('credentials');
    expect(report.credentials).toBeUndefined();
    expect(issuer().id).toBe(DID);
  });
});
