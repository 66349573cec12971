// Findings the fuzz suite already reported, excluded so a run can keep fuzzing past them. Each has a
// regression test in test/fuzz-findings.test.ts asserting the correct behaviour. When the code is fixed,
// REMOVE the entry: this list should be empty.
import type { FuzzRequest, FuzzResponse } from './request.ts';

export interface KnownFinding {
  /** Short name, used in the summary the suite prints. */
  readonly id: string;
  /** "METHOD /route/:pattern" exactly as the router lists it, or "*" for a finding on every route. */
  readonly route: string;
  /** True when this request/response is an instance of the finding. */
  matches(req: FuzzRequest, res: FuzzResponse): boolean;
}

export const KNOWN_FINDINGS: KnownFinding[] = [];
