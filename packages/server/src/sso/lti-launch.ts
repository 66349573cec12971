// Validating an LTI 1.3 launch (1EdTech Security Framework 1.0 §5.1.3, LTI Core 1.3 §5): the platform's
// id_token, checked by jose against the platform's JWKS (which the caller fetched through the SSRF guard
// and hands in: createRemoteJWKSet would fetch on its own), then its LTI claims read into an LtiLaunch.
// Every failure is an LtiRefused with a stable reason. `now` is injected (jose's currentDate), so expiry
// is tested without waiting.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { CLAIM, LTI_VERSION, LtiRefused, type Jwks, type LtiLaunch, type LtiMessageType } from './lti-types.ts';

/** Asymmetric algorithms only: LTI requires RS256; HMAC and "none" are never accepted. */
export const LTI_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** Seconds of clock difference tolerated between Laurel and the platform. */
const CLOCK_TOLERANCE_S = 60;
/** An id_token is for immediate use: one issued longer ago than this is refused whatever its exp says. */
const MAX_TOKEN_AGE_S = 3600;

const MESSAGE_TYPES: readonly LtiMessageType[] = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'];
const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership';

/** What can be read from a token before its signature is checked: enough to find the registration. */
export interface LtiTokenPeek {
  readonly alg: string;
  readonly kid: string | null;
  readonly issuer: string | null;
  readonly audiences: readonly string[];
  readonly azp: string | null;
}

export function peekLtiToken(idToken: string): LtiTokenPeek {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(idToken);
    payload = decodeJwt(idToken);
  } catch {
    throw new LtiRefused('malformed', 'the id_token is not a JWT');
  }
  if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') throw new LtiRefused('unsigned', `alg ${String(header.alg)}`);
  const aud = payload.aud;
  return {
    alg: header.alg,
    kid: typeof header.kid === 'string' ? header.kid : null,
    issuer: typeof payload.iss === 'string' ? payload.iss : null,
    audiences: typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [],
    azp: typeof payload.azp === 'string' ? payload.azp : null,
  };
}

function refusalOf(err: unknown): LtiRefused {
  if (err instanceof LtiRefused) return err;
  if (err instanceof errors.JWSSignatureVerificationFailed) return new LtiRefused('signature_invalid', 'signature verification failed');
  if (err instanceof errors.JWKSNoMatchingKey) return new LtiRefused('unknown_key', 'no key in the platform JWKS matches the token');
  if (err instanceof errors.JWKSInvalid) return new LtiRefused('jwks_unavailable', 'the platform JWKS is not a key set');
  if (err instanceof errors.JOSEAlgNotAllowed) return new LtiRefused('signature_invalid', `algorithm not allowed: ${err.message}`);
  if (err instanceof errors.JWTExpired) return new LtiRefused('expired', `${err.claim}: ${err.message}`);
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'nbf':
      case 'iat':
        return new LtiRefused('not_yet_valid', `${err.claim}: ${err.message}`);
      case 'aud':
        return new LtiRefused('audience_mismatch', err.message);
      case 'iss':
        return new LtiRefused('issuer_mismatch', err.message);
      default:
        return new LtiRefused('malformed', `${err.claim}: ${err.message}`);
    }
  }
  if (err instanceof errors.JOSEError) return new LtiRefused('malformed', `${err.code}: ${err.message}`);
  return new LtiRefused('malformed', String(err));
}

/**
 * Verifies the id_token's signature against the platform's JWKS, iss (the registration's issuer), aud
 * (the client id; an audience array needs azp = client id when it names others), exp / nbf / iat at
 * `now`, and the nonce Laurel sent at login initiation; then reads the LTI claims.
 */
export async function verifyLtiIdToken(idToken: string, opts: { jwks: Jwks; issuer: string; clientId: string; nonce: string; now: Date }): Promise<LtiLaunch> {
  peekLtiToken(idToken);
  let payload: JWTPayload;
  try {
    const keys = createLocalJWKSet(opts.jwks as unknown as JSONWebKeySet);
    ({ payload } = await jwtVerify(idToken, keys, {
      issuer: opts.issuer,
      audience: opts.clientId,
      algorithms: LTI_ALGORITHMS,
      currentDate: opts.now,
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      requiredClaims: ['exp', 'iat', 'nonce'],
    }));
  } catch (err) {
    throw refusalOf(err);
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  // OIDC Core §3.1.3.7 (LTI Security Framework §5.1.3 step 4): several audiences need azp, naming us.
  if (aud.length > 1 && payload.azp === undefined) throw new LtiRefused('audience_mismatch', 'several audiences and no azp');
  if (payload.azp !== undefined && payload.azp !== opts.clientId) throw new LtiRefused('audience_mismatch', `azp is ${String(payload.azp)}`);
  if (payload.nonce !== opts.nonce) throw new LtiRefused('replayed', 'the nonce is not the one sent with this login');
  return readLtiClaims(payload, opts.clientId);
}

const text = (v: unknown, max = 2000): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

function httpUrl(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Instructor or Administrator of the context: the LIS membership roles and their sub-roles (LTI Core §A.2.3), or the deprecated simple names. */
export function isInstructorRole(role: string): boolean {
  return (
    role === `${MEMBERSHIP}#Instructor` ||
    role === `${MEMBERSHIP}#Administrator` ||
    role.startsWith(`${MEMBERSHIP}/Instructor#`) ||
    role.startsWith(`${MEMBERSHIP}/Administrator#`) ||
    role === 'Instructor' ||
    role === 'Administrator'
  );
}

function customOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v) ?? {})) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  }
  return out;
}

function deepLinkingOf(messageType: LtiMessageType, v: unknown): LtiLaunch['deepLinking'] {
  if (messageType !== 'LtiDeepLinkingRequest') return null;
  const s = obj(v);
  const returnUrl = httpUrl(s?.deep_link_return_url);
  if (!s || !returnUrl) throw new LtiRefused('malformed', 'a deep-linking request without deep_link_return_url');
  const acceptTypes = Array.isArray(s.accept_types) ? s.accept_types.filter((t): t is string => typeof t === 'string') : [];
  if (!acceptTypes.includes('ltiResourceLink')) throw new LtiRefused('malformed', `the platform accepts ${acceptTypes.join(', ') || 'no content types'}, not ltiResourceLink`);
  return { returnUrl, acceptTypes, acceptMultiple: s.accept_multiple === true, data: typeof s.data === 'string' ? s.data : null };
}

function agsOf(v: unknown): LtiLaunch['ags'] {
  const a = obj(v);
  if (!a) return null;
  const scopes = Array.isArray(a.scope) ? a.scope.filter((s): s is string => typeof s === 'string' && s.length <= 300) : [];
  const lineItemsUrl = httpUrl(a.lineitems);
  const lineItemUrl = httpUrl(a.lineitem);
  return lineItemsUrl || lineItemUrl ? { scopes, lineItemsUrl, lineItemUrl } : null;
}

function nrpsOf(v: unknown): LtiLaunch['nrps'] {
  const membershipsUrl = httpUrl(obj(v)?.context_memberships_url);
  return membershipsUrl ? { membershipsUrl } : null;
}

/** The LTI claims of a verified id_token; LtiRefused when a required one is missing or wrong. */
export function readLtiClaims(p: JWTPayload, clientId: string): LtiLaunch {
  const messageType = p[CLAIM.messageType];
  if (!MESSAGE_TYPES.includes(messageType as LtiMessageType)) throw new LtiRefused('wrong_message_type', `message_type ${String(messageType)}`);
  const type = messageType as LtiMessageType;
  if (p[CLAIM.version] !== LTI_VERSION) throw new LtiRefused('malformed', `version ${String(p[CLAIM.version])}`);
  const deploymentId = text(p[CLAIM.deploymentId], 255);
  if (!deploymentId) throw new LtiRefused('malformed', 'no deployment_id');
  const targetLinkUri = httpUrl(p[CLAIM.targetLinkUri]);
  if (!targetLinkUri) throw new LtiRefused('malformed', 'no target_link_uri');
  const link = obj(p[CLAIM.resourceLink]);
  const linkId = text(link?.id, 255);
  if (type === 'LtiResourceLinkRequest' && !linkId) throw new LtiRefused('malformed', 'a resource link request without resource_link.id');
  const rolesClaim = p[CLAIM.roles];
  if (rolesClaim !== undefined && !Array.isArray(rolesClaim)) throw new LtiRefused('malformed', 'roles is not an array');
  const roles = (rolesClaim ?? []).filter((r): r is string => typeof r === 'string');
  const ctx = obj(p[CLAIM.context]);
  const ctxId = text(ctx?.id, 255);
  const presentation = obj(p[CLAIM.launchPresentation]);
  return {
    messageType: type,
    issuer: String(p.iss),
    clientId,
    deploymentId,
    targetLinkUri,
    subject: text(p.sub, 255),
    name: text(p.name, 300) ?? ([text(p.given_name, 150), text(p.family_name, 150)].filter(Boolean).join(' ') || null),
    email: text(p.email, 320)?.toLowerCase() ?? null,
    roles,
    isInstructor: roles.some(isInstructorRole),
    context: ctxId ? { id: ctxId, title: text(ctx?.title, 500) ?? text(ctx?.label, 500) ?? ctxId, label: text(ctx?.label, 500) } : null,
    resourceLink: linkId ? { id: linkId, title: text(link?.title, 500) } : null,
    custom: customOf(p[CLAIM.custom]),
    deepLinking: deepLinkingOf(type, p[CLAIM.deepLinkingSettings]),
    ags: agsOf(p[CLAIM.agsEndpoint]),
    nrps: nrpsOf(p[CLAIM.nrpsService]),
    returnUrl: httpUrl(presentation?.return_url),
    productFamily: text(obj(p[CLAIM.toolPlatform])?.product_family_code, 100),
    nonce: String(p.nonce),
    expiresAt: new Date(Number(p.exp) * 1000).toISOString(),
  };
}
