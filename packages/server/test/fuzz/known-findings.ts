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
    // A path parameter longer than Fastify's maxParamLength (100): 414 application/json {code: FST_ERR_MAX_PARAM_LENGTH},
    // not problem+json nor an error page; no documented code.
    id: 'F1 long path parameter → 414 FST_ERR_MAX_PARAM_LENGTH',
    route: '*',
    matches: (_req, res) => res.status === 414 && res.body.includes('FST_ERR_MAX_PARAM_LENGTH'),
  },
  {
    // A malformed percent-encoding in the path (e.g. /claim/%zz/account): 400 application/json {code: FST_ERR_BAD_URL}.
    id: 'F2 malformed %-encoding in the path → 400 FST_ERR_BAD_URL',
    route: '*',
    matches: (_req, res) => res.status === 400 && res.body.includes('FST_ERR_BAD_URL'),
  },
];
