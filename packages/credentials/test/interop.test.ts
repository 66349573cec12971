import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { compactVerify, importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDidDocument, createDocumentLoader, createSigner, createStatusBitstring, ed25519PrivateJwk, ed25519PublicJwk, encodeStatusList,
  generateEd25519Key, setStatusBit, signDataIntegrity, signJwt, verifyCredential, MULTIKEY_V1_CONTEXT,
  type DidDocument, type StoredEd25519Key,
} from '../src/index.ts';
import { DID, memoryDeps, unsignedCredential } from './helpers.ts';

let key: StoredEd25519Key;
let didDoc: DidDocument;
const loaderFor = (doc: DidDocument) => createDocumentLoader({
  resolve: async (url) => {
    if (url === doc.id) return doc;
    const vm = doc.verificationMethod.find((m) => m.id === url);
    return vm ? { '@context': doc['@context'], ...vm } : undefined;
  },
});

beforeAll(async () => {
  key = await generateEd25519Key({ controller: DID });
  didDoc = await buildDidDocument({ did: DID, keys: [key] });
});

describe('interop with @digitalbazaar/vc', () => {
  it('a credential we sign verifies with vc.verifyCredential (issuer = controller, assertionMethod)', async () => {
    const signed = await signDataIntegrity({ credential: unsignedCredential(), signer: await createSigner(key) });
    const result = await vc.verifyCredential({
      credential: signed,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: loaderFor(didDoc),
    });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('a credential issued directly with vc.issue verifies with ours (object-valued proof tolerated)', async () => {
    const kp = await Ed25519Multikey.from({ '@context': MULTIKEY_V1_CONTEXT, type: 'Multikey', ...key });
    const signed = await vc.issue({
      credential: unsignedCredential(),
      suite: new DataIntegrityProof({ signer: kp.signer(), cryptosuite }),
      documentLoader: loaderFor(didDoc),
    });
    expect(Array.isArray(signed.proof)).toBe(false);
    const report = await verifyCredential(signed, memoryDeps({ [DID]: didDoc }));
    expect(report.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'schema')?.message).toMatch(/compacted form/);
  });

  it('vc.verifyCredential rejects a credential we sign after tampering', async () => {
    const signed = await signDataIntegrity({ credential: unsignedCredential(), signer: await createSigner(key) });
    const result = await vc.verifyCredential({
      credential: { ...signed, name: 'Something else' },
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: loaderFor(didDoc),
    });
    expect(result.verified).toBe(false);
  });
});

describe('interop with jose (VC-JWT)', () => {
  it('our EdDSA JWT verifies with jose against the JWK of the Multikey', async () => {
    const jwt = await signJwt({ credential: unsignedCredential(), signer: await createSigner(key) });
    const jwk = await ed25519PublicJwk(didDoc.verificationMethod[0]!.publicKeyMultibase!);
    const { protectedHeader } = await compactVerify(jwt, await importJWK(jwk as never, 'EdDSA'));
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: `${DID}#key-1`, typ: 'JWT' });
  });

  it('a JWT signed by jose with our exported private JWK (32-byte d) verifies with ours', async () => {
    const priv = await ed25519PrivateJwk(key);
    expect(Buffer.from(priv.d!, 'base64url')).toHaveLength(32);
    const credential = unsignedCredential();
    const jwt = await new SignJWT({ ...credential })
      .setProtectedHeader({ alg: 'EdDSA', kid: `${DID}#key-1`, typ: 'JWT' })
      .setIssuer(DID)
      .sign(await importJWK(priv as never, 'EdDSA'));
    const report = await verifyCredential(jwt, memoryDeps({ [DID]: didDoc }));
    expect(report.verified).toBe(true);
  });
});

describe('interop with @digitalbazaar/vc-bitstring-status-list', () => {
  it('decodes our encodedList with the same bits set', async () => {
    const bits = createStatusBitstring();
    setStatusBit(bits, 0, true);
    setStatusBit(bits, 131_071, true);
    const list = await decodeList({ encodedList: encodeStatusList(bits) });
    expect(list.length).toBe(131_072);
    expect([list.getStatus(0), list.getStatus(1), list.getStatus(131_071)]).toEqual([true, false, true]);
  });
});
