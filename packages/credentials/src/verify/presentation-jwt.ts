// Verifiable presentations secured with JOSE (W3C VC-JOSE-COSE §3.1.2, "Securing JSON-LD Verifiable
// Presentations with JOSE"): a compact JWS whose payload is the presentation, given as is, as a
// data:application/vp+jwt URL, or as an EnvelopedVerifiablePresentation (VC Data Model 2.0 §4.13.1).
// The holder signs with a key listed under `authentication`; the verifier's challenge is the `nonce`
// claim and its domain the `aud` claim (VC-JOSE-COSE defines no challenge/domain of its own: this is the
// OpenID Connect / OpenID4VP use of those registered claims). Never throws: every problem is a check.
import { compactVerify, importJWK } from 'jose';
import type { VerifyDeps } from './deps.ts';
import { publicJwkOf } from './key-material.ts';
import { resolveKey } from './keys.ts';
import { parseJwt } from './parse.ts';
import { summarise, type Check } from './report.ts';
import { asArray, errorText, isObj, typesOf, type Obj } from './util.ts';
import { JWT_ALGORITHMS, keyFitsAlg } from './checks/proof-jwt.ts';
import { authenticatedHolder, c, contextOf, credentialsOf, formatOf, holderOf, type PresentationCheck, type PresentationOptions, type PresentationReport } from './presentation-checks.ts';

// The signature may be empty: an unsecured JWT (alg none) is recognised, then refused by name.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** application/vp+jwt is the registered type; vp-ld+jwt and vp+ld+json+jwt are the drafts' names. */
const VP_MEDIA = /^data:application\/(?:vp\+jwt|vp-ld\+jwt|vp\+ld\+json\+jwt|jwt)(?:;[^,]*)?,/;
/** `typ` SHOULD be vp+jwt (VC-JOSE-COSE); the drafts' values and the generic JWT are accepted too. */
const VP_TYPS = new Set(['vp+jwt', 'vp-ld+jwt', 'vp+ld+json+jwt', 'jwt']);
/** JWT registered claims (RFC 7519 §4.1, OIDC `nonce`), not members of the presentation. */
const JWT_CLAIMS = ['iss', 'sub', 'aud', 'nonce', 'jti', 'nbf', 'exp', 'iat'];

export type JwsInput = { jws: string } | { error: string };

/**
 * The compact JWS of a JOSE-secured presentation, or undefined when the input is not one (a JSON
 * presentation with an embedded proof, or JSON text). A malformed envelope is an `error`.
 */
export function presentationJws(input: unknown): JwsInput | undefined {
  if (typeof input === 'string') {
    const t = input.trim();
    const m = VP_MEDIA.exec(t);
    if (m) return { jws: t.slice(m[0].length) };
    if (t.startsWith('data:')) return { error: 'A data: URL presentation must be data:application/vp+jwt,<compact JWS>' };
    return COMPACT_JWS.test(t) ? { jws: t } : undefined;
  }
  if (!isObj(input) || !typesOf(input).includes('EnvelopedVerifiablePresentation')) return undefined;
  const m = typeof input.id === 'string' ? VP_MEDIA.exec(input.id) : null;
  if (!m) return { error: 'EnvelopedVerifiablePresentation id is not a data:application/vp+jwt URL' };
  return { jws: (input.id as string).slice(m[0].length) };
}

/** The presentation is the JWT claims set (VC-JOSE-COSE), or a legacy VC 1.1 `vp` claim. */
function presentationOf(payload: Obj): Obj {
  if (isObj(payload.vp)) return payload.vp;
  const vp: Obj = {};
  for (const [k, v] of Object.entries(payload)) if (!JWT_CLAIMS.includes(k)) vp[k] = v;
  return vp;
}

function typProblem(typ: unknown): string | undefined {
  if (typ === undefined) return undefined;
  const t = typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : '';
  return VP_TYPS.has(t) ? undefined : `JWT typ ${JSON.stringify(typ)} is not a presentation's (expected vp+jwt)`;
}

/** challenge → `nonce`, domain → `aud` (a string or an array), then `exp` and `nbf` against the clock. */
function claimProblem(payload: Obj, opts: PresentationOptions, deps: VerifyDeps): string | undefined {
  if (opts.challenge !== undefined) {
    if (payload.nonce === undefined) return `The VP-JWT has no nonce claim; the verifier expects the challenge ${JSON.stringify(opts.challenge)}`;
    if (payload.nonce !== opts.challenge) return `The VP-JWT's nonce ${JSON.stringify(payload.nonce)} is not the expected challenge ${JSON.stringify(opts.challenge)}`;
  }
  if (opts.domain !== undefined) {
    const aud = asArray(payload.aud);
    if (aud.length === 0) return `The VP-JWT has no aud claim; the verifier expects the domain ${JSON.stringify(opts.domain)}`;
    if (!aud.includes(opts.domain)) return `The VP-JWT's aud ${JSON.stringify(payload.aud)} is not the expected domain ${JSON.stringify(opts.domain)}`;
  }
  const now = (deps.now ?? (() => new Date()))().getTime() / 1000;
  const skew = deps.clockSkewSeconds ?? 0;
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'number') return `The VP-JWT's ${claim} ${JSON.stringify(payload[claim])} is not a NumericDate`;
  }
  const at = (s: number) => new Date(s * 1000).toISOString();
  if (typeof payload.exp === 'number' && now - skew >= payload.exp) return `The VP-JWT expired: exp ${at(payload.exp)} (now ${at(now)})`;
  if (typeof payload.nbf === 'number' && now + skew < payload.nbf) return `The VP-JWT is not yet valid: nbf ${at(payload.nbf)} (now ${at(now)})`;
  return undefined;
}

/** The holder's JWS: alg, typ, kid (a key under `authentication`), the claims, then the signature. */
async function jwsProofOf(jws: string, header: Obj, payload: Obj, vp: Obj, opts: PresentationOptions, deps: VerifyDeps): Promise<{ proof: PresentationCheck; controller?: string }> {
  const alg = header.alg;
  if (typeof alg !== 'string' || !JWT_ALGORITHMS.has(alg)) {
    const why = alg === 'none' ? 'an unsigned JWT is refused' : typeof alg === 'string' && /^HS/.test(alg) ? 'a shared-secret MAC cannot authenticate a holder' : `supported: ${[...JWT_ALGORITHMS].join(', ')}`;
    return { proof: c('proof', 'failed', `Unsupported JWT alg ${JSON.stringify(alg)}: ${why}`) };
  }
  const typ = typProblem(header.typ);
  if (typ) return { proof: c('proof', 'failed', typ) };
  if (isObj(header.jwk) && typeof header.jwk.d === 'string') return { proof: c('proof', 'failed', 'JWT header carries a private key (jwk.d)') };
  if (typeof header.kid !== 'string' || header.kid.length === 0) return { proof: c('proof', 'failed', "JWT header has no kid; the key cannot be bound to the holder") };
  const base = typeof payload.iss === 'string' ? payload.iss : typeof vp.holder === 'string' ? vp.holder : isObj(vp.holder) && typeof vp.holder.id === 'string' ? vp.holder.id : '';
  const kid = header.kid.startsWith('#') ? base + header.kid : header.kid;
  const rule = claimProblem(payload, opts, deps);
  if (rule) return { proof: c('proof', 'failed', rule) };
  const resolution = await resolveKey(kid, deps, 'authentication');
  if (resolution.status !== 'ok') return { proof: c('proof', resolution.status, `Signature not checked: ${resolution.message}`) };
  const controller = resolution.key.controller ?? kid.split('#')[0]!;
  const jwk = await publicJwkOf(resolution.key);
  if (!jwk) return { proof: c('proof', 'failed', `Key ${kid} has no public key usable for ${alg}`), controller };
  if (!keyFitsAlg(jwk, alg)) return { proof: c('proof', 'failed', `Key ${kid} (${String(jwk.kty)}${jwk.crv ? ` ${String(jwk.crv)}` : ''}) cannot verify a ${alg} signature`), controller };
  try {
    await compactVerify(jws, await importJWK(jwk as Parameters<typeof importJWK>[0], alg), { algorithms: [alg] });
    return { proof: c('proof', 'passed', `VP-JWT ${alg} authentication signature by ${kid} is valid`), controller };
  } catch (error) {
    const message = (error as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
      ? "The VP-JWT's signature does not match: it was altered after signing or signed by another key"
      : `The VP-JWT could not be verified: ${errorText(error)}`;
    return { proof: c('proof', 'failed', message), controller };
  }
}

function failedFormat(message: string): PresentationReport {
  return { verified: false, outcome: 'failed', format: 'vp-jwt', checks: [c('format', 'failed', message)], credentialResults: [] };
}

/** Verifies a JOSE-secured presentation (the JWS found by presentationJws). */
export async function verifyPresentationJws(jws: string, opts: PresentationOptions, deps: VerifyDeps): Promise<PresentationReport> {
  const parsed = parseJwt(jws);
  if ('error' in parsed) return failedFormat(parsed.error);
  const { header, payload } = parsed;
  const vp = presentationOf(payload);
  const format = formatOf(vp);
  if (format.status !== 'passed') return failedFormat(`The VP-JWT's payload is not a verifiable presentation: ${format.message}`);
  format.message = `${format.message}, secured as a VP-JWT`;
  try {
    const context = contextOf(vp);
    const { proof, controller } = await jwsProofOf(jws, header, payload, vp, opts, deps);
    const holder = holderOf(vp, proof, controller, payload.iss);
    const creds = await credentialsOf(vp, deps);
    const checks = [format, context, proof, holder, creds.check];
    return { ...summarise(checks as unknown as Check[]), format: 'vp-jwt', checks, credentialResults: creds.results, ...authenticatedHolder(holder, controller) };
  } catch (error) {
    return { verified: false, outcome: 'failed', format: 'vp-jwt', checks: [format, c('proof', 'failed', `Verification aborted: ${errorText(error)}`)], credentialResults: [] };
  }
}
