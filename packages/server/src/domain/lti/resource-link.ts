// A resource-link launch opens the placement behind the link. The platform assigns the link's id only
// after the deep-linking response, so the first launch finds the placement by the custom parameters the
// content item carried (placement_id, badge_class_id) and ties the link to it; a copied course brings
// new link ids with the same custom parameters, and gets a placement of its own. What the page shows is
// minimal in this slice: the instructor sees the badge and that award rules come next (items 3–4); a
// student sees the badge, its criteria and whether their email address already holds it.
import { SYSTEM } from '../actor.ts';
import type { LtiLaunch } from '../../sso/lti-types.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiPlacement, LtiPlatform } from '../../storage/repositories/lti.ts';
import { isUniqueViolation } from '../../storage/repositories/types.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { newId } from '../ids.ts';

export interface PlacementView {
  readonly placement: LtiPlacement;
  readonly badgeClass: { readonly id: string; readonly name: string; readonly description: string; readonly criteria: string };
  readonly role: 'instructor' | 'student';
  /** Whether the launch's email already holds a live award of the badge; null when the platform sent no email. */
  readonly earned: boolean | null;
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

/** The placement a resource-link launch opens, or null when the link carries none Laurel knows. */
export async function openPlacement(deps: Deps, input: { platform: LtiPlatform; launch: LtiLaunch; ip: string | null }): Promise<PlacementView | null> {
  const placement = await placementFor(deps, input.platform, input.launch, input.ip);
  if (!placement) return null;
  const r = repos(deps.db);
  const bc = await r.badgeClasses.findById(placement.badgeClassId);
  if (!bc || bc.organizationId !== input.platform.organizationId) return null;
  const email = input.launch.email;
  const earned = email ? (await r.awards.findLive(bc.id, email, null)) !== undefined : null;
  return { placement, badgeClass: { id: bc.id, name: bc.name, description: bc.description, criteria: bc.criteria }, role: input.launch.isInstructor ? 'instructor' : 'student', earned };
}
