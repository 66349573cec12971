// The deep-linking answer (LTI Deep Linking 2.0): the instructor picked one of the institution's badge
// classes on Laurel's page; Laurel records the placement and signs an LtiDeepLinkingResponse with one
// ltiResourceLink content item (custom badge_class_id and placement_id, so the link's launches find the
// placement), which the browser posts to the platform's deep_link_return_url. The picker's form carries
// the continuation token from the verified launch (single use, 30 minutes); it is the one form of
// Laurel's own pages without Laurel's CSRF token, because inside the platform's frame Laurel's Lax
// cookies are not sent: the token, secret and bound to this launch, does that job.
import { signDeepLinkingResponse } from '../../sso/lti-messages.ts';
import { repos } from '../../storage/repositories/index.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { hashToken, newId } from '../ids.ts';
import { browserMatches, type DeepLinkFacts } from './launch.ts';
import { ltiToolValues } from './platforms.ts';
import { refuseLti } from './refusals.ts';
import { activeToolKey } from './tool-keys.ts';

export interface DeepLinkAnswer {
  /** The platform's deep_link_return_url: the browser posts `JWT` there. */
  readonly returnUrl: string;
  readonly jwt: string;
  readonly badgeClassName: string;
  readonly platformName: string;
  readonly placementId: string;
  readonly frameOrigins: readonly string[];
}

export async function completeDeepLinking(deps: Deps, input: { continueToken: string; badgeClassId: string; browserToken: string | null; ip: string | null }): Promise<DeepLinkAnswer> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  const login = input.continueToken ? await r.ltiLogins.findByContinue(hashToken(input.continueToken)) : undefined;
  const platform = login && (await r.ltiPlatforms.findById(login.platformId));
  const step = { step: 'deep_link' as const, ip: input.ip };
  if (!login || !platform || !login.launch) return refuseLti(deps, { platform, reason: 'state_invalid', detail: 'No deep-linking launch for this form.', ...step });
  if (login.finishedAt) return refuseLti(deps, { platform, reason: 'replayed', detail: 'This deep-linking launch was already answered.', ...step });
  if (!login.continueExpiresAt || login.continueExpiresAt <= now) return refuseLti(deps, { platform, reason: 'state_invalid', detail: 'The deep-linking launch has expired.', ...step });
  if (!browserMatches(login, input.browserToken)) return refuseLti(deps, { platform, reason: 'browser_mismatch', detail: 'The binding cookie is missing or is not the one set at login initiation.', ...step });
  if (platform.status !== 'active') return refuseLti(deps, { platform, reason: 'platform_disabled', detail: 'The registration was turned off after the launch.', ...step });
  const facts = login.launch as unknown as DeepLinkFacts;
  const bc = input.badgeClassId ? await r.badgeClasses.findById(input.badgeClassId) : undefined;
  if (!bc) return refuseLti(deps, { platform, reason: 'malformed', detail: `No badge class ${input.badgeClassId.slice(0, 100)}.`, ...step });
  if (bc.organizationId !== platform.organizationId) return refuseLti(deps, { platform, reason: 'wrong_organization', detail: `Badge class ${bc.id} belongs to organization ${bc.organizationId}.`, ...step });
  if (!(await r.ltiPlacements.placeableBadgeClasses(platform.organizationId)).some((b) => b.id === bc.id)) {
    return refuseLti(deps, { platform, reason: 'malformed', detail: `Badge class ${bc.id} is not of an active program.`, ...step });
  }
  const placementId = newId();
  const done = await inTransaction(deps, async (tr) => {
    if (!(await tr.ltiLogins.markFinished(login.id, now))) return false;
    await tr.ltiPlacements.insert({ id: placementId, platformId: platform.id, deploymentId: facts.deploymentId, contextId: facts.contextId, contextTitle: facts.contextTitle, resourceLinkId: null, badgeClassId: bc.id, createdBy: facts.subject, createdByName: facts.name, at: now });
    await audit(tr, { actor: SYSTEM, at: now, ip: input.ip, action: 'lti.deep_linked', subjectType: 'lti_placement', subjectId: placementId, organizationId: platform.organizationId, data: { platformId: platform.id, deploymentId: facts.deploymentId, contextId: facts.contextId, contextTitle: facts.contextTitle, badgeClassId: bc.id, instructor: facts.subject, instructorName: facts.name } });
    return true;
  });
  if (!done) return refuseLti(deps, { platform, reason: 'replayed', detail: 'This deep-linking launch was answered by another request.', ...step });
  const jwt = await signDeepLinkingResponse({
    key: await activeToolKey(deps),
    clientId: platform.clientId,
    platformIssuer: platform.issuer,
    deploymentId: facts.deploymentId,
    data: facts.data,
    item: { title: bc.name, text: bc.description.slice(0, 500), url: ltiToolValues(deps).launchUrl, custom: { badge_class_id: bc.id, placement_id: placementId } },
    message: `Placed the badge “${bc.name}”.`,
    now: deps.clock(),
  });
  return { returnUrl: facts.returnUrl, jwt, badgeClassName: bc.name, platformName: platform.name, placementId, frameOrigins: facts.frameOrigins };
}
