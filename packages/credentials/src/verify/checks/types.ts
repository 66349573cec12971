// The shape of one verification check. verify.ts runs the checks in report order over one CheckState.
import type { VerifyDeps } from '../deps.ts';
import type { Parsed } from '../parse.ts';
import type { Check, CheckId, VerificationReport } from '../report.ts';
import type { Obj } from '../util.ts';

/** JSON object or text, compact JWT, OB 2.0 assertion URL, or baked PNG/SVG bytes. */
export type VerifyInput = string | Uint8Array | object;

/**
 * Status list credentials skip schema/status/endorsement checks. `vc` is any VC 2.0 that is not an
 * Open Badge (the general VC-API verifier): the OB 3.0 checks (schema, endorsements, recipient) are not made.
 */
export type Purpose = 'credential' | 'endorsement' | 'status-list' | 'vc';

export interface Context {
  deps: VerifyDeps;
  depth: number;
  purpose: Purpose;
  /** Verifies a credential this one refers to (an endorsement, a status list), one level deeper. */
  verifyNested(input: VerifyInput, purpose: Purpose): Promise<VerificationReport>;
}

export interface CheckState {
  ctx: Context;
  parsed: Parsed;
  /** The credential as read; checks after `format` only run once it was read. */
  doc: Obj;
  /** The checks made so far. */
  results: Map<CheckId, Check>;
  /** The signature and the key are found together by `proof` and reported apart (`issuer_key`). */
  signature?: { proof: Check; key: Check };
  /** Reports of the embedded endorsements, left by `endorsements`. */
  endorsementReports?: VerificationReport[];
  /** Reports of the credentials embedded in a ClrCredential, left by `credentials`. */
  credentialReports?: VerificationReport[];
}

export interface VerifyCheck {
  id: CheckId;
  /** When this check does not pass, the checks after it are reported as not checked. */
  fatal: boolean;
  /** Whether this kind of verification makes the check at all (default: always); `doc` is `{}` when unreadable. */
  appliesTo?(ctx: Context, doc: Obj): boolean;
  /** Why it was not checked, when an earlier fatal check did not pass. */
  skipped?: string;
  run(state: CheckState): Check | Promise<Check>;
}

/** Every check but format, schema, status and endorsements is made for a status list too. */
export function notForStatusLists(ctx: Context): boolean {
  return ctx.purpose !== 'status-list';
}

/** The Open Badges 3.0 checks (schema, endorsements): for OB credentials and endorsements only. */
export function onlyForOpenBadges(ctx: Context): boolean {
  return ctx.purpose === 'credential' || ctx.purpose === 'endorsement';
}
