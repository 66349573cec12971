// Verifiable presentations (VC Data Model 2.0 §4.13, VC-API verifyPresentation): the holder's Data
// Integrity proof (proofPurpose authentication, with the verifier's challenge and domain), the holder,
// and every embedded credential through the general verifier. Never throws: every problem is a check.
import jsigs from 'jsonld-signatures';
import { isBundledContext, VC_V1_CONTEXT, VC_V2_CONTEXT } from '../contexts/index.ts';
import type { VerifyDeps } from './deps.ts';
import { resolveKey } from './keys.ts';
import { choosePresentationProof, verificationMethodId, verifyWithSuite } from './suites.ts';
import { summarise, type Check, type CheckStatus, type VerificationReport } from './report.ts';
import { asArray, errorText, isObj, typesOf, type Obj } from './util.ts';
import { unsupportedProofMessage } from './checks/proof-data-integrity.ts';
import { verifyAnyCredential } from './verify.ts';

export interface PresentationOptions {
  /** When set, the proof must carry exactly this challenge (a missing one is refused). */
  challenge?: string;
  /** When set, the proof's domain must be (or include) this one. */
  domain?: string;
}

/** The checks of a presentation, in this order: format, context, proof, holder, credentials. */
export type PresentationCheckId = 'format' | 'context' | 'proof' | 'holder' | 'credentials';
export interface PresentationCheck { id: PresentationCheckId; status: CheckStatus; message: string }

export interface PresentationReport {
  verified: boolean;
  outcome: 'verified' | 'failed' | 'indeterminate';
  checks: PresentationCheck[];
  /** One report per embedded credential, in document order. */
  credentialResults: VerificationReport[];
  /** The DID that authenticated the presentation (its `holder`, or the signing key's controller), once the proof and holder checks passed. */
  holder?: string;
}

const MAX_CREDENTIALS = 20;

function c(id: PresentationCheckId, status: CheckStatus, message: string): PresentationCheck {
  return { id, status, message };
}

function holderId(vp: Obj): string | undefined {
  if (typeof vp.holder === 'string') return vp.holder;
  return isObj(vp.holder) && typeof vp.holder.id === 'string' ? vp.holder.id : undefined;
}

function formatOf(vp: unknown): PresentationCheck {
  if (!isObj(vp)) return c('format', 'failed', 'The presentation is not a JSON object');
  const first = asArray(vp['@context'])[0];
  if (first !== VC_V2_CONTEXT && first !== VC_V1_CONTEXT) return c('format', 'failed', `First @context must be ${VC_V2_CONTEXT}; found ${JSON.stringify(first ?? null)}`);
  if (!typesOf(vp).includes('VerifiablePresentation')) return c('format', 'failed', 'type does not include VerifiablePresentation');
  return c('format', 'passed', `VerifiablePresentation with ${asArray(vp.verifiableCredential).length} credential(s)`);
}

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

function contextOf(vp: Obj): PresentationCheck {
  const unknown = asArray(vp['@context']).filter((x) => (typeof x === 'string' ? !isBundledContext(x) : !isObj(x)));
  return unknown.length
    ? c('context', 'failed', `Unknown JSON-LD context ${unknown.map((x) => JSON.stringify(x)).join(', ')}; contexts are never fetched`)
    : c('context', 'passed', 'All @context entries are known');
}

function holderOf(vp: Obj, proof: PresentationCheck, controller: string | undefined): PresentationCheck {
  const holder = holderId(vp);
  if (proof.status !== 'passed' || !controller) return c('holder', 'unknown', 'Not checked: the proof did not verify');
  if (!holder) return c('holder', 'passed', `No holder stated; the presentation is authenticated by ${controller}`);
  return holder === controller
    ? c('holder', 'passed', `The holder ${holder} signed the presentation`)
    : c('holder', 'failed', `The holder ${holder} is not the controller ${controller} of the key that signed the presentation`);
}

async function credentialsOf(vp: Obj, deps: VerifyDeps): Promise<{ check: PresentationCheck; results: VerificationReport[] }> {
  const inputs = asArray(vp.verifiableCredential);
  if (inputs.length > MAX_CREDENTIALS) return { check: c('credentials', 'failed', `More than ${MAX_CREDENTIALS} credentials in one presentation`), results: [] };
  const results: VerificationReport[] = [];
  for (const input of inputs) results.push(await verifyAnyCredential(input as object, deps));
  if (results.length === 0) return { check: c('credentials', 'passed', 'The presentation carries no credentials'), results };
  const bad = results.map((r, i) => ({ r, i })).filter(({ r }) => !r.verified);
  if (bad.length === 0) return { check: c('credentials', 'passed', `All ${results.length} credential(s) verified`), results };
  const failed = bad.some(({ r }) => r.outcome === 'failed');
  const text = bad.map(({ r, i }) => `credential ${i + 1}: ${r.checks.filter((x) => x.status !== 'passed').map((x) => `${x.id} ${x.status}: ${x.message}`).join(', ')}`).join('; ');
  return { check: c('credentials', failed ? 'failed' : 'unknown', text), results };
}

/** Verifies a verifiable presentation (a JSON object or its text). */
export async function verifyPresentation(input: unknown, opts: PresentationOptions = {}, deps: VerifyDeps = {}): Promise<PresentationReport> {
  let vp: unknown = input;
  try {
    if (typeof input === 'string') vp = JSON.parse(input);
  } catch (error) {
    vp = undefined;
    const checks = [c('format', 'failed', `Invalid JSON: ${errorText(error)}`)];
    return { verified: false, outcome: 'failed', checks, credentialResults: [] };
  }
  const format = formatOf(vp);
  if (format.status !== 'passed' || !isObj(vp)) return { verified: false, outcome: 'failed', checks: [format], credentialResults: [] };
  try {
    const context = contextOf(vp);
    const { proof, controller } = await proofOf(vp, opts, deps, context.status === 'passed');
    const holder = holderOf(vp, proof, controller);
    const creds = await credentialsOf(vp, deps);
    const checks = [format, context, proof, holder, creds.check];
    const authenticated = holder.status === 'passed' ? (holderId(vp) ?? controller) : undefined;
    return { ...summarise(checks as unknown as Check[]), checks, credentialResults: creds.results, ...(authenticated ? { holder: authenticated } : {}) };
  } catch (error) {
    return { verified: false, outcome: 'failed', checks: [format, c('proof', 'failed', `Verification aborted: ${errorText(error)}`)], credentialResults: [] };
  }
}
