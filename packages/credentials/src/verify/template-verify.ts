// The eddsa-rdfc-2022 proof check by per-shape template (issue #18): for a credential whose shape the
// verifier has seen before (its own badge classes, in practice), the document and the proof configuration
// are canonicalised through templates (issue/template.ts) instead of JSON-LD expansion, then SHA-256 and
// Ed25519 as the library does. It only ever says "valid": on any doubt — a shape no template covers, a key
// that is not a plain Ed25519 Multikey, a proofValue that is not base58btc, a date the library would refuse,
// or a signature that does not match — it returns false and the caller runs the library (jsonld-signatures
// + DataIntegrityProof), whose verdict and message stand. So a tampered credential is refused exactly as
// the library refuses it (template-verify.test.ts changes each literal and compares).
import { createHash, createPublicKey, verify as edVerify, type KeyObject } from 'node:crypto';
import { base58btcDecode } from '../issue/base58.ts';
import { createDocumentLoader } from '../contexts/index.ts';
import type { CanonicalCache } from '../issue/canonical.ts';
import type { KeyMaterial } from './key-material.ts';
import type { Obj } from './util.ts';

const VC_2_0_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const DI_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
// data-integrity's util.isW3cDate (XMLDateTimeRegExp, unanchored as there).
const XML_DATE_TIME = /-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?/;

// Templates are only used for documents whose every context is bundled, so the bundled loader is enough.
const loader = createDocumentLoader();
const keys = new Map<string, KeyObject | null>();
function ed25519Key(multibase: string): KeyObject | null {
  let k = keys.get(multibase);
  if (k !== undefined) return k;
  try {
    const bytes = base58btcDecode(multibase.slice(1));
    k = bytes.length === 34 && bytes[0] === 0xed && bytes[1] === 0x01
      ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.subarray(2)).toString('base64url') }, format: 'jwk' })
      : null;
  } catch {
    k = null;
  }
  if (keys.size >= 256) keys.delete(keys.keys().next().value!);
  keys.set(multibase, k);
  return k;
}

const includes = (context: unknown, url: string) => (Array.isArray(context) ? context.includes(url) : context === url);
const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** True only when the proof is a valid eddsa-rdfc-2022 signature by `key` over `doc` (see above). */
export async function verifyByTemplate(doc: Obj, proof: Obj, key: KeyMaterial, cache: CanonicalCache): Promise<boolean> {
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022' || proof.proofPurpose !== 'assertionMethod') return false;
  if (typeof proof.verificationMethod !== 'string' || proof.verificationMethod !== key.id) return false;
  const { proofValue, ...config } = proof;
  if (typeof proofValue !== 'string' || proofValue[0] !== 'z') return false;
  for (const d of [proof.created, proof.expires]) if (d !== undefined && !XML_DATE_TIME.test(String(d))) return false;
  const multibase = key.publicKeyMultibase;
  const publicKey = typeof multibase === 'string' && multibase.startsWith('z6Mk') ? ed25519Key(multibase) : null;
  if (!publicKey) return false;
  const { proof: _proofs, ...document } = doc;
  // jsonld-signatures gives the proof the document's @context unless it has its own.
  const proofConfig = { '@context': config['@context'] ?? document['@context'], ...config };
  const context = proofConfig['@context'];
  if (!includes(document['@context'], VC_2_0_CONTEXT) || !(includes(context, VC_2_0_CONTEXT) || includes(context, DI_V2_CONTEXT))) return false;
  const opts = { documentLoader: loader, base: null, safe: true };
  const canonicalDoc = await cache.canonizeByTemplate(document, opts);
  if (canonicalDoc === undefined) return false;
  const canonicalConfig = await cache.canonizeByTemplate(proofConfig, opts);
  if (canonicalConfig === undefined) return false;
  let signature: Uint8Array;
  try {
    signature = base58btcDecode(proofValue.slice(1));
  } catch {
    return false;
  }
  if (signature.length !== 64) return false;
  return edVerify(null, Buffer.concat([sha256(canonicalConfig), sha256(canonicalDoc)]), publicKey, signature);
}
