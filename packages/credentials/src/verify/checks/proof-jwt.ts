import { compactVerify, importJWK } from 'jose';
import { publicJwkOf } from '../key-material.ts';
import { resolveKey } from '../keys.ts';
import { parseJwt } from '../parse.ts';
import type { Check } from '../report.ts';
import { check, errorText, isObj, issuerId, type Obj } from '../util.ts';
import { keyCheck } from './issuer-key.ts';
import type { Context } from './types.ts';

export const JWT_ALGORITHMS = new Set(['EdDSA', 'RS256', 'ES256']);

/** The key a JWS alg needs (RFC 7518 §3): an RSA key for RS256, P-256 for ES256, Ed25519 for EdDSA. */
export function keyFitsAlg(jwk: { kty?: unknown; crv?: unknown }, alg: string): boolean {
  if (alg === 'RS256') return jwk.kty === 'RSA';
  if (alg === 'ES256') return jwk.kty === 'EC' && jwk.crv === 'P-256';
  return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
}

function numericDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

/**
 * OB 3.0 §8.2.6.1: `sub` must match credentialSubject.id, `jti` the id, `nbf` validFrom and `exp`
 * validUntil. A claim is compared only when the credential has the property (a subject known by an
 * identifier alone has no id to compare; issuers choose its `sub`), and only when the claim is present
 * (JWTs with the credential in a legacy `vc` claim may omit them).
 */
function claimMismatch(payload: Obj, doc: Obj): string | undefined {
  const subject = Array.isArray(doc.credentialSubject) ? doc.credentialSubject[0] : doc.credentialSubject;
  const subjectId = isObj(subject) && typeof subject.id === 'string' ? subject.id : undefined;
  const pairs: Array<[string, unknown, unknown]> = [
    ['sub', payload.sub, subjectId],
    ['jti', payload.jti, typeof doc.id === 'string' ? doc.id : undefined],
    ['nbf', payload.nbf, numericDate(doc.validFrom)],
    ['exp', payload.exp, numericDate(doc.validUntil)],
  ];
  for (const [claim, got, want] of pairs) {
    if (got !== undefined && want !== undefined && got !== want) return `JWT claim ${claim} ${JSON.stringify(got)} does not match the credential (${JSON.stringify(want)})`;
  }
  return undefined;
}

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
  if (!keyFitsAlg(jwk, alg)) return { proof: check('proof', 'failed', `Key ${kid} (${String(jwk.kty)}${jwk.crv ? ` ${String(jwk.crv)}` : ''}) cannot verify a ${alg} signature`), key };
  const mismatch = claimMismatch(payload, doc);
  try {
    const publicKey = await importJWK(jwk as Parameters<typeof importJWK>[0], alg);
    await compactVerify(jwt, publicKey, { algorithms: [alg] });
    if (mismatch) return { proof: check('proof', 'failed', mismatch), key };
    return { proof: check('proof', 'passed', `VC-JWT ${alg} signature by ${kid} is valid`), key };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const msg = code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
      ? 'Signature does not match: the JWT was altered after signing or signed by another key'
      : `JWT could not be verified: ${errorText(error)}`;
    return { proof: check('proof', 'failed', msg), key };
  }
}
