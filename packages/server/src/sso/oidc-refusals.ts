// Why openid-client refused a sign-in, as one of the stable SsoRefusal reasons (types.ts). openid-client
// 6 wraps the errors of oauth4webapi, which does the checks: a ClientError carries the oauth4webapi code
// (OAUTH_…) and, as its cause, the OperationProcessingError whose own cause names the claim or header
// that failed. The codes and those causes are what is read here; the messages only where one code covers
// several checks (OAUTH_INVALID_RESPONSE: state, the `iss` response parameter, the signature, the alg).
// Kept apart from oidc.ts so the whole mapping can be read (and checked against the library) in one place.
import { AuthorizationResponseError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { RemoteFetchFailed, RemoteFetchRefused } from '../net/safe-fetch.ts';
import { SsoRefused, type SsoRefusal } from './types.ts';

interface Coded {
  readonly code?: unknown;
  readonly message: string;
  readonly cause?: unknown;
}

/** The error and its causes, outermost first (a few levels are all openid-client nests). */
function causeChain(err: unknown): Coded[] {
  const chain: Coded[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 6; e = e.cause) chain.push(e);
  return chain;
}

function field(o: unknown, name: string): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[name] : undefined;
}

/** OAUTH_INVALID_RESPONSE covers several checks; the failing one is named by the message and its cause. */
function invalidResponse(inner: Coded): SsoRefusal {
  const m = inner.message;
  // validateAuthResponse: 'unexpected "state" response parameter value', 'response parameter "state" missing', …
  if (/response parameter/.test(m) && /"state"/.test(m)) return 'state_invalid';
  // RFC 9207: the authorization response's own `iss` parameter, missing or from another issuer.
  if (/response parameter/.test(m) && /"iss"/.test(m)) return 'issuer_mismatch';
  if (/signature verification failed/.test(m)) return 'signature_invalid';
  if (/"alg" header parameter/.test(m)) return field(field(inner.cause, 'header'), 'alg') === 'none' ? 'unsigned' : 'signature_invalid';
  return 'malformed';
}

function claimComparison(claim: unknown): SsoRefusal {
  switch (claim) {
    case 'aud':
    case 'azp':
      return 'audience_mismatch';
    case 'iss':
      return 'issuer_mismatch';
    case 'nonce':
      // The nonce binds the id_token to the sign-in Laurel started; another one is a token replayed into it.
      return 'replayed';
    default:
      return 'malformed';
  }
}

function reasonFor(code: unknown, inner: Coded): SsoRefusal {
  const claim = field(inner.cause, 'claim');
  switch (code) {
    case 'OAUTH_KEY_SELECTION_FAILED':
      // No key in the IdP's JWKS for the token's kid / key type (after one refetch of the JWKS).
      return 'unknown_key';
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return claim === 'nbf' ? 'not_yet_valid' : 'expired';
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      return claimComparison(claim);
    case 'OAUTH_INVALID_RESPONSE':
      return invalidResponse(inner);
    case 'OAUTH_UNSUPPORTED_OPERATION':
      // The JWKS lookup refuses alg "none" (and HMAC algs) as "unsupported JWS algorithm".
      if (field(inner.cause, 'alg') === 'none') return 'unsigned';
      return /JWS algorithm/.test(inner.message) ? 'signature_invalid' : 'malformed';
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
    case 'OAUTH_TIMEOUT':
    case 'OAUTH_ABORT':
      // The IdP answered with an error status, or not in time.
      return 'idp_error';
    default:
      return 'malformed';
  }
}

/** The refusal for anything openid-client threw while accepting a callback (or fetching userinfo). */
export function oidcRefusal(err: unknown, step: string): SsoRefused {
  if (err instanceof SsoRefused) return err;
  if (err instanceof AuthorizationResponseError) {
    return new SsoRefused('idp_error', `${step}: the identity provider answered ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`);
  }
  if (err instanceof ResponseBodyError) {
    return new SsoRefused('idp_error', `${step}: HTTP ${err.status} ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`);
  }
  if (err instanceof WWWAuthenticateChallengeError) return new SsoRefused('idp_error', `${step}: HTTP ${err.status} with a WWW-Authenticate challenge`);
  const chain = causeChain(err);
  const network = chain.find((e) => e instanceof RemoteFetchFailed || e instanceof RemoteFetchRefused) as RemoteFetchFailed | RemoteFetchRefused | undefined;
  if (network) return new SsoRefused('idp_error', `${step}: the identity provider could not be reached (${network.reason ?? network.message})`);
  const outer = chain[0];
  if (!outer) return new SsoRefused('malformed', `${step}: ${String(err)}`);
  // The ClientError copies the code; the error it wraps has the precise message and the failing claim.
  const inner = chain.find((e, i) => i > 0 && e.code === outer.code) ?? outer;
  return new SsoRefused(reasonFor(outer.code, inner), `${step}: ${String(outer.code ?? outer.message)}: ${inner.message}`);
}
