import { beforeAll, describe, expect, it } from 'vitest';
import {
  bakePng, bakeSvg, buildDidDocument, buildEndorsementCredential, buildProfile, createSigner, extractPng, extractSvg,
  generateEd25519Key, generateP256Key, generateRsaKey, jwtSubject, signDataIntegrity, signJwt, validateOb3Schema, verifyCredential,
  IssueError, SchemaValidationError, type Signer, type StoredKey, type VerifyDeps,
} from '../src/index.ts';
import { DID, memoryDeps, tinyPng, TINY_SVG, unsignedCredential } from './helpers.ts';

let ed: Signer;
let rsa: Signer;
let es: Signer;
let deps: VerifyDeps;
let rotatedDeps: VerifyDeps;
let oldKeySigner: Signer;
const ENDORSER = 'did:web:localhost%3A3000:orgs:regents';
let endorserSigner: Signer;

beforeAll(async () => {
  // Keys generated once per file keep the suite fast.
  const edKey = await generateEd25519Key({ controller: DID });
  const rsaKey = await generateRsaKey({ controller: DID, id: `${DID}#key-rsa` });
  const ecKey = await generateP256Key({ controller: DID, id: `${DID}#key-es256` });
  const oldKey = await generateEd25519Key({ controller: DID, id: '#key-0' });
  const endorserKey = await generateEd25519Key({ controller: ENDORSER });
  // Stored keys must survive JSON round trips (the server encrypts and stores them as text).
  const revive = (k: StoredKey) => JSON.parse(JSON.stringify(k)) as StoredKey;
  ed = await createSigner(revive(edKey));
  rsa = await createSigner(revive(rsaKey));
  es = await createSigner(revive(ecKey));
  oldKeySigner = await createSigner(oldKey);
  endorserSigner = await createSigner(endorserKey);
  const didDoc = await buildDidDocument({ did: DID, keys: [edKey, rsaKey, ecKey] });
  deps = memoryDeps({ [DID]: didDoc, [ENDORSER]: await buildDidDocument({ did: ENDORSER, keys: [endorserKey] }) });
  rotatedDeps = memoryDeps({ [DID]: await buildDidDocument({ did: DID, keys: [oldKey, edKey, rsaKey] }) });
});

type Format = { name: string; make: () => Promise<string | object> };
const formats: Format[] = [
  { name: 'Data Integrity eddsa-rdfc-2022', make: () => signDataIntegrity({ credential: unsignedCredential(), signer: ed }) },
  { name: 'VC-JWT EdDSA', make: () => signJwt({ credential: unsignedCredential(), signer: ed }) },
  { name: 'VC-JWT RS256', make: () => signJwt({ credential: unsignedCredential(), signer: rsa }) },
  { name: 'VC-JWT ES256', make: () => signJwt({ credential: unsignedCredential(), signer: es }) },
];

describe.each(formats)('round trip: $name', ({ make }) => {
  it('as JSON / JWT text', async () => {
    const signed = await make();
    const input = typeof signed === 'string' ? signed : JSON.stringify(signed);
    const report = await verifyCredential(input, deps);
    expect(report.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(report.verified).toBe(true);
  });

  it('baked into PNG, extracted, verified', async () => {
    const signed = await make();
    const png = bakePng(tinyPng(), signed);
    const extracted = extractPng(png);
    expect(extracted?.version).toBe('3.0');
    expect(extracted?.payload).toBe(typeof signed === 'string' ? signed : JSON.stringify(signed));
    const report = await verifyCredential(png, deps);
    expect(report).toMatchObject({ verified: true, container: 'png' });
  });

  it('baked into SVG, extracted, verified', async () => {
    const signed = await make();
    const svg = bakeSvg(TINY_SVG, signed);
    expect(extractSvg(svg)?.payload).toBe(typeof signed === 'string' ? signed : JSON.stringify(signed));
    const report = await verifyCredential(Buffer.from(svg), deps);
    expect(report).toMatchObject({ verified: true, container: 'svg' });
  });
});

describe('issuing', () => {
  it('emits canonical OB 3.0 (arrays for type and proof) that passes the official schema strictly', async () => {
    const signed = await signDataIntegrity({ credential: unsignedCredential(), signer: ed });
    expect(Array.isArray(signed.proof)).toBe(true);
    expect(validateOb3Schema(signed, { tolerateCompacted: false })).toMatchObject({ valid: true, compacted: false });
  });

  it('JWT carries only alg/kid/typ and the OB claims', async () => {
    const jwt = await signJwt({ credential: unsignedCredential({ validUntil: '2030-01-01T00:00:00Z' }), signer: rsa });
    const [h, p] = jwt.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url').toString()) as Record<string, unknown>);
    expect(h).toEqual({ alg: 'RS256', kid: `${DID}#key-rsa`, typ: 'JWT' });
    expect(p).toMatchObject({ iss: DID, jti: 'urn:uuid:0e7a9b2c-1111-4000-8000-000000000001', nbf: Date.parse('2025-01-15T00:00:00Z') / 1000, exp: Date.parse('2030-01-01T00:00:00Z') / 1000 });
    // A hashed-email subject has no id: sub is the name-based UUID of its identifier (docs/CREDENTIALS.md).
    expect(p!.sub).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p!.sub).toBe(jwtSubject(unsignedCredential()));
    expect(p!.proof).toBeUndefined();
  });

  it('JWT sub is credentialSubject.id when the subject has one; a DI proof is left out of the claims', async () => {
    const c = unsignedCredential();
    const withId = { ...c, credentialSubject: { ...c.credentialSubject, id: 'did:example:earner' } };
    const signed = await signDataIntegrity({ credential: withId, signer: ed });
    const jwt = await signJwt({ credential: signed, signer: es });
    const [h, p] = jwt.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url').toString()) as Record<string, unknown>);
    expect(h).toEqual({ alg: 'ES256', kid: `${DID}#key-es256`, typ: 'JWT' });
    expect(p).toMatchObject({ sub: 'did:example:earner', iss: DID });
    expect(p!.proof).toBeUndefined();
    expect(Buffer.from(jwt.split('.')[2]!, 'base64url')).toHaveLength(64); // raw r‖s, not DER
    expect((await verifyCredential(jwt, deps)).verified).toBe(true);
  });

  it('a JWT whose claims contradict the credential, or whose kid names a key of another type, fails', async () => {
    const jwt = await signJwt({ credential: unsignedCredential(), signer: rsa });
    const [h, p] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, jti: 'urn:uuid:other' })).toString('base64url')}`;
    const resigned = `${forged}.${Buffer.from(await rsa.sign(Buffer.from(forged))).toString('base64url')}`;
    const report = await verifyCredential(resigned, deps);
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'failed', message: expect.stringMatching(/claim jti/) });
    const c = unsignedCredential();
    const withId = await signJwt({ credential: { ...c, credentialSubject: { ...c.credentialSubject, id: 'did:example:earner' } }, signer: rsa });
    const [h2, p2] = withId.split('.');
    const other = `${h2}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p2!, 'base64url').toString()), sub: 'did:example:someone-else' })).toString('base64url')}`;
    const subForged = `${other}.${Buffer.from(await rsa.sign(Buffer.from(other))).toString('base64url')}`;
    expect((await verifyCredential(subForged, deps)).checks.find((x) => x.id === 'proof')).toMatchObject({ status: 'failed', message: expect.stringMatching(/claim sub/) });
    const wrongKid = { id: `${DID}#key-es256`, controller: DID, algorithm: 'RS256' as const, sign: rsa.sign };
    const mislabelled = await signJwt({ credential: unsignedCredential(), signer: wrongKid });
    const r2 = await verifyCredential(mislabelled, deps);
    expect(r2.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'failed', message: expect.stringMatching(/cannot verify a RS256/) });
  });

  it('refuses an issuer that is not the key controller, and RSA for Data Integrity', async () => {
    const c = unsignedCredential();
    await expect(signDataIntegrity({ credential: { ...c, issuer: { ...c.issuer, id: 'did:web:evil' } }, signer: ed })).rejects.toThrow(IssueError);
    await expect(signDataIntegrity({ credential: c, signer: rsa })).rejects.toThrow(/needs an Ed25519 key/);
  });

  it('refuses a credential that fails the canonical schema', async () => {
    const { validFrom: _drop, ...broken } = unsignedCredential();
    await expect(signJwt({ credential: broken, signer: ed })).rejects.toThrow(SchemaValidationError);
  });

  it('credentials signed with a rotated-out key still verify while the DID document lists it', async () => {
    const signed = await signDataIntegrity({ credential: unsignedCredential(), signer: oldKeySigner });
    expect((await verifyCredential(signed, rotatedDeps)).verified).toBe(true);
    const report = await verifyCredential(signed, deps);
    expect(report.checks.find((c) => c.id === 'issuer_key')).toMatchObject({ status: 'failed', message: expect.stringMatching(/not listed in the DID document/) });
  });
});

describe('endorsements', () => {
  async function endorsement(subjectId: string) {
    const e = buildEndorsementCredential({
      id: 'urn:uuid:e0000000-0000-4000-8000-000000000001',
      issuer: buildProfile({ id: ENDORSER, name: 'Board of Regents' }),
      subjectId,
      endorsementComment: 'Meets the state micro-credential framework.',
      name: 'Regents endorsement',
      validFrom: '2025-01-01T00:00:00Z',
    });
    expect(validateOb3Schema(e, { tolerateCompacted: false }).valid).toBe(true);
    return signDataIntegrity({ credential: e, signer: endorserSigner });
  }

  it('embedded EndorsementCredentials are verified (DI credential with an embedded DI endorsement)', async () => {
    const e = await endorsement('http://localhost:3000/orgs/okstate/achievements/data-101');
    expect(validateOb3Schema(e, { tolerateCompacted: false }).valid).toBe(true);
    const signed = await signDataIntegrity({ credential: { ...unsignedCredential(), endorsement: [e] }, signer: ed });
    expect(validateOb3Schema(signed, { tolerateCompacted: false }).valid).toBe(true);
    const report = await verifyCredential(signed, deps);
    expect(report.verified).toBe(true);
    expect(report.endorsements).toHaveLength(1);
    expect(report.checks.find((c) => c.id === 'endorsements')?.message).toMatch(/^The endorsement by .+ \(urn:uuid:e0000000-0000-4000-8000-000000000001\) verified$/);
  });

  it('endorsementJwt is verified inside a VC-JWT (the OB 3.0 contexts do not define it, so DI cannot carry it)', async () => {
    const e = await endorsement('http://localhost:3000/orgs/okstate/achievements/data-101');
    const { proof: _p, ...unsigned } = e;
    const jwtEndorsement = await signJwt({ credential: unsigned, signer: endorserSigner });
    await expect(signDataIntegrity({ credential: { ...unsignedCredential(), endorsementJwt: [jwtEndorsement] }, signer: ed })).rejects.toThrow(/Safe mode/);
    const jwt = await signJwt({ credential: { ...unsignedCredential(), endorsementJwt: [jwtEndorsement] }, signer: rsa });
    const report = await verifyCredential(jwt, deps);
    expect(report.verified).toBe(true);
    expect(report.endorsements?.[0]).toMatchObject({ verified: true, format: 'vc-jwt' });
  });

  it('a tampered embedded endorsement fails the endorsements check only', async () => {
    const e = await endorsement('http://localhost:3000/orgs/okstate/achievements/data-101');
    const bad = { ...e, name: 'Forged endorsement' };
    const signed = await signDataIntegrity({ credential: { ...unsignedCredential(), endorsement: [bad] }, signer: ed });
    const report = await verifyCredential(signed, deps);
    expect(report.verified).toBe(false);
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual(['endorsements']);
    expect(report.checks.find((c) => c.id === 'endorsements')?.message).toMatch(/proof failed: Signature does not match/);
  });
});

describe('recipient check', () => {
  it('matches the hashed email case-insensitively and rejects others', async () => {
    const signed = await signDataIntegrity({ credential: unsignedCredential(), signer: ed });
    const yes = await verifyCredential(signed, { ...deps, recipient: { email: ' student@example.EDU ' } });
    expect(yes.checks.at(-1)).toMatchObject({ id: 'recipient', status: 'passed' });
    const no = await verifyCredential(signed, { ...deps, recipient: { email: 'someone@example.edu' } });
    expect(no.checks.at(-1)).toMatchObject({ id: 'recipient', status: 'failed' });
  });
});
