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

export const KNOWN_FINDINGS: KnownFinding[] = [
  {
    // Issue 12 point 7: an evidence URL that is not a valid absolute URL ("https://example.org/a b") is
    // signed into the credential and JSON-LD fails (relative @id) → 500 instead of validation_failed.
    id: 'F7 POST /api/v1/awards evidence URL with a space → 500',
    route: 'POST /api/v1/awards',
    matches: (_req, res) => res.status === 500,
  },
];
