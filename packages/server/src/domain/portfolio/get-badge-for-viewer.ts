// One award at its public address, as the viewer may see it: anyone when public (and accepted), else its
// earner and its institution's issuers. Anyone else gets not_found, so a private badge's existence is
// not revealed.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { canIssueBadges, canViewAward } from '../policy.ts';
import { badgeView, earnerEmails, ownsAward, type BadgeView } from './badge-view.ts';

export async function getBadgeForViewer(deps: Deps, actor: Actor | null, input: { awardId: string }): Promise<{ view: BadgeView; owner: boolean; issuer: boolean }> {
  const award = await repos(deps.db).awards.findById(input.awardId);
  if (!award) throw notFound('The badge');
  const owner = actor?.kind === 'user' ? ownsAward(award, actor.userId, await earnerEmails(deps, actor.userId)) : false;
  const issuer = actor ? canIssueBadges(actor, award.organizationId) : false;
  if (!canViewAward(actor, award, owner)) throw notFound('The badge');
  return { view: await badgeView(deps, award), owner, issuer };
}
