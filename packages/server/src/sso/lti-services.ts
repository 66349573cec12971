// The client side of the 1EdTech LTI Advantage services Laurel awards badges from: an access token by
// the OAuth 2 client_credentials grant with a JWT client assertion (1EdTech Security Framework 1.1 §4.1,
// RFC 7523), then line items and their results (Assignment and Grade Services 2.0, read only) and the
// course's members (Names and Role Provisioning Services 2.0). Every listing follows Link rel="next"
// (lti-services-http.ts); answers are read by lti-services-read.ts. A base layer like the rest of sso/:
// HTTP and JSON through the fetch the caller hands in (the SSRF-guarded one in Laurel; its deadline is
// the timeout), never tables or pages.
//
// The token request is written here with jose rather than openid-client's clientCredentialsGrant +
// PrivateKeyJwt: oauth4webapi puts the issuer in the assertion's `aud` (LTI wants the token URL, D2L an
// audience of its own; changing it needs the symbol-keyed modifyAssertion hook), takes its clock from
// Date.now (Laurel's injected `now` would be lost, and with it expiry tests), and refuses an http token
// URL unless told to allow insecure requests everywhere. The exchange is one form POST; doing it by hand
// keeps aud, iat/exp and the error mapping in view.
import { randomBytes } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { allPages, callPlatform, ERROR_BODY_CHARS, getJson, LtiServiceError, parseJson, readBody, type ServiceFetch } from './lti-services-http.ts';
import { readLineItem, readLineItems, readMembers, readResults, type LineItem, type Member, type Result } from './lti-services-read.ts';

export { isLearnerRoles, type LineItem, type Member, type MemberStatus, type Result } from './lti-services-read.ts';
export { LtiServiceError, MAX_BODY_BYTES, MAX_PAGES, nextLink, type LtiServiceFailure, type ServiceFetch } from './lti-services-http.ts';

/** What activeToolKey() (domain/lti/tool-keys.ts) returns: the active key's id and its private JWK. */
export interface ToolSigningKey {
  readonly kid: string;
  readonly privateJwk: JWK;
}

export const MEDIA_TYPE = {
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
} as const;

const ASSERTION_ALG = 'RS256';
/** The client assertion is used once, at once. */
const ASSERTION_LIFETIME_S = 300;
/** What a token lives when the platform does not say (expires_in is RECOMMENDED only). */
const DEFAULT_TOKEN_LIFETIME_S = 3600;

/** A service address from a launch claim or a registration: absolute http(s), or `malformed`. */
function serviceUrl(raw: string, what: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new LtiServiceError('malformed', `${what} is not an absolute address: ${raw.slice(0, 120)}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new LtiServiceError('malformed', `${what} is not an http(s) address: ${raw.slice(0, 120)}`);
  return u;
}

async function clientAssertion(input: { audience: string; clientId: string; key: ToolSigningKey; now: Date }): Promise<string> {
  const key = await importJWK(input.key.privateJwk, ASSERTION_ALG);
  const iat = Math.floor(input.now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: ASSERTION_ALG, kid: input.key.kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_S)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key);
}

/** An OAuth error answer (RFC 6749 §5.2) as one line: `invalid_scope: the scope … is not offered`. */
function oauthError(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || typeof (json as { error?: unknown }).error !== 'string') return null;
  const { error, error_description: description } = json as { error: string; error_description?: unknown };
  return typeof description === 'string' && description ? `${error}: ${description.slice(0, 300)}` : error;
}

function tokenLifetime(v: unknown, url: string): number {
  if (v === undefined || v === null || v === '') return DEFAULT_TOKEN_LIFETIME_S;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new LtiServiceError('malformed', `${url}: expires_in is not a positive number`);
  return n;
}

/** OAuth 2 client_credentials grant with a JWT-bearer client assertion (1EdTech Security Framework §4.1, RFC 7523). */
export async function requestServiceToken(input: {
  tokenUrl: string;
  /** The assertion's `aud`: usually the token URL; D2L Brightspace names another (https://api.brightspace.com/auth/token). */
  audience: string;
  clientId: string;
  key: ToolSigningKey;
  scopes: readonly string[];
  fetch: ServiceFetch;
  now: Date;
}): Promise<{ accessToken: string; expiresAt: Date; scopes: string[] }> {
  const url = serviceUrl(input.tokenUrl, 'The access token URL').href;
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(input),
    scope: input.scopes.join(' '),
  });
  const res = await callPlatform(input.fetch, url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: body.toString(), redirect: 'manual' });
  if (res.status >= 400) {
    const text = await readBody(res, url).catch(() => '');
    let refusal: string | null = null;
    try {
      refusal = oauthError(JSON.parse(text));
    } catch {
      // Not JSON: an error page, not an OAuth refusal.
    }
    if (refusal) throw new LtiServiceError('token_refused', `${url}: ${refusal}`, res.status);
    throw new LtiServiceError('http_error', `POST ${url}: ${text.slice(0, ERROR_BODY_CHARS)}`, res.status);
  }
  if (res.status >= 300) throw new LtiServiceError('http_error', `POST ${url}: a redirect (${res.status}) was not followed`, res.status);
  const json = parseJson(await readBody(res, url), url, res.status);
  const refusal = oauthError(json);
  if (refusal) throw new LtiServiceError('token_refused', `${url}: ${refusal}`, res.status);
  const t = json as { access_token?: unknown; token_type?: unknown; expires_in?: unknown; scope?: unknown };
  if (typeof json !== 'object' || json === null || typeof t.access_token !== 'string' || t.access_token === '') throw new LtiServiceError('malformed', `${url}: no access_token in the answer`, res.status);
  if (t.token_type !== undefined && (typeof t.token_type !== 'string' || t.token_type.toLowerCase() !== 'bearer')) throw new LtiServiceError('malformed', `${url}: a token of type ${JSON.stringify(t.token_type)}, not Bearer`, res.status);
  if (t.scope !== undefined && t.scope !== null && typeof t.scope !== 'string') throw new LtiServiceError('malformed', `${url}: scope is not a string`, res.status);
  const scopes = typeof t.scope === 'string' && t.scope.trim() !== '' ? t.scope.trim().split(/\s+/) : [...input.scopes];
  return { accessToken: t.access_token, expiresAt: new Date(input.now.getTime() + tokenLifetime(t.expires_in, url) * 1000), scopes };
}

/** The line items container, optionally only those of one resource link, every page. */
export async function listLineItems(input: { lineItemsUrl: string; accessToken: string; resourceLinkId?: string; fetch: ServiceFetch }): Promise<LineItem[]> {
  const u = serviceUrl(input.lineItemsUrl, 'The line items URL');
  if (input.resourceLinkId !== undefined) u.searchParams.set('resource_link_id', input.resourceLinkId);
  const items = await allPages({ url: u.href, accessToken: input.accessToken, accept: MEDIA_TYPE.lineItemContainer, fetch: input.fetch }, readLineItems);
  // A platform that ignores the filter must not hand Laurel another activity's grades.
  return input.resourceLinkId === undefined ? items : items.filter((i) => i.resourceLinkId === null || i.resourceLinkId === input.resourceLinkId);
}

export async function getLineItem(input: { lineItemUrl: string; accessToken: string; fetch: ServiceFetch }): Promise<LineItem> {
  const url = serviceUrl(input.lineItemUrl, 'The line item URL').href;
  const { json } = await getJson({ url, accessToken: input.accessToken, accept: MEDIA_TYPE.lineItem, fetch: input.fetch });
  return readLineItem(json, url);
}

/** `{lineitem}/results`: "/results" goes on the path, before any query string (Moodle's ?type_id=…). */
export function resultsUrl(lineItemUrl: string): URL {
  const u = serviceUrl(lineItemUrl, 'The line item URL');
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/results`;
  return u;
}

/** The results of a line item, optionally of one user, every page. */
export async function listResults(input: { lineItemUrl: string; accessToken: string; userId?: string; fetch: ServiceFetch }): Promise<Result[]> {
  const u = resultsUrl(input.lineItemUrl);
  if (input.userId !== undefined) u.searchParams.set('user_id', input.userId);
  const results = await allPages({ url: u.href, accessToken: input.accessToken, accept: MEDIA_TYPE.resultContainer, fetch: input.fetch }, readResults);
  return input.userId === undefined ? results : results.filter((r) => r.userId === input.userId);
}

/** The course's members (NRPS 2.0), optionally of one role, every page. */
export async function listMembers(input: { membershipsUrl: string; accessToken: string; role?: string; fetch: ServiceFetch }): Promise<Member[]> {
  const u = serviceUrl(input.membershipsUrl, 'The context memberships URL');
  if (input.role !== undefined) u.searchParams.set('role', input.role);
  return allPages({ url: u.href, accessToken: input.accessToken, accept: MEDIA_TYPE.membershipContainer, fetch: input.fetch }, readMembers);
}
