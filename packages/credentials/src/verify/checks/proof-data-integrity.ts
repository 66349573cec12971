// The Data Integrity half of `proof`: eddsa-rdfc-2022, eddsa-jcs-2022 and ecdsa-rdfc-2019 signatures
// (suites.ts); other cryptosuites are refused by name.
import jsigs from 'jsonld-signatures';
import { CanonicalCache } from '../../issue/canonical.ts';
import { resolveKey } from '../keys.ts';
import type { Check } from '../report.ts';
import { chooseProof, SUPPORTED_MECHANISMS, verificationMethodId, verifyWithSuite } from '../suites.ts';
import { verifyByTemplate } from '../template-verify.ts';
import { asArray, check, isObj, issuerId, type Obj } from '../util.ts';
import { keyCheck } from './issuer-key.ts';
import type { Context } from './types.ts';

/**
 * Badges of one badge class share their issuer and achievement: their RDF is kept between verifications
 * (keyed by exact JSON, bounded, only parts whose contexts are all bundled — see canonical.ts).
 */
// Templates: a shape is compiled on its second sighting, so one-off shapes sent from outside cost no compile.
const verifyCache = new CanonicalCache({ parts: 64, wholes: 64, templates: 64, compileAfter: 2 });

/**
 * Cryptosuites without a Digital Bazaar implementation in this installation: a proof in one of them is
 * refused by name (with the package that would check it) rather than passed or guessed at.
 */
const ABSENT_SUITES: Readonly<Record<string, string>> = {
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
    return `Unsupported cryptosuite ${suite}${pkg ? ` (its implementation, ${pkg}, is not installed here)` : ''}; supported: ${SUPPORTED_MECHANISMS}`;
  }
  return `Unsupported proof: found ${found || 'a proof without a type'}; supported: ${SUPPORTED_MECHANISMS}`;
}

/** An embedded DataIntegrityProof in a supported cryptosuite: the signature, and whether its key is the issuer's. */
export async function verifyDataIntegrity(doc: Obj, ctx: Context, contextOk: boolean): Promise<{ proof: Check; key: Check }> {
  const issuer = issuerId(doc);
  const proofs = asArray(doc.proof).filter(isObj);
  if (proofs.length === 0) {
    const msg = 'Credential has no proof (neither an embedded proof nor a VC-JWT)';
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'failed', msg) };
  }
  const chosen = chooseProof(proofs);
  if (!chosen) {
    const msg = unsupportedProofMessage(proofs);
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'unknown', msg) };
  }
  const { proof, suite } = chosen;
  if (proof.proofPurpose !== 'assertionMethod') {
    const msg = `Proof purpose is ${String(proof.proofPurpose)}, expected assertionMethod`;
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'failed', msg) };
  }
  const vmId = verificationMethodId(proof);
  const resolution = await resolveKey(vmId, ctx.deps);
  const key = keyCheck(resolution, issuer);
  if (resolution.status !== 'ok') {
    return { proof: check('proof', 'unknown', `Signature not checked: ${resolution.message}`), key };
  }
  if (!contextOk && suite.needsContexts) return { proof: check('proof', 'unknown', 'Signature not checked: the document uses an unknown JSON-LD context'), key };
  // A known shape with a valid signature is settled by its template; anything else goes to the library.
  if (suite.name === 'eddsa-rdfc-2022' && (await verifyByTemplate(doc, proof, resolution.key, verifyCache))) {
    return { proof: check('proof', 'passed', `Data Integrity ${suite.name} signature by ${vmId} is valid`), key };
  }
  const outcome = await verifyWithSuite({
    document: doc,
    proof,
    suite,
    key: resolution.key,
    // The issuer/controller/assertionMethod binding is checked (and reported) by issuer_key;
    // here the purpose only confirms the proof was made for assertion.
    purpose: new jsigs.purposes.AssertionProofPurpose({ controller: { id: resolution.key.controller ?? vmId, assertionMethod: [vmId] } }),
    ...(suite.name === 'eddsa-rdfc-2022' ? { cryptosuite: verifyCache.cryptosuite() } : {}),
  });
  if (outcome.ok) return { proof: check('proof', 'passed', `Data Integrity ${suite.name} signature by ${vmId} is valid`), key };
  const message = outcome.kind === 'signature'
    ? `Signature does not match: the credential was altered after signing or signed by another key (${suite.name}: ${outcome.detail})`
    : outcome.kind === 'key' ? `Signature not checked: ${outcome.detail}` : `Proof could not be verified (${suite.name}): ${outcome.detail}`;
  return { proof: check('proof', 'failed', message), key };
}
