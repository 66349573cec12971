// The emailed claim link: whoever holds the token may look at the badge it was sent for, signed in or
// not (the link itself is the proof of the mailbox).
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { hashToken } from '../ids.ts';
import { badgeView, type BadgeView } from './badge-view.ts';

export async function viewClaim(deps: Deps, _actor: Actor | null, input: { token: string }): Promise<BadgeView> {
  const award = await repos(deps.db).awards.findByClaimToken(hashToken(input.token));
  if (!award) throw new DomainError('claim_link_invalid', 'This claim link is not valid. Use the newest link from your email, or ask the institution that issued the badge.');
  return badgeView(deps, award);
}
