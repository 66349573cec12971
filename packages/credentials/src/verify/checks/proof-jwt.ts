import { compactVerify, importJWK } from 'jose';
import { publicJwkOf, resolveKey } from '../keys.ts';
import { parseJwt } from '../parse.ts';
import type { Check } from '../report.ts';
import { check, errorText, isObj, issuerId, type Obj } from '../util.ts';
import { keyCheck } from './issuer-key.ts';
import type { Context } from './types.ts';

const JWT_ALGORITHMS = new Set(['EdDSA', 'RS256', 'ES256']);

/** A VC-JWT: the JWS signature, and whether its key (and `iss`) is the credential's issuer. */
export async function verifyJwt(jwt: string, doc: Obj, ctx: Context): Promise<{ proof: Check; key: Check }> {
  const parsed = parseJwt(jwt);
  if ('error' in parsed) return { proof: check('proof', 'failed', parsed.error), key: check('issuer_key', 'failed', parsed.error) };
  const { header, payload } = parsed;
  const alg = header.alg;
  if (typeof alg !== 'string' || !JWT_ALGORITHMS.has(alg)) {
    const msg = `Unsupported JWT alg ${JSON.stringify(alg)}; supported: ${[...JWT_ALGORITHMS].join(', ')}`;
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'unknown', msg) };
  }
  if (isObj(header.jwk) && typeof header.jwk.d === 'string') {
    const msg = 'JWT header carries a private key (jwk.d)';
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'failed', msg) };
  }
  const issuer = issuerId(doc);
  if (typeof header.kid !== 'string') {
    const msg = 'JWT header has no kid; the key cannot be bound to the issuer';
    return { proof: check('proof', 'unknown', msg), key: check('issuer_key', 'failed', msg) };
  }
  const kid = header.kid.startsWith('#') && issuer ? issuer + header.kid : header.kid;
  const resolution = await resolveKey(kid, ctx.deps);
  const issMismatch = payload.iss !== undefined && payload.iss !== issuer ? `JWT iss ${String(payload.iss)} does not match the credential issuer ${String(issuer)}` : undefined;
  const key = keyCheck(resolution, issuer, issMismatch);
  if (resolution.status !== 'ok') return { proof: check('proof', 'unknown', `Signature not checked: ${resolution.message}`), key };
  const jwk = await publicJwkOf(resolution.key);
  if (!jwk) return { proof: check('proof', 'failed', `Key ${kid} has no publicKeyJwk usable for ${alg}`), key };
  try {
    const publicKey = await importJWK(jwk as Parameters<typeof importJWK>[0], alg);
    await compactVerify(jwt, publicKey, { algorithms: [alg] });
    return { proof: check('proof', 'passed', `VC-JWT ${alg} signature by ${kid} is valid`), key };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const msg = code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
      ? 'Signature does not match: the JWT was altered after signing or signed by another key'
      : `JWT could not be verified: ${errorText(error)}`;
    return { proof: check('proof', 'failed', msg), key };
  }
}
