// The course's services as the award rules use them: an access token from the platform (client
// credentials with Laurel's tool key as the client assertion), kept until shortly before it expires,
// then the line items, results and roster (sso/lti-services.ts speaks the protocols). Every request goes
// through deps.fetch, the SSRF-guarded fetch. A failure becomes a sentence for the instructor's page.
import { getLineItem, listLineItems, listMembers, listResults, LtiServiceError, requestServiceToken, type LineItem, type Member, type Result } from '../../sso/lti-services.ts';
import { TOOL_SCOPES } from '../../sso/lti-types.ts';
import type { LtiPlatform } from '../../storage/repositories/lti.ts';
import type { Deps } from '../deps.ts';
import { activeToolKey } from './tool-keys.ts';

export { LtiServiceError, type LineItem, type Member, type Result };

/** A token is not used in its last minute: a request started then may arrive after it expired. */
const TOKEN_MARGIN_MS = 60_000;
const tokens = new Map<string, { accessToken: string; expiresAt: number }>();

const LINE_ITEMS_READ = TOOL_SCOPES[0];
const RESULTS_READ = TOOL_SCOPES[1];
const MEMBERS_READ = TOOL_SCOPES[2];

async function accessToken(deps: Deps, platform: LtiPlatform, scope: string): Promise<string> {
  const key = `${platform.id}|${platform.authTokenUrl}|${platform.clientId}|${scope}`;
  const now = deps.clock().getTime();
  const held = tokens.get(key);
  if (held && held.expiresAt - TOKEN_MARGIN_MS > now) return held.accessToken;
  const t = await requestServiceToken({
    tokenUrl: platform.authTokenUrl,
    audience: platform.tokenAudience ?? platform.authTokenUrl,
    clientId: platform.clientId,
    key: await activeToolKey(deps),
    scopes: [scope],
    fetch: deps.fetch,
    now: deps.clock(),
  });
  tokens.set(key, { accessToken: t.accessToken, expiresAt: t.expiresAt.getTime() });
  return t.accessToken;
}

/** Forgets a platform's tokens (its settings changed, or it refused one). */
export function forgetServiceTokens(platformId: string): void {
  for (const k of tokens.keys()) if (k.startsWith(`${platformId}|`)) tokens.delete(k);
}

/** Runs a service call; a 401 once means the token was revoked early: fetch a new one and try again. */
async function withToken<T>(deps: Deps, platform: LtiPlatform, scope: string, call: (accessToken: string) => Promise<T>): Promise<T> {
  try {
    return await call(await accessToken(deps, platform, scope));
  } catch (err) {
    if (!(err instanceof LtiServiceError) || err.status !== 401) throw err;
    forgetServiceTokens(platform.id);
    return call(await accessToken(deps, platform, scope));
  }
}

export function courseLineItems(deps: Deps, platform: LtiPlatform, input: { lineItemsUrl: string; resourceLinkId?: string | undefined }): Promise<LineItem[]> {
  return withToken(deps, platform, LINE_ITEMS_READ, (accessToken) => listLineItems({ lineItemsUrl: input.lineItemsUrl, accessToken, ...(input.resourceLinkId ? { resourceLinkId: input.resourceLinkId } : {}), fetch: deps.fetch }));
}

export function lineItem(deps: Deps, platform: LtiPlatform, input: { lineItemUrl: string }): Promise<LineItem> {
  return withToken(deps, platform, LINE_ITEMS_READ, (accessToken) => getLineItem({ lineItemUrl: input.lineItemUrl, accessToken, fetch: deps.fetch }));
}

export function lineItemResults(deps: Deps, platform: LtiPlatform, input: { lineItemUrl: string; userId?: string | undefined }): Promise<Result[]> {
  return withToken(deps, platform, RESULTS_READ, (accessToken) => listResults({ lineItemUrl: input.lineItemUrl, accessToken, ...(input.userId ? { userId: input.userId } : {}), fetch: deps.fetch }));
}

export function courseMembers(deps: Deps, platform: LtiPlatform, input: { membershipsUrl: string }): Promise<Member[]> {
  return withToken(deps, platform, MEMBERS_READ, (accessToken) => listMembers({ membershipsUrl: input.membershipsUrl, accessToken, fetch: deps.fetch }));
}

/** What the instructor reads when the platform's services did not answer. */
export function serviceProblem(err: LtiServiceError, platformName: string): string {
  switch (err.reason) {
    case 'token_refused':
      return `${platformName} refused Laurel access to the course's grades and roster${err.status ? ` (HTTP ${err.status})` : ''}. Its administrator must allow Laurel the Assignment and Grade Services and Names and Role Provisioning Services, with Laurel's public keyset URL.`;
    case 'http_error':
      return err.status === 403 || err.status === 401
        ? `${platformName} did not let Laurel read this course's grades or roster (HTTP ${err.status}). Its administrator must turn on Laurel's access to grades and the roster.`
        : `${platformName} answered Laurel's request for the course's results with an error (HTTP ${err.status ?? 'unknown'}). Try again in a few minutes.`;
    case 'unavailable':
      return `Laurel could not reach ${platformName} to read the course's results. Try again in a few minutes.`;
    case 'too_large':
    case 'malformed':
      return `${platformName} answered with results Laurel could not read. Tell your help desk (reference: ${err.reason}).`;
  }
}
