// One award as its issuer sees it: with its badge class name, institution slug and current status (the
// award page and GET /api/v1/awards/{id}), and with its history for the award page.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { claimLinkState, type ClaimLinkState } from '../portfolio/claim-link.ts';
import { awardHistory, awardStatus, getAwardForIssuer, type AwardStatus } from './manage-awards.ts';
import type { AuditEvent, Award } from './types.ts';

export interface AwardView {
  readonly award: Award;
  readonly badgeClassName: string;
  /** The issuing institution's slug. */
  readonly institution: string;
  readonly status: AwardStatus;
}

/**
 * Names and status for awards the caller already holds by right (just issued or changed by them, or read
 * through getAwardForIssuer); lookups are shared across the list.
 */
export async function describeAwards(deps: Deps, awards: readonly Award[]): Promise<AwardView[]> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  const names = new Map<string, Promise<string>>();
  const slugs = new Map<string, Promise<string>>();
  const once = (m: Map<string, Promise<string>>, id: string, load: () => Promise<string>) => m.get(id) ?? m.set(id, load()).get(id)!;
  return Promise.all(
    awards.map(async (award) => ({
      award,
      badgeClassName: await once(names, award.badgeClassId, async () => (await r.badgeClasses.findById(award.badgeClassId))?.name ?? ''),
      institution: await once(slugs, award.organizationId, async () => (await r.organizations.findById(award.organizationId))?.slug ?? ''),
      status: awardStatus(award, now),
    })),
  );
}

export async function getAward(deps: Deps, actor: Actor, awardId: string): Promise<AwardView> {
  const [view] = await describeAwards(deps, [await getAwardForIssuer(deps, actor, awardId)]);
  return view!;
}

/** The award page: the award, its history, and how long its claim link works. */
export async function getAwardDetail(deps: Deps, actor: Actor, awardId: string): Promise<AwardView & { history: AuditEvent[]; claimLink: ClaimLinkState }> {
  const [view, history] = await Promise.all([getAward(deps, actor, awardId), awardHistory(deps, actor, awardId)]);
  return { ...view, history, claimLink: claimLinkState(deps, view.award, nowIso(deps)) };
}
