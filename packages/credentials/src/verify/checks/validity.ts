import { parseJwt } from '../parse.ts';
import { check, type Obj } from '../util.ts';
import type { VerifyCheck } from './types.ts';

/** validFrom/validUntil (or their VC 1.1 names, or a JWT's nbf/exp) against the clock. */
export const validityCheck: VerifyCheck = {
  id: 'validity',
  fatal: false,
  run({ doc, ctx, parsed }) {
    const jwtPayload = parsed.jwt ? (parseJwt(parsed.jwt) as { payload?: Obj }).payload : undefined;
    const now = (ctx.deps.now ?? (() => new Date()))();
    const skew = (ctx.deps.clockSkewSeconds ?? 0) * 1000;
    const fromRaw = doc.validFrom ?? doc.issuanceDate ?? (typeof jwtPayload?.nbf === 'number' ? new Date(jwtPayload.nbf * 1000).toISOString() : undefined);
    const untilRaw = doc.validUntil ?? doc.expirationDate ?? (typeof jwtPayload?.exp === 'number' ? new Date(jwtPayload.exp * 1000).toISOString() : undefined);
    const parse = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN);
    if (fromRaw === undefined) return check('validity', 'failed', 'Credential has no validFrom');
    const from = parse(fromRaw);
    if (Number.isNaN(from)) return check('validity', 'failed', `validFrom ${JSON.stringify(fromRaw)} is not a date-time`);
    if (now.getTime() + skew < from) return check('validity', 'failed', `Not yet valid: valid from ${String(fromRaw)} (now ${now.toISOString()})`);
    if (untilRaw !== undefined) {
      const until = parse(untilRaw);
      if (Number.isNaN(until)) return check('validity', 'failed', `validUntil ${JSON.stringify(untilRaw)} is not a date-time`);
      if (now.getTime() - skew > until) return check('validity', 'failed', `Expired: valid until ${String(untilRaw)} (now ${now.toISOString()})`);
      return check('validity', 'passed', `Valid from ${String(fromRaw)} until ${String(untilRaw)}`);
    }
    return check('validity', 'passed', `Valid from ${String(fromRaw)}, no expiry`);
  },
};
