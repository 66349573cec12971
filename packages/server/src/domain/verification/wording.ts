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
  issuer_known: 'Issuer is an institution of the state registry',
  recipient: 'Awarded to this person',
  hosted: 'Hosted by its issuer (Open Badges 2.0)',
  regents_endorsement: 'Endorsed by the State Regents (the endorsement itself verified)',
};

export const STATUS_TEXT = { passed: 'Passed', failed: 'Failed', unknown: 'Could not check' } as const;

/** One sentence for the whole result; never "valid" unless every check passed. */
export function verificationSummary(result: Pick<VerifierResult, 'verified' | 'outcome' | 'issuer'>): { kind: 'error' | 'warning' | 'success' | 'info'; text: string } {
  const trusted = result.verified && result.issuer.known;
  if (result.outcome === 'failed') return { kind: 'error', text: 'This badge did not verify.' };
  if (result.outcome === 'indeterminate') return { kind: 'warning', text: 'This badge could not be fully checked right now, so it is not shown as valid.' };
  return trusted
    ? { kind: 'success', text: 'This badge is genuine, current and issued by an institution of the state system.' }
    : { kind: 'info', text: 'This badge is genuine and current, but its issuer is not in this state’s registry.' };
}
