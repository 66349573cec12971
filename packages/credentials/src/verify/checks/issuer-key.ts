import type { KeyResolution } from '../keys.ts';
import type { Check } from '../report.ts';
import { check, notChecked } from '../util.ts';
import type { VerifyCheck } from './types.ts';

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether the resolved key belongs to the issuer (`extra`: a reason it does not, found by the proof). */
export function keyCheck(resolution: KeyResolution, issuer: string | undefined, extra?: string): Check {
  if (resolution.status !== 'ok') return check('issuer_key', resolution.status, resolution.message);
  const { key } = resolution;
  if (!issuer) return check('issuer_key', 'failed', 'Credential has no issuer id');
  if (extra) return check('issuer_key', 'failed', extra);
  if (key.bare) {
    // An https kid that returns a bare JWK has no controller statement; bind it to the issuer by origin.
    const same = safeOrigin(key.id) !== undefined && safeOrigin(key.id) === safeOrigin(issuer);
    return same ? check('issuer_key', 'passed', `Key ${key.id} is served from the issuer's origin`)
      : check('issuer_key', 'failed', `Bare key ${key.id} is not served from the issuer's origin (${issuer})`);
  }
  if (key.controller !== issuer) {
    return check('issuer_key', 'failed', `Issuer ${issuer} does not match the key's controller ${String(key.controller)}`);
  }
  return check('issuer_key', 'passed', `Key ${key.id} is controlled by the issuer and authorised for assertionMethod`);
}

/** Reports the key half of what `proof` found (the key is resolved once, for the signature). */
export const issuerKeyCheck: VerifyCheck = {
  id: 'issuer_key',
  fatal: false,
  run({ signature }) {
    return signature?.key ?? notChecked('issuer_key', 'the proof was not examined');
  },
};
