// OpenID Connect relying party for campus single sign-on: the authorization code flow with PKCE (S256),
// state and nonce, done by openid-client 6 (certified; its oauth4webapi does every id_token check — no
// JWT is checked by hand here). Laurel stores what this module hands back (settings, the discovery
// document, the state/nonce/verifier of a pending sign-in) and calls it again with them, so nothing is
// kept in memory between the redirect and the callback. Every request to the identity provider goes
// through the fetch the caller passes in (net/guarded-fetch.ts in Laurel): the IdP's addresses are
// typed by an administrator and must not become a way into the campus network.
//
// Signatures: an id_token from the token endpoint may by the spec be trusted on TLS alone; Laurel checks
// its signature against the IdP's JWKS anyway (openid-client's non-repudiation check), so a forged or
// unsigned token is refused even where TLS is not in play (http IdPs allowed for tests and intranets).
import * as client from 'openid-client';
import { oidcRefusal } from './oidc-refusals.ts';
import { SsoConfigError, SsoRefused, type SsoAssertion } from './types.ts';

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  /** null: a public client, authenticated by PKCE only. */
  readonly clientSecret: string | null;
  /** Space-separated; always includes `openid`. */
  readonly scopes: string;
}

/** The IdP's discovery document, as discovered; the caller stores it as JSON. */
export type OidcMetadata = Readonly<Record<string, unknown>>;

export type OidcFetch = (url: string, init: RequestInit) => Promise<Response>;

export const DEFAULT_OIDC_SCOPES = 'openid email profile';

/** Seconds of clock difference tolerated between Laurel and the IdP (exp, nbf, iat). */
const CLOCK_TOLERANCE_S = 30;

const WELL_KNOWN = '/.well-known/openid-configuration';

/** A scope token (RFC 6749 §3.3): printable ASCII but space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** openid-client's fetch type differs from RequestInit only in typing (a Uint8Array body over any buffer). */
const asCustomFetch = (f: OidcFetch) => f as unknown as client.CustomFetch;

function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}${WELL_KNOWN}`;
}

function validIssuer(value: unknown, allowHttpHosts: readonly string[]): string {
  let text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new SsoConfigError('issuer', 'Enter the issuer: the address of the identity provider, such as https://login.example.edu.');
  // People often paste the discovery document's address: the issuer is what comes before it.
  if (text.endsWith(WELL_KNOWN)) text = text.slice(0, -WELL_KNOWN.length);
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new SsoConfigError('issuer', `“${text}” is not a web address. Enter the issuer, such as https://login.example.edu.`);
  }
  const httpAllowed = allowHttpHosts.map((h) => h.toLowerCase()).includes(u.hostname.toLowerCase().replace(/^\[|\]$/g, ''));
  if (u.protocol === 'http:' && !httpAllowed) {
    const hosts = allowHttpHosts.length ? ` (http is accepted only for ${allowHttpHosts.join(', ')})` : '';
    throw new SsoConfigError('issuer', `The issuer must be an https address${hosts}.`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new SsoConfigError('issuer', 'The issuer must be an https address.');
  if (u.username || u.password || u.search || u.hash) throw new SsoConfigError('issuer', 'The issuer must not contain a user name, password, query or fragment.');
  if (u.pathname.includes('/.well-known/')) throw new SsoConfigError('issuer', 'The issuer is the identity provider’s own address, not one of its /.well-known/ documents.');
  return text;
}

function validScopes(value: unknown): string {
  if (value !== undefined && value !== null && typeof value !== 'string') throw new SsoConfigError('scopes', 'The scopes must be a list of words separated by spaces.');
  const tokens = (value ?? '').trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return DEFAULT_OIDC_SCOPES;
  const bad = tokens.find((t) => !SCOPE_TOKEN.test(t));
  if (bad) throw new SsoConfigError('scopes', `“${bad}” is not a valid scope.`);
  if (!tokens.includes('openid')) throw new SsoConfigError('scopes', 'The scopes must include openid.');
  return [...new Set(tokens)].join(' ');
}

/** Settings as typed into the form, checked and normalised; SsoConfigError names the field at fault. */
export function validateOidcSettings(
  s: { issuer: unknown; clientId: unknown; clientSecret: unknown; scopes: unknown },
  opts: { allowHttpHosts: readonly string[] },
): OidcSettings {
  const issuer = validIssuer(s.issuer, opts.allowHttpHosts);
  const clientId = typeof s.clientId === 'string' ? s.clientId.trim() : '';
  if (!clientId) throw new SsoConfigError('clientId', 'Enter the client ID that the identity provider gave Laurel.');
  if (s.clientSecret !== undefined && s.clientSecret !== null && typeof s.clientSecret !== 'string') throw new SsoConfigError('clientSecret', 'The client secret must be text.');
  const secret = typeof s.clientSecret === 'string' ? s.clientSecret.trim() : '';
  return { issuer, clientId, clientSecret: secret || null, scopes: validScopes(s.scopes) };
}

/** What went wrong with discovery, for the administrator who typed the issuer. */
function discoveryError(err: unknown, issuer: string): SsoConfigError {
  const url = discoveryUrl(issuer);
  const e = err as { code?: unknown; cause?: unknown };
  const named = (e.cause as { body?: { issuer?: unknown } } | undefined)?.body?.issuer;
  if (e.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' && typeof named === 'string') {
    return new SsoConfigError('issuer', `The discovery document at ${url} names the issuer “${named}”, not ${issuer}. Enter the issuer exactly as the identity provider states it.`);
  }
  if (e.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN') return new SsoConfigError('issuer', 'The issuer must be an https address.');
  const unreadable = ['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_PARSE_ERROR', 'OAUTH_INVALID_RESPONSE'].includes(String(e.code));
  const why = unreadable ? 'the answer is not an OpenID Connect discovery document' : 'there was no answer. Check the issuer address';
  return new SsoConfigError('issuer', `The identity provider's discovery document could not be fetched from ${url}: ${why}.`);
}

/**
 * Fetches and checks the IdP's discovery document (its issuer must be the configured one). The result
 * is what the other functions take as `metadata`; store it with the settings.
 */
export async function discoverOidc(settings: OidcSettings, opts: { fetch: OidcFetch; allowHttp: boolean }): Promise<OidcMetadata> {
  let config: client.Configuration;
  try {
    config = await client.discovery(new URL(settings.issuer), settings.clientId, undefined, undefined, {
      [client.customFetch]: asCustomFetch(opts.fetch),
      execute: opts.allowHttp ? [client.allowInsecureRequests] : [],
    });
  } catch (err) {
    throw discoveryError(err, settings.issuer);
  }
  const metadata = JSON.parse(JSON.stringify(config.serverMetadata())) as Record<string, unknown>;
  for (const [key, what] of [
    ['authorization_endpoint', 'an authorization endpoint'],
    ['token_endpoint', 'a token endpoint'],
    ['jwks_uri', 'its signing keys (jwks_uri)'],
  ] as const) {
    if (typeof metadata[key] !== 'string') throw new SsoConfigError('issuer', `The discovery document at ${discoveryUrl(settings.issuer)} does not name ${what}, which Laurel needs.`);
  }
  return Object.freeze(metadata);
}

/** client_secret_basic unless the IdP only takes client_secret_post; none for a public client. */
function clientAuthentication(settings: OidcSettings, metadata: OidcMetadata): client.ClientAuth {
  if (settings.clientSecret === null) return client.None();
  const methods = metadata.token_endpoint_auth_methods_supported;
  const postOnly = Array.isArray(methods) && methods.includes('client_secret_post') && !methods.includes('client_secret_basic');
  return postOnly ? client.ClientSecretPost(settings.clientSecret) : client.ClientSecretBasic(settings.clientSecret);
}

/** An openid-client Configuration from stored settings and metadata; `now` moves its clock (tests, replays of time). */
function configuration(settings: OidcSettings, metadata: OidcMetadata, opts: { fetch?: OidcFetch; allowHttp: boolean; now?: Date }): client.Configuration {
  // oauth4webapi's clock is Date.now() + clockSkew (seconds): the skew makes its "now" ours.
  const skew = opts.now ? Math.round((opts.now.getTime() - Date.now()) / 1000) : 0;
  const config = new client.Configuration(
    metadata as client.ServerMetadata,
    settings.clientId,
    { [client.clockSkew]: skew, [client.clockTolerance]: CLOCK_TOLERANCE_S },
    clientAuthentication(settings, metadata),
  );
  if (opts.fetch) config[client.customFetch] = asCustomFetch(opts.fetch);
  if (opts.allowHttp) client.allowInsecureRequests(config);
  client.enableNonRepudiationChecks(config);
  return config;
}

/**
 * Where to send the person to sign in, and the secrets of this one sign-in: keep `state`, `nonce` and
 * `codeVerifier` server-side (never in a cookie the browser can read) until the callback.
 */
export async function oidcAuthorizationUrl(
  settings: OidcSettings,
  metadata: OidcMetadata,
  opts: { redirectUri: string; fetch: OidcFetch; allowHttp: boolean },
): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
  const config = configuration(settings, metadata, opts);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: opts.redirectUri,
    scope: settings.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state, nonce, codeVerifier };
}

/** Every claim as strings: arrays kept, numbers and booleans written out, objects as JSON, nulls left out. */
function attributesOf(claims: Record<string, unknown>): Record<string, readonly string[]> {
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
  const values = (v: unknown) => (Array.isArray(v) ? v : [v]).filter((x) => x !== null && x !== undefined).map(text);
  // Object.fromEntries defines own properties: a claim named "__proto__" stays a claim.
  return Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, values(v)] as const));
}

/** The callback as openid-client reads it: the registered redirect URI with the callback's parameters. */
function callbackFor(callbackUrl: string, redirectUri: string): URL {
  try {
    const current = new URL(redirectUri);
    // The redirect_uri sent to the token endpoint is this URL without its query: the registered one,
    // whatever host or proxy the callback request came through.
    current.search = new URL(callbackUrl, redirectUri).search;
    current.hash = '';
    return current;
  } catch {
    throw new SsoRefused('malformed', 'the callback address is not a URL');
  }
}

/**
 * Accepts the IdP's redirect back to Laurel: checks state, exchanges the code (with the PKCE verifier),
 * validates the id_token (signature against the JWKS, iss, aud, exp, nbf, iat, nonce), then reads
 * userinfo when the IdP has that endpoint. Throws SsoRefused with the reason.
 */
export async function acceptOidcCallback(
  settings: OidcSettings,
  metadata: OidcMetadata,
  opts: { callbackUrl: string; state: string; nonce: string; codeVerifier: string; redirectUri: string; now: Date; fetch: OidcFetch; allowHttp: boolean },
): Promise<SsoAssertion & { issuer: string }> {
  const config = configuration(settings, metadata, opts);
  const current = callbackFor(opts.callbackUrl, opts.redirectUri);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: opts.codeVerifier, expectedState: opts.state, expectedNonce: opts.nonce, idTokenExpected: true });
  } catch (err) {
    throw oidcRefusal(err, 'code exchange');
  }
  const claims = tokens.claims();
  if (!claims || !tokens.id_token) throw new SsoRefused('malformed', 'code exchange: no id_token');
  // oauth4webapi checks iat's type only; a token issued in the future (beyond the tolerance) is refused
  // here, as OIDC Core §3.1.3.7 step 10 allows.
  const nowS = Math.floor(opts.now.getTime() / 1000);
  if (claims.iat > nowS + CLOCK_TOLERANCE_S) throw new SsoRefused('not_yet_valid', `id_token: iat ${claims.iat} is after now (${nowS})`);
  let userinfo: Record<string, unknown> = {};
  if (typeof metadata.userinfo_endpoint === 'string') {
    try {
      // The library checks that userinfo's sub is the id_token's.
      userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    } catch (err) {
      throw oidcRefusal(err, 'userinfo');
    }
  }
  // The signed id_token wins where both name a claim.
  const attributes = attributesOf({ ...userinfo, ...claims });
  return {
    attributes,
    subject: claims.sub,
    idToken: tokens.id_token,
    ...(typeof claims.sid === 'string' ? { sid: claims.sid } : {}),
    // The nonce is Laurel's own, one per sign-in, and in every id_token we accept (jti is optional).
    replayKey: `nonce:${opts.nonce}`,
    replayUntil: new Date(claims.exp * 1000).toISOString(),
    issuer: claims.iss,
  };
}

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): where to send the browser to end the
 * session at the IdP too, or null when the IdP has no end_session_endpoint.
 */
export function oidcLogoutUrl(
  settings: OidcSettings,
  metadata: OidcMetadata,
  opts: { idTokenHint?: string; postLogoutRedirectUri: string; state: string },
): string | null {
  if (typeof metadata.end_session_endpoint !== 'string') return null;
  // The browser follows this address, Laurel never fetches it; the scheme rule was applied to the issuer
  // when it was saved (validateOidcSettings), so an http endpoint here is one an operator allowed.
  const config = configuration(settings, metadata, { allowHttp: true });
  const url = client.buildEndSessionUrl(config, {
    ...(opts.idTokenHint ? { id_token_hint: opts.idTokenHint } : {}),
    post_logout_redirect_uri: opts.postLogoutRedirectUri,
    state: opts.state,
  });
  return url.href;
}
