export type CheckId =
  | 'format'
  | 'context'
  | 'schema'
  | 'proof'
  | 'issuer_key'
  | 'validity'
  | 'status'
  | 'endorsements'
  | 'credentials'
  | 'recipient';

/**
 * Stable order of checks in every report (`credentials` only for a ClrCredential, `recipient` only when one
 * was asked for).
 */
export const CHECK_ORDER: readonly CheckId[] = ['format', 'context', 'schema', 'proof', 'issuer_key', 'validity', 'status', 'endorsements', 'credentials', 'recipient'];

export type CheckStatus = 'passed' | 'failed' | 'unknown';

export interface Check {
  id: CheckId;
  status: CheckStatus;
  message: string;
}

/** How the credential was secured. */
export type CredentialFormat = 'vc-di' | 'vc-jwt' | 'ob2-hosted' | 'unknown';
/** What the input was. */
export type Container = 'json' | 'jwt' | 'png' | 'svg' | 'url' | 'unknown';

/**
 * The outcome of one verification. `verified` is true only when every check `passed`; any `unknown`
 * (a DID document or status list that could not be fetched, an unsupported proof or status type)
 * makes it false, and `outcome` then reads `indeterminate` rather than `failed`, so a UI can say
 * "could not be verified right now" instead of "invalid".
 */
export interface VerificationReport {
  verified: boolean;
  outcome: 'verified' | 'failed' | 'indeterminate';
  format: CredentialFormat;
  container: Container;
  /** The credential as read (for a VC-JWT: the payload without JWT registered claims). */
  credential?: Record<string, unknown>;
  /** The compact JWS, when the credential was a VC-JWT. */
  jwt?: string;
  checks: Check[];
  /** Reports for embedded EndorsementCredentials, in document order. */
  endorsements?: VerificationReport[];
  /** Reports for the credentials embedded in a ClrCredential (`credentialSubject.verifiableCredential`), in order. */
  credentials?: VerificationReport[];
}

export function summarise(checks: Check[]): Pick<VerificationReport, 'verified' | 'outcome'> {
  if (checks.some((c) => c.status === 'failed')) return { verified: false, outcome: 'failed' };
  if (checks.some((c) => c.status === 'unknown')) return { verified: false, outcome: 'indeterminate' };
  return { verified: true, outcome: 'verified' };
}

export function orderChecks(checks: Map<CheckId, Check>): Check[] {
  return CHECK_ORDER.flatMap((id) => {
    const c = checks.get(id);
    return c ? [c] : [];
  });
}
