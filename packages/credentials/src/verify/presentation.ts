// Verifiable presentations (VC Data Model 2.0 §4.13, VC-API verifyPresentation): the holder's Data
// Integrity proof (proofPurpose authentication, with the verifier's challenge and domain) — or, for a
// VP-JWT, the holder's JWS (presentation-jwt.ts) — the holder, and every embedded credential through the
// general verifier. Never throws: every problem is a check.
import jsigs from 'jsonld-signatures';
import type { VerifyDeps } from './deps.ts';
import { resolveKey } from './keys.ts';
import { choosePresentationProof, verificationMethodId, verifyWithSuite } from './suites.ts';
import { summarise, type Check } from './report.ts';
import { asArray, errorText, isObj, type Obj } from './util.ts';
import { unsupportedProofMessage } from './checks/proof-data-integrity.ts';
import { authenticatedHolder, c, contextOf, credentialsOf, formatOf, holderOf, type PresentationCheck, type PresentationOptions, type PresentationReport } from './presentation-checks.ts';
import { presentationJws, verifyPresentationJws } from './presentation-jwt.ts';

export type { PresentationCheck, PresentationCheckId, PresentationOptions, PresentationReport } from './presentation-checks.ts';

/** The challenge/domain rules, checked before the signature so that the message names the rule. */
function challengeProblem(proof: Obj, opts: PresentationOptions): string | undefined {
  if (opts.challenge !== undefined) {
    if (proof.challenge === undefined) return `The proof has no challenge; the verifier expects ${JSON.stringify(opts.challenge)}`;
    if (proof.challenge !== opts.challenge) return `The proof's challenge ${JSON.stringify(proof.challenge)} is not the expected ${JSON.stringify(opts.challenge)}`;
  }
  if (opts.domain !== undefined) {
    const domains = asArray(proof.domain);
    if (domains.length === 0) return `The proof has no domain; the verifier expects ${JSON.stringify(opts.domain)}`;
    if (!domains.includes(opts.domain)) return `The proof's domain ${JSON.stringify(proof.domain)} is not the expected ${JSON.stringify(opts.domain)}`;
  }
  return undefined;
}

/**
 * The holder's proof: signature (any supported cryptosuite, authentication) and the key's controller, for
 * `holder`. `contextOk`: every @context is known (RDFC suites need it; JCS signs the JSON).
 */
async function proofOf(vp: Obj, opts: PresentationOptions, deps: VerifyDeps, contextOk: boolean): Promise<{ proof: PresentationCheck; controller?: string }> {
  const proofs = asArray(vp.proof).filter(isObj);
  if (proofs.length === 0) return { proof: c('proof', 'failed', 'The presentation has no proof') };
  // A supported Data Integrity proof (VC 2.0), or the Ed25519Signature2020 the Learner Credential Wallet signs DIDAuth with by default (VC 1.0).
  const chosen = choosePresentationProof(proofs);
  if (!chosen) return { proof: c('proof', 'failed', unsupportedProofMessage(proofs)) };
  const { proof, suite } = chosen;
  if (proof.proofPurpose !== 'authentication') return { proof: c('proof', 'failed', `Proof purpose is ${String(proof.proofPurpose)}, expected authentication`) };
  const rule = challengeProblem(proof, opts);
  if (rule) return { proof: c('proof', 'failed', rule) };
  const vmId = verificationMethodId(proof);
  const resolution = await resolveKey(vmId, deps, 'authentication');
  if (resolution.status !== 'ok') return { proof: c('proof', resolution.status, `Signature not checked: ${resolution.message}`) };
  if (!contextOk && suite.needsContexts) return { proof: c('proof', 'unknown', 'Signature not checked: the presentation uses an unknown JSON-LD context') };
  const controller = resolution.key.controller ?? vmId;
  // Without options.challenge any challenge the holder chose is accepted (the proof must still verify).
  const challenge = opts.challenge ?? (typeof proof.challenge === 'string' ? proof.challenge : '');
  const outcome = await verifyWithSuite({
    document: vp,
    proof,
    suite,
    key: resolution.key,
    purpose: new jsigs.purposes.AuthenticationProofPurpose({ challenge, ...(opts.domain !== undefined ? { domain: opts.domain } : {}), controller: { id: controller, authentication: [vmId] } }),
  });
  if (outcome.ok) return { proof: c('proof', 'passed', `${suite.proofSuite ? suite.name : `Data Integrity ${suite.name}`} authentication proof by ${vmId} is valid`), controller };
  const message = outcome.kind === 'key'
    ? `The presentation's proof was not checked: ${outcome.detail}`
    : outcome.kind === 'signature'
      ? `The presentation's proof does not verify: it was altered after signing or signed by another key (${suite.name}: ${outcome.detail})`
      : `The presentation's proof could not be verified (${suite.name}): ${outcome.detail}`;
  return { proof: c('proof', 'failed', message), controller };
}

/**
 * Verifies a verifiable presentation: a JSON object (or its text) with an embedded Data Integrity proof,
 * or one secured with JOSE (a compact VP-JWT, its data:application/vp+jwt URL, or an
 * EnvelopedVerifiablePresentation carrying one; see presentation-jwt.ts).
 */
export async function verifyPresentation(input: unknown, opts: PresentationOptions = {}, deps: VerifyDeps = {}): Promise<PresentationReport> {
  const failed = (message: string, format: PresentationReport['format'] = 'vp-di'): PresentationReport => ({ verified: false, outcome: 'failed', format, checks: [c('format', 'failed', message)], credentialResults: [] });
  const jws = presentationJws(input);
  if (jws && 'error' in jws) return failed(jws.error, 'vp-jwt');
  if (jws) return verifyPresentationJws(jws.jws, opts, deps);
  let vp: unknown = input;
  try {
    if (typeof input === 'string') vp = JSON.parse(input);
  } catch (error) {
    return failed(`Invalid JSON (and not a compact VP-JWT): ${errorText(error)}`);
  }
  const format = formatOf(vp);
  if (format.status !== 'passed' || !isObj(vp)) return failed(format.message);
  try {
    const context = contextOf(vp);
    const { proof, controller } = await proofOf(vp, opts, deps, context.status === 'passed');
    const holder = holderOf(vp, proof, controller);
    const creds = await credentialsOf(vp, deps);
    const checks = [format, context, proof, holder, creds.check];
    return { ...summarise(checks as unknown as Check[]), format: 'vp-di', checks, credentialResults: creds.results, ...authenticatedHolder(holder, controller) };
  } catch (error) {
    return { verified: false, outcome: 'failed', format: 'vp-di', checks: [format, c('proof', 'failed', `Verification aborted: ${errorText(error)}`)], credentialResults: [] };
  }
}
