// The verification result in plain words, shared by the pages (components/verification.tsx) and the
// `laurel verify` command, so both say the same thing.
import type { VerifierResult } from './verify-any.ts';

export const CHECK_NAMES: Record<string, string> = {
  fetch: 'Badge retrieved',
  format: 'Readable badge',
  context: 'Standard vocabulary',
  schema: 'Open Badges 3.0 structure',
  proof: 'Signature',
  issuer_key: 'Issuer’s signing key',
  validity: 'Within its dates (not expired)',
  status: 'Not revoked or suspended',
  endorsements: 'Endorsements embedded in the badge',
  credentials: 'Badges in the learner record, each verified on its own',
  issuer_known: 'Issuer is an institution of the state registry',
  recipient: 'Awarded to this person',
  hosted: 'Hosted by its issuer (Open Badges 2.0)',
  regents_endorsement: 'Endorsed by the State Regents (the endorsement itself verified)',
};

/** A check's name; a learner record's schema is CLR 2.0's, not Open Badges'. */
export function checkName(id: string, learnerRecord = false): string {
  if (learnerRecord && id === 'format') return 'Readable learner record';
  if (learnerRecord && id === 'endorsements') return 'Endorsements embedded in the record';
  if (learnerRecord && id === 'schema') return 'CLR 2.0 learner record structure';
  if (learnerRecord && id === 'issuer_known') return 'Signed by an institution of the state registry';
  return CHECK_NAMES[id] ?? id;
}

export const STATUS_TEXT = { passed: 'Passed', failed: 'Failed', unknown: 'Could not check' } as const;

/** One sentence for the whole result; never "valid" unless every check passed. */
export function verificationSummary(result: Pick<VerifierResult, 'verified' | 'outcome' | 'issuer' | 'embedded'>): { kind: 'error' | 'warning' | 'success' | 'info'; text: string } {
  const trusted = result.verified && result.issuer.known;
  if (result.embedded) {
    const n = result.embedded.length;
    const ok = result.embedded.filter((e) => e.outcome === 'verified').length;
    if (result.outcome === 'failed') return { kind: 'error', text: `This learner record did not verify (${ok} of ${n} badges in it verified).` };
    if (result.outcome === 'indeterminate') return { kind: 'warning', text: 'This learner record could not be fully checked right now, so it is not shown as valid.' };
    return trusted
      ? { kind: 'success', text: `This learner record is genuine: its ${n} badge${n === 1 ? ' is' : 's are'} genuine and current, and the record is signed by ${result.issuer.name ?? 'an institution of the state system'}.` }
      : { kind: 'info', text: `This learner record and its ${n} badge${n === 1 ? '' : 's'} are genuine and current, but the record’s signer is not in this state’s registry.` };
  }
  if (result.outcome === 'failed') return { kind: 'error', text: 'This badge did not verify.' };
  if (result.outcome === 'indeterminate') return { kind: 'warning', text: 'This badge could not be fully checked right now, so it is not shown as valid.' };
  return trusted
    ? { kind: 'success', text: 'This badge is genuine, current and issued by an institution of the state system.' }
    : { kind: 'info', text: 'This badge is genuine and current, but its issuer is not in this state’s registry.' };
}

/**
 * What can and cannot be trusted when a badge did not verify, in one sentence; null when it verified (the
 * summary says it). A broken signature means nothing in the badge is what its issuer signed.
 */
/** Why a result that did not verify cannot be trusted, or null when it verified. */
export type TrustReason = 'indeterminate' | 'tampered' | 'revoked' | 'dates' | 'other';

export function trustReason(result: Pick<VerifierResult, 'outcome' | 'checks'>): TrustReason | null {
  if (result.outcome === 'verified') return null;
  const failed = new Set(result.checks.filter((c) => c.status === 'failed').map((c) => c.id));
  if (result.outcome === 'indeterminate') return 'indeterminate';
  if (['proof', 'issuer_key', 'format', 'context', 'schema'].some((id) => failed.has(id))) return 'tampered';
  if (failed.has('status')) return 'revoked';
  if (failed.has('validity')) return 'dates';
  return 'other';
}

const TRUST_TEXT: Readonly<Record<TrustReason, string>> = {
  indeterminate: 'Some checks could not be run (below), so nothing in it can be trusted yet. Try again later.',
  tampered: 'What it says cannot be trusted: it was changed after it was signed, or it was not signed by the issuer it names. Do not rely on its name, recipient, issuer or dates.',
  revoked: 'It was issued as shown, but its issuer has revoked or suspended it: it cannot be trusted as a current credential.',
  dates: 'It was issued as shown, but it is outside its dates (expired, or not valid yet): it cannot be trusted as a current credential.',
  other: 'A check failed (below): do not rely on what it says until it passes.',
};

/** The sentence saying what cannot be trusted (English; pages use the catalogs' verify.trust.*). */
export function trustStatement(result: Pick<VerifierResult, 'outcome' | 'checks'>): string | null {
  const r = trustReason(result);
  return r ? TRUST_TEXT[r] : null;
}
