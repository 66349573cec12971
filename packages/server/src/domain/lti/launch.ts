// The launch: the platform posts the id_token and the state to /lti/launch (a cross-site form post, so
// it carries no Laurel CSRF token; the platform's signature, the single-use state and Laurel's nonce
// protect it). Checked in order: the state (known, unused, in time, this browser when bound), the
// registration it was started for (turned on), the id_token (signature against the platform's JWKS, iss,
// aud/azp, exp/nbf/iat, nonce — sso/lti-launch.ts), that it targets Laurel, the deployment, and the
// nonce not seen before. Then a deep-linking request by an instructor gets a continuation token for the
// badge picker (deep-linking.ts), and a resource-link request the placement it opens with a frame session
// for its pages (resource-link.ts, frame-session.ts). A launch never starts a Laurel session.
import { peekLtiToken, verifyLtiIdToken } from '../../sso/lti-launch.ts';
import { LtiRefused, type LtiLaunch } from '../../sso/lti-types.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiLogin, LtiPlatform } from '../../storage/repositories/lti.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { hashToken, newToken } from '../ids.ts';
import type { Organization } from '../institutions/institutions.ts';
import { bindingKeyOf, browserMatches, isOwnLtiAddress } from './login.ts';

export { browserMatches };
import { platformJwks } from './platform-jwks.ts';
import { refuseLti } from './refusals.ts';
import { openPlacement, type PlacementOpened } from './resource-link.ts';

/** How long the instructor has to pick a badge after a deep-linking launch. */
export const DEEP_LINK_PICK_MS = 30 * 60_000;
/** Nonces are remembered at least this long, whatever the token's expiry. */
const MIN_NONCE_MS = 15 * 60_000;

/** What the deep-linking step needs from the launch (stored with the login). */
export interface DeepLinkFacts {
  readonly deploymentId: string;
  readonly returnUrl: string;
  readonly data: string | null;
  readonly contextId: string;
  readonly contextTitle: string;
  readonly subject: string | null;
  readonly name: string | null;
  readonly frameOrigins: readonly string[];
}

export type LaunchResult =
  | { readonly kind: 'deep_linking'; readonly platform: LtiPlatform; readonly organization: Organization; readonly launch: LtiLaunch; readonly continueToken: string; readonly bindingKey: string; readonly badgeClasses: ReadonlyArray<{ id: string; name: string; description: string }>; readonly frameOrigins: readonly string[] }
  | { readonly kind: 'resource_link'; readonly platform: LtiPlatform; readonly organization: Organization; readonly launch: LtiLaunch; readonly opened: PlacementOpened | null; readonly bindingKey: string; readonly frameOrigins: readonly string[] };

const originOf = (url: string | null | undefined): string | null => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/** The origins that may frame Laurel's answer: the platform's own addresses and the pages the launch came from. */
function frameOriginsOf(platform: LtiPlatform, launch: LtiLaunch): string[] {
  const all = [platform.issuer, platform.authLoginUrl, launch.deepLinking?.returnUrl, launch.returnUrl].map(originOf);
  return [...new Set(all.filter((o): o is string => o !== null && /^https?:\/\//.test(o)))];
}


async function verified(deps: Deps, platform: LtiPlatform, login: LtiLogin, idToken: string, ip: string | null): Promise<LtiLaunch> {
  const fail = (err: LtiRefused) => refuseLti(deps, { platform, reason: err.reason, detail: err.detail, step: 'launch', ip });
  try {
    peekLtiToken(idToken);
  } catch (err) {
    if (err instanceof LtiRefused) return fail(err);
    throw err;
  }
  for (const refresh of [false, true]) {
    const jwks = await platformJwks(deps, platform, { refresh });
    if (!jwks) return refuseLti(deps, { platform, reason: 'jwks_unavailable', detail: `No key set from ${platform.jwksUrl}`, step: 'launch', ip });
    try {
      return await verifyLtiIdToken(idToken, { jwks, issuer: platform.issuer, clientId: platform.clientId, nonce: login.nonce, now: deps.clock() });
    } catch (err) {
      if (!(err instanceof LtiRefused)) throw err;
      // A kid the cached set does not hold: the platform may have rotated its keys; fetch once more.
      if (err.reason !== 'unknown_key' || refresh) return fail(err);
    }
  }
  throw new Error('unreachable');
}

export async function acceptLtiLaunch(deps: Deps, input: { idToken: string; state: string; error?: string; errorDescription?: string; browserToken: string | null; ip: string | null }): Promise<LaunchResult> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  const login = input.state ? await r.ltiLogins.findByState(hashToken(input.state)) : undefined;
  const platform = login && (await r.ltiPlatforms.findById(login.platformId));
  if (input.error) return refuseLti(deps, { platform, reason: 'platform_error', detail: `${input.error.slice(0, 100)}${input.errorDescription ? `: ${input.errorDescription.slice(0, 300)}` : ''}`, step: 'launch', ip: input.ip });
  if (!login || !platform) return refuseLti(deps, { platform: null, reason: 'state_invalid', detail: 'No login initiation under way for this state.', step: 'launch', ip: input.ip, issuer: safeIssuer(input.idToken) });
  if (login.usedAt) return refuseLti(deps, { platform, reason: 'replayed', detail: 'The login was already used by a launch.', step: 'launch', ip: input.ip });
  if (login.expiresAt <= now) return refuseLti(deps, { platform, reason: 'state_invalid', detail: 'The login initiation has expired.', step: 'launch', ip: input.ip });
  if (!browserMatches(login, input.browserToken)) return refuseLti(deps, { platform, reason: 'browser_mismatch', detail: 'The binding cookie is missing or is not the one set at login initiation.', step: 'launch', ip: input.ip });
  if (platform.status !== 'active') return refuseLti(deps, { platform, reason: 'platform_disabled', detail: 'The registration is turned off.', step: 'launch', ip: input.ip });
  const launch = await verified(deps, platform, login, input.idToken, input.ip);
  if (!isOwnLtiAddress(deps, launch.targetLinkUri)) return refuseLti(deps, { platform, reason: 'malformed', detail: `target_link_uri ${launch.targetLinkUri.slice(0, 300)} is not Laurel's.`, step: 'launch', ip: input.ip });
  if (!(await r.ltiPlatforms.hasDeployment(platform.id, launch.deploymentId))) return refuseLti(deps, { platform, reason: 'unknown_deployment', detail: `Deployment ${launch.deploymentId.slice(0, 255)} is not registered.`, step: 'launch', ip: input.ip });
  if (launch.messageType === 'LtiDeepLinkingRequest' && !launch.isInstructor) return refuseLti(deps, { platform, reason: 'not_instructor', detail: `Roles: ${launch.roles.join(' ').slice(0, 400)}`, step: 'launch', ip: input.ip });
  const frameOrigins = frameOriginsOf(platform, launch);
  const continueToken = launch.messageType === 'LtiDeepLinkingRequest' ? newToken() : null;
  const facts: DeepLinkFacts | null = launch.deepLinking && {
    deploymentId: launch.deploymentId,
    returnUrl: launch.deepLinking.returnUrl,
    data: launch.deepLinking.data,
    contextId: launch.context?.id ?? `deployment:${launch.deploymentId}`,
    contextTitle: launch.context?.title ?? platform.name,
    subject: launch.subject,
    name: launch.name,
    frameOrigins,
  };
  const nonceUntil = new Date(Math.max(Date.parse(launch.expiresAt), Date.parse(now) + MIN_NONCE_MS)).toISOString();
  const accepted = await inTransaction(deps, async (tr) => {
    if (!(await tr.ltiLogins.rememberNonce(platform.id, launch.nonce, nonceUntil))) return false;
    return tr.ltiLogins.markUsed(login.id, { at: now, launch: facts ? { ...facts } : null, continueHash: continueToken && hashToken(continueToken), continueExpiresAt: continueToken && addMs(now, DEEP_LINK_PICK_MS) });
  });
  if (!accepted) return refuseLti(deps, { platform, reason: 'replayed', detail: 'The nonce or the login was used by another launch.', step: 'launch', ip: input.ip });
  const organization = (await r.organizations.findById(platform.organizationId))!;
  if (continueToken) {
    return { kind: 'deep_linking', platform, organization, launch, continueToken, bindingKey: bindingKeyOf(input.state), badgeClasses: await r.ltiPlacements.placeableBadgeClasses(organization.id), frameOrigins };
  }
  return { kind: 'resource_link', platform, organization, launch, opened: await openPlacement(deps, { platform, organization, launch, browserHash: login.browserHash, frameOrigins, ip: input.ip }), bindingKey: bindingKeyOf(input.state), frameOrigins };
}

/** The issuer a refused token claims, for the audit event only (unverified). */
function safeIssuer(idToken: string): string | null {
  try {
    return peekLtiToken(idToken).issuer;
  } catch {
    return null;
  }
}
