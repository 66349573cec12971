// The credential verifier: runs the checks (checks/*) in report order. verifyCredential is the Open Badges
// verifier (badge page, portfolio import); verifyAnyCredential the general VC-API one (OB checks only for OB).
import { OB2_CONTEXT } from '../contexts/index.ts';
import type { VerifyDeps } from './deps.ts';
import { verifyOb2Assertion } from './ob2.ts';
import { parseInput } from './parse.ts';
import { orderChecks, summarise, type Check, type CheckId, type VerificationReport } from './report.ts';
import { check, errorText, notChecked, typesOf } from './util.ts';
import { contextCheck } from './checks/context.ts';
import { credentialsCheck } from './checks/credentials.ts';
import { endorsementsCheck } from './checks/endorsements.ts';
import { formatCheck } from './checks/format.ts';
import { issuerKeyCheck } from './checks/issuer-key.ts';
import { proofCheck } from './checks/proof.ts';
import { recipientCheck } from './checks/recipient.ts';
import { schemaCheck } from './checks/schema.ts';
import { statusCheck } from './checks/status.ts';
import { validityCheck } from './checks/validity.ts';
import type { CheckState, Context, Purpose, VerifyCheck, VerifyInput } from './checks/types.ts';

export type { VerifyInput } from './checks/types.ts';

/** The checks of a W3C VC (Data Integrity or VC-JWT), in the order of the report (report.ts CHECK_ORDER). */
const CHECKS: readonly VerifyCheck[] = [formatCheck, contextCheck, schemaCheck, proofCheck, issuerKeyCheck, validityCheck, statusCheck, endorsementsCheck, credentialsCheck, recipientCheck];

function context(deps: VerifyDeps, depth: number, purpose: Purpose): Context {
  return { deps, depth, purpose, verifyNested: (input, nested) => verifyInternal(input, context(deps, depth + 1, nested)) };
}

async function verifyInternal(input: VerifyInput, ctx: Context): Promise<VerificationReport> {
  const parsed = parseInput(input);
  if (parsed.format === 'ob2-hosted' && parsed.credential && !parsed.error) {
    return verifyOb2Assertion({ assertion: parsed.credential, container: parsed.container, deps: ctx.deps });
  }
  const state: CheckState = { ctx, parsed, doc: parsed.credential ?? {}, results: new Map<CheckId, Check>() };
  let stoppedBy: Check | undefined;
  for (const c of CHECKS) {
    if (c.appliesTo && !c.appliesTo(ctx, state.doc)) continue;
    if (stoppedBy) {
      state.results.set(c.id, notChecked(c.id, c.skipped ?? 'the input is not a readable credential'));
      continue;
    }
    const result = await c.run(state);
    state.results.set(c.id, result);
    if (c.fatal && result.status !== 'passed') stoppedBy = result;
  }
  const doc = parsed.credential;
  const ordered = orderChecks(state.results);
  return {
    ...summarise(ordered),
    format: parsed.format,
    container: parsed.container,
    ...(doc ? { credential: doc } : {}),
    ...(parsed.jwt ? { jwt: parsed.jwt } : {}),
    checks: ordered,
    ...(state.endorsementReports ? { endorsements: state.endorsementReports } : {}),
    ...(state.credentialReports ? { credentials: state.credentialReports } : {}),
  };
}

const OB_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential', 'ClrCredential'];

function aborted(error: unknown): VerificationReport {
  // Defensive: a bug or a hostile input must still yield a report, not an exception.
  const checks = orderChecks(new Map<CheckId, Check>([
    ['format', check('format', 'failed', `Verification aborted: ${errorText(error)}`)],
  ]));
  return { verified: false, outcome: 'failed', format: 'unknown', container: 'unknown', checks };
}

/**
 * Verifies an Open Badge given as a JSON object or string, a compact VC-JWT, or a baked PNG/SVG
 * (bytes). Never throws: every problem is a check in the report. Check ids and their order are
 * stable: format, context, schema, proof, issuer_key, validity, status, endorsements[, recipient].
 */
export async function verifyCredential(input: VerifyInput, deps: VerifyDeps = {}): Promise<VerificationReport> {
  try {
    return await verifyInternal(input, context(deps, 0, 'credential'));
  } catch (error) {
    return aborted(error);
  }
}

/**
 * The general VC-API verifier: any VC (Data Integrity eddsa-rdfc-2022, a VC-JWT, or an
 * EnvelopedVerifiableCredential carrying one). An Open Badge (OpenBadge/Achievement/Endorsement
 * credential, or an OB 2.0 assertion) gets every OB 3.0 check, as verifyCredential; any other VC gets
 * format, context, proof, issuer_key, validity and status. Never throws.
 */
export async function verifyAnyCredential(input: VerifyInput, deps: VerifyDeps = {}): Promise<VerificationReport> {
  try {
    const parsed = parseInput(input);
    const ob = parsed.format === 'ob2-hosted' || (parsed.credential !== undefined && typesOf(parsed.credential).some((t) => OB_TYPES.includes(t)));
    return await verifyInternal(input, context(deps, 0, ob ? 'credential' : 'vc'));
  } catch (error) {
    return aborted(error);
  }
}

export { OB2_CONTEXT };
