// A resource-link launch opens the placement behind the link. The platform assigns the link's id only
// after the deep-linking response, so the first launch finds the placement by the custom parameters the
// content item carried (placement_id, badge_class_id) and ties the link to it; a copied course brings
// new link ids with the same custom parameters, and gets a placement of its own. What the page shows is
// drawn from placement-view.ts: the instructor's award rule and students, or the student's own status.
import { SYSTEM } from '../actor.ts';
import type { LtiLaunch } from '../../sso/lti-types.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiPlacement, LtiPlatform } from '../../storage/repositories/lti.ts';
import { isUniqueViolation } from '../../storage/repositories/types.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { hashToken, newId } from '../ids.ts';
import type { Organization } from '../institutions/institutions.ts';
import { checkOwnResult } from './check-results.ts';
import { startFrameSession, type OpenFrame } from './frame-session.ts';

/** A placement a launch opened: its frame session (the token the page's links and forms carry), and why the student's result could not be read just now. */
export interface PlacementOpened {
  readonly frame: OpenFrame;
  readonly token: string;
  readonly problem: string | null;
}

/** A placement for a link that has none yet, from the same badge (a copied course, or a link made by hand with badge_class_id). */
async function newPlacementFor(deps: Deps, input: { platform: LtiPlatform; launch: LtiLaunch; linkId: string; badgeClassId: string; source: 'copy' | 'custom'; ip: string | null }): Promise<LtiPlacement | undefined> {
  const { platform, launch } = input;
  const id = newId();
  const at = nowIso(deps);
  try {
    await inTransaction(deps, async (tr) => {
      await tr.ltiPlacements.insert({ id, platformId: platform.id, deploymentId: launch.deploymentId, contextId: launch.context?.id ?? `deployment:${launch.deploymentId}`, contextTitle: launch.context?.title ?? platform.name, resourceLinkId: input.linkId, badgeClassId: input.badgeClassId, createdBy: null, createdByName: null, at });
      await audit(tr, { actor: SYSTEM, at, ip: input.ip, action: 'lti.placement_created', subjectType: 'lti_placement', subjectId: id, organizationId: platform.organizationId, data: { source: input.source, platformId: platform.id, contextId: launch.context?.id ?? null, resourceLinkId: input.linkId, badgeClassId: input.badgeClassId } });
    });
  } catch (err) {
    // Two first launches of one link at once: the other made it.
    if (!isUniqueViolation(err)) throw err;
  }
  return repos(deps.db).ltiPlacements.findByLink(platform.id, input.linkId);
}

async function placementFor(deps: Deps, platform: LtiPlatform, launch: LtiLaunch, ip: string | null): Promise<LtiPlacement | undefined> {
  const r = repos(deps.db);
  const linkId = launch.resourceLink!.id;
  const bound = await r.ltiPlacements.findByLink(platform.id, linkId);
  if (bound) return bound;
  const named = launch.custom.placement_id ? await r.ltiPlacements.findById(launch.custom.placement_id) : undefined;
  if (named && named.platformId === platform.id) {
    if (named.resourceLinkId === null && (await r.ltiPlacements.bindLink(named.id, linkId, nowIso(deps)))) return r.ltiPlacements.findById(named.id);
    return newPlacementFor(deps, { platform, launch, linkId, badgeClassId: named.badgeClassId, source: 'copy', ip });
  }
  const badgeClassId = launch.custom.badge_class_id;
  if (badgeClassId) {
    const bc = await r.badgeClasses.findById(badgeClassId);
    // Only a badge of the platform's own institution; a custom parameter naming another is ignored.
    if (bc && bc.organizationId === platform.organizationId) return newPlacementFor(deps, { platform, launch, linkId, badgeClassId: bc.id, source: 'custom', ip });
  }
  return undefined;
}

/**
 * The placement a resource-link launch opens, or null when the link carries none Laurel knows. The
 * launch's service claims are kept on the placement (the rule reads results through them); a student's
 * own result is read at once.
 */
export async function openPlacement(deps: Deps, input: { platform: LtiPlatform; organization: Organization; launch: LtiLaunch; browserHash: string | null; frameOrigins: readonly string[]; ip: string | null }): Promise<PlacementOpened | null> {
  const { platform, launch } = input;
  const found = await placementFor(deps, platform, launch, input.ip);
  if (!found) return null;
  const r = repos(deps.db);
  const bc = await r.badgeClasses.findById(found.badgeClassId);
  if (!bc || bc.organizationId !== platform.organizationId) return null;
  const services = { lineItemsUrl: launch.ags?.lineItemsUrl ?? null, membershipsUrl: launch.nrps?.membershipsUrl ?? null, agsScopes: launch.ags?.scopes ?? [] };
  if (services.lineItemsUrl !== found.services.lineItemsUrl || services.membershipsUrl !== found.services.membershipsUrl || services.agsScopes.join(' ') !== found.services.agsScopes.join(' ')) {
    if (launch.isInstructor || !found.services.lineItemsUrl) await r.ltiPlacementRules.setServices(found.id, services);
  }
  const placement = (await r.ltiPlacements.findById(found.id))!;
  const role = launch.isInstructor ? 'instructor' : 'learner';
  const subject = launch.subject ?? 'anonymous';
  const token = await startFrameSession(deps, { placement, role, subject, email: launch.email, name: launch.name, browserHash: input.browserHash, frameOrigins: input.frameOrigins });
  const problem = role === 'learner' && launch.subject ? (await checkOwnResult(deps, { placement, platform, userId: launch.subject, email: launch.email, name: launch.name })).problem : null;
  const session = (await r.ltiFrameSessions.findByToken(hashToken(token)))!;
  return { frame: { session, placement: (await r.ltiPlacements.findById(found.id))!, platform, organization: input.organization }, token, problem };
}
