// The institution administrator's view of where its badges sit in a platform's courses: each placement
// (course, badge, the instructor who placed it), its award rule, and its students by status.
import { repos } from '../../storage/repositories/index.ts';
import type { LtiLearnerStatus } from '../../storage/repositories/lti-awards.ts';
import type { LtiPlacement } from '../../storage/repositories/lti.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import type { Organization } from '../institutions/institutions.ts';
import { getLtiPlatform, type LtiPlatformView } from './platforms.ts';

export interface PlacementSummary {
  readonly placement: LtiPlacement;
  readonly badgeClassName: string;
  readonly counts: Readonly<Record<LtiLearnerStatus, number>>;
}

const NONE: Record<LtiLearnerStatus, number> = { not_yet: 0, qualified: 0, awarded: 0, held: 0, no_email: 0, failed: 0 };

export async function listLtiPlacements(deps: Deps, actor: Actor, input: { slug: string; platformId: string }): Promise<{ organization: Organization; platform: LtiPlatformView; placements: PlacementSummary[] }> {
  const { organization, platform } = await getLtiPlatform(deps, actor, input);
  const r = repos(deps.db);
  const counts = await r.ltiLearners.countsByPlacement(platform.id);
  const names = new Map((await r.ltiPlacements.placeableBadgeClasses(organization.id)).map((b) => [b.id, b.name]));
  const placements: PlacementSummary[] = [];
  for (const p of await r.ltiPlacements.forPlatform(platform.id)) {
    const name = names.get(p.badgeClassId) ?? (await r.badgeClasses.findById(p.badgeClassId))?.name ?? 'A removed badge';
    placements.push({ placement: p, badgeClassName: name, counts: counts.get(p.id) ?? NONE });
  }
  return { organization, platform, placements };
}
