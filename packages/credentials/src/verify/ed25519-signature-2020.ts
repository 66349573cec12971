// Verification (only) of Ed25519Signature2020 proofs (W3C CCG Ed25519Signature2020, VC 1.0 data model):
// the suite the DCC Learner Credential Wallet signs its DIDAuth presentations with by default. It is
// jsonld-signatures' LinkedDataSignature (RDF Dataset Canonicalization of the proof options and of the
// document, SHA-256 of each, the signature over their concatenation) with the suite's own parts, as
// @digitalbazaar/ed25519-signature-2020 5.x does them: the proofValue is base58btc multibase ('z'), the
// key is read by ed25519-multikey from the verification method (an Ed25519VerificationKey2020 or a
// Multikey: both carry the same z6Mk… publicKeyMultibase) and checked as Ed25519VerificationKey2020.
// Written here rather than depended on because Laurel never signs with it; the test suite checks it
// against a presentation signed by that library (packages/credentials/test/fixtures/lcw/).
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import jsigs from 'jsonld-signatures';
import { ED25519_2020_CONTEXT } from '../contexts/index.ts';

type Obj = Record<string, unknown>;
type Loader = (url: string) => Promise<{ document: unknown }>;

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Decodes base58btc (the Bitcoin alphabet), leading '1's being zero bytes. */
export function base58btcDecode(text: string): Uint8Array {
  let n = 0n;
  for (const ch of text) {
    const v = BASE58.indexOf(ch);
    if (v < 0) throw new Error(`Invalid base58btc character ${JSON.stringify(ch)}`);
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n % 256n));
    n /= 256n;
  }
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes]);
}

function includesContext(document: Obj, url: string): boolean {
  const c = document['@context'];
  return c === url || (Array.isArray(c) && c.includes(url));
}

export class Ed25519Signature2020Verifier extends jsigs.suites.LinkedDataSignature {
  constructor() {
    super({ type: 'Ed25519Signature2020', contextUrl: ED25519_2020_CONTEXT });
  }

  async sign(): Promise<never> {
    throw new Error('Laurel verifies Ed25519Signature2020 proofs; it never signs with them.');
  }

  async verifySignature({ verifyData, verificationMethod, proof }: { verifyData: Uint8Array; verificationMethod: Obj; proof: Obj }): Promise<boolean> {
    const { proofValue } = proof;
    if (typeof proofValue !== 'string' || !proofValue.startsWith('z')) throw new Error('The proof has no base58btc multibase proofValue.');
    const key = await Ed25519Multikey.from(verificationMethod);
    return key.verifier().verify({ data: verifyData, signature: base58btcDecode(proofValue.slice(1)) });
  }

  async getVerificationMethod({ proof, documentLoader }: { proof: Obj; documentLoader: Loader }): Promise<Obj> {
    const vm = proof.verificationMethod;
    const id = typeof vm === 'string' ? vm : vm && typeof vm === 'object' ? (vm as Obj).id : undefined;
    if (typeof id !== 'string') throw new Error('No "verificationMethod" found in proof.');
    const { document } = await documentLoader(id);
    const key = await Ed25519Multikey.from((typeof document === 'string' ? JSON.parse(document) : document) as Obj);
    const method = await key.export({ publicKey: true, includeContext: true });
    if (method.revoked !== undefined) throw new Error('The verification method has been revoked.');
    return { ...method, '@context': ED25519_2020_CONTEXT, type: 'Ed25519VerificationKey2020' };
  }

  async assertVerificationMethod(): Promise<void> {
    // getVerificationMethod already made it an Ed25519VerificationKey2020 from an Ed25519 key.
  }

  override async matchProof(opts: { proof: Obj; document: Obj; purpose?: unknown; documentLoader?: unknown }): Promise<boolean> {
    return includesContext(opts.document, ED25519_2020_CONTEXT) && super.matchProof(opts);
  }
}
