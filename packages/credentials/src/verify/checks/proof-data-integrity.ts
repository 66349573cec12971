// The Data Integrity half of `proof`: eddsa-rdfc-2022 signatures; other cryptosuites are refused by name.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader } from '../../contexts/index.ts';
import { CanonicalCache } from '../../issue/canonical.ts';
import { multikeyDocument, resolveKey } from '../keys.ts';
import type { Check } from '../report.ts';
import { asArray, check, errorText, isObj, issuerId, type Obj } from '../util.ts';
import { keyCheck } from './issuer-key.ts';
import type { Context } from './types.ts';

/**
 * Badges of one badge class share their issuer and achievement: their RDF is kept between verifications
 * (keyed by exact JSON, bounded, only parts whose contexts are all bundled — see canonical.ts).
 */
const verifyCache = new CanonicalCache({ parts: 64, wholes: 64 });

/**
 * Cryptosuites whose Digital Bazaar implementation this installation lacks (no package in node_modules,
 * and none may be added): a proof in one of them is refused by name rather than passed or guessed at.
 */
const ABSENT_SUITES: Readonly<Record<string, string>> = {
  'eddsa-jcs-2022': '@digitalbazaar/eddsa-jcs-2022-cryptosuite',
  'ecdsa-rdfc-2019': '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite',
  'ecdsa-jcs-2019': '@digitalbazaar/ecdsa-jcs-2019-cryptosuite',
  'ecdsa-sd-2023': '@digitalbazaar/ecdsa-sd-2023-cryptosuite',
  'bbs-2023': '@digitalbazaar/bbs-2023-cryptosuite',
};

/** Why none of the proofs can be checked: an unsupported cryptosuite (named) or another proof type. */
export function unsupportedProofMessage(proofs: Obj[]): string {
  const found = proofs.map((p) => [p.type, p.cryptosuite].filter(Boolean).join('/')).join(', ');
  const suite = proofs.find((p) => p.type === 'DataIntegrityProof')?.cryptosuite;
  if (typeof suite === 'string') {
    const pkg = ABSENT_SUITES[suite];
    return `Unsupported cryptosuite ${suite}${pkg ? ` (its implementation, ${pkg}, is not installed here)` : ''}; supported: DataIntegrityProof/eddsa-rdfc-2022 and VC-JWT`;
  }
  return `Unsupported proof: found ${found || 'a proof without a type'}; supported: DataIntegrityProof/eddsa-rdfc-2022 and VC-JWT`;
}

/** An embedded DataIntegrityProof (eddsa-rdfc-2022): the signature, and whether its key is the issuer's. */
export async function verifyDataIntegrity(doc: Obj, ctx: Context, contextOk: boolean): Promise<{ proof: Check; key: Check }> {
  const issuer = issuerId(doc);
  const proofs = asArray(doc.proof).filter(isObj);
  if (proofs.length === 0) {
    const msg = 'Credential has no proof (neither an embedded proof nor a VC-JWT)';
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'failed', msg) };
  }
  const supported = proofs.filter((p) => p.type === 'DataIntegrityProof' && p.cryptosuite === 'eddsa-rdfc-2022');
  const chosen = supported[0];
  if (!chosen) {
    const msg = unsupportedProofMessage(proofs);
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'unknown', msg) };
  }
  if (chosen.proofPurpose !== 'assertionMethod') {
    const msg = `Proof purpose is ${String(chosen.proofPurpose)}, expected assertionMethod`;
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'failed', msg) };
  }
  const vmId = typeof chosen.verificationMethod === 'string' ? chosen.verificationMethod : isObj(chosen.verificationMethod) ? String(chosen.verificationMethod.id) : '';
  const resolution = await resolveKey(vmId, ctx.deps);
  const key = keyCheck(resolution, issuer);
  if (resolution.status !== 'ok') {
    return { proof: check('proof', 'unknown', `Signature not checked: ${resolution.message}`), key };
  }
  if (!contextOk) return { proof: check('proof', 'unknown', 'Signature not checked: the document uses an unknown JSON-LD context'), key };
  if (!resolution.key.publicKeyMultibase) return { proof: check('proof', 'failed', `Key ${vmId} has no publicKeyMultibase for eddsa-rdfc-2022`), key };
  const vmDoc = multikeyDocument(resolution.key);
  const loader = createDocumentLoader({ resolve: async (url) => (url === vmId ? vmDoc : undefined) });
  try {
    const result = await jsigs.verify(
      { ...doc, proof: chosen },
      {
        suite: new DataIntegrityProof({ cryptosuite: verifyCache.cryptosuite() }),
        // The issuer/controller/assertionMethod binding is checked (and reported) by issuer_key;
        // here the purpose only confirms the proof was made for assertion.
        purpose: new jsigs.purposes.AssertionProofPurpose({ controller: { id: resolution.key.controller ?? vmId, assertionMethod: [vmId] } }),
        documentLoader: loader,
      },
    );
    if (result.verified) return { proof: check('proof', 'passed', `Data Integrity eddsa-rdfc-2022 signature by ${vmId} is valid`), key };
    const err = result.error ?? result.results?.find((r) => r.error)?.error;
    const detail = errorText((err as { errors?: unknown[] })?.errors?.[0] ?? err ?? 'signature mismatch');
    const invalidSig = /Invalid signature|verif/i.test(detail) || detail === 'signature mismatch';
    return {
      proof: check('proof', 'failed', invalidSig
        ? `Signature does not match: the credential was altered after signing or signed by another key (${detail})`
        : `Proof could not be verified: ${detail}`),
      key,
    };
  } catch (error) {
    return { proof: check('proof', 'failed', `Proof could not be verified: ${errorText(error)}`), key };
  }
}
