// The parts of a presentation's report shared by both securing mechanisms (Data Integrity in
// presentation.ts, JOSE in presentation-jwt.ts): format, context, holder and the embedded credentials.
import { isBundledContext, VC_V1_CONTEXT, VC_V2_CONTEXT } from '../contexts/index.ts';
import type { VerifyDeps } from './deps.ts';
import type { CheckStatus, VerificationReport } from './report.ts';
import { asArray, isObj, typesOf, type Obj } from './util.ts';
import { verifyAnyCredential } from './verify.ts';

export interface PresentationOptions {
  /** When set, the proof must carry exactly this challenge (a VP-JWT: its `nonce` claim). A missing one is refused. */
  challenge?: string;
  /** When set, the proof's domain (a VP-JWT: its `aud` claim) must be (or include) this one. */
  domain?: string;
}

/** The checks of a presentation, in this order: format, context, proof, holder, credentials. */
export type PresentationCheckId = 'format' | 'context' | 'proof' | 'holder' | 'credentials';
export interface PresentationCheck { id: PresentationCheckId; status: CheckStatus; message: string }

export interface PresentationReport {
  verified: boolean;
  outcome: 'verified' | 'failed' | 'indeterminate';
  /** How the presentation was secured: an embedded Data Integrity proof, or JOSE (a VP-JWT, compact or enveloped). */
  format: 'vp-di' | 'vp-jwt';
  checks: PresentationCheck[];
  /** One report per embedded credential, in document order. */
  credentialResults: VerificationReport[];
  /** The DID that authenticated the presentation (the signing key's controller, which a stated `holder` must equal), once the proof and holder checks passed. */
  holder?: string;
}

/** `holder` of the report: the controller of the key that signed, when the holder check passed. */
export function authenticatedHolder(holder: PresentationCheck, controller: string | undefined): { holder?: string } {
  return holder.status === 'passed' && controller ? { holder: controller } : {};
}

const MAX_CREDENTIALS = 20;

export function c(id: PresentationCheckId, status: CheckStatus, message: string): PresentationCheck {
  return { id, status, message };
}

function holderId(vp: Obj): string | undefined {
  if (typeof vp.holder === 'string') return vp.holder;
  return isObj(vp.holder) && typeof vp.holder.id === 'string' ? vp.holder.id : undefined;
}

export function formatOf(vp: unknown): PresentationCheck {
  if (!isObj(vp)) return c('format', 'failed', 'The presentation is not a JSON object');
  const first = asArray(vp['@context'])[0];
  if (first !== VC_V2_CONTEXT && first !== VC_V1_CONTEXT) return c('format', 'failed', `First @context must be ${VC_V2_CONTEXT}; found ${JSON.stringify(first ?? null)}`);
  if (!typesOf(vp).includes('VerifiablePresentation')) return c('format', 'failed', 'type does not include VerifiablePresentation');
  return c('format', 'passed', `VerifiablePresentation with ${asArray(vp.verifiableCredential).length} credential(s)`);
}

export function contextOf(vp: Obj): PresentationCheck {
  const unknown = asArray(vp['@context']).filter((x) => (typeof x === 'string' ? !isBundledContext(x) : !isObj(x)));
  return unknown.length
    ? c('context', 'failed', `Unknown JSON-LD context ${unknown.map((x) => JSON.stringify(x)).join(', ')}; contexts are never fetched`)
    : c('context', 'passed', 'All @context entries are known');
}

/**
 * The holder is the controller of the key that signed. `iss`: a VP-JWT's issuer claim, which must be
 * the holder too (VC-JOSE-COSE recommends against conflicting values; a conflict is refused).
 */
export function holderOf(vp: Obj, proof: PresentationCheck, controller: string | undefined, iss?: unknown): PresentationCheck {
  const holder = holderId(vp);
  if (proof.status !== 'passed' || !controller) return c('holder', 'unknown', 'Not checked: the proof did not verify');
  if (iss !== undefined && iss !== controller) return c('holder', 'failed', `The JWT iss ${JSON.stringify(iss)} is not the controller ${controller} of the key that signed the presentation`);
  if (!holder) return c('holder', 'passed', `No holder stated; the presentation is authenticated by ${controller}`);
  return holder === controller
    ? c('holder', 'passed', `The holder ${holder} signed the presentation`)
    : c('holder', 'failed', `The holder ${holder} is not the controller ${controller} of the key that signed the presentation`);
}

export async function credentialsOf(vp: Obj, deps: VerifyDeps): Promise<{ check: PresentationCheck; results: VerificationReport[] }> {
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
