// An earner's public profile: their name and the badges they made public (revoked ones left out).
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { canViewAward } from '../policy.ts';
import { badgeView, type BadgeView } from './badge-view.ts';

export async function getPublicProfile(deps: Deps, actor: Actor | null, input: { userId: string }): Promise<{ name: string; badges: BadgeView[] }> {
  const r = repos(deps.db);
  const user = await r.users.findById(input.userId);
  if (!user || user.status !== 'active') throw notFound('The profile');
  // Only what anyone may see, whoever looks: the profile is the same page for its owner and for strangers.
  const awards = (await r.awards.publicForEarner(input.userId)).filter((a) => !a.revokedAt && canViewAward(null, a, false));
  return { name: user.name, badges: await Promise.all(awards.map((a) => badgeView(deps, a))) };
}
