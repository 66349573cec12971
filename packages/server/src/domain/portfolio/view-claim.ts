// The emailed claim link: whoever holds the token may look at the badge it was sent for, signed in or
// not (the link itself is the proof of the mailbox). After LAUREL_CLAIM_LINK_DAYS the link no longer
// accepts or declines (claimLink.expired); its page offers a fresh link instead (request-fresh-claim-link.ts).
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { hashToken } from '../ids.ts';
import { badgeView, type BadgeView } from './badge-view.ts';
import { claimLinkExpiredError, claimLinkState, type ClaimLinkState } from './claim-link.ts';

export type ClaimView = BadgeView & { readonly claimLink: ClaimLinkState };

export async function viewClaim(deps: Deps, _actor: Actor | null, input: { token: string }): Promise<ClaimView> {
  const award = await repos(deps.db).awards.findByClaimToken(hashToken(input.token));
  if (!award) throw new DomainError('claim_link_invalid', 'This claim link is not valid. Use the newest link from your email, or ask the institution that issued the badge.');
  return { ...(await badgeView(deps, award)), claimLink: claimLinkState(deps, award, nowIso(deps)) };
}

/** The claim behind a link that may still accept or decline; an expired link is refused (claim_link_expired). */
export async function usableClaim(deps: Deps, actor: Actor | null, input: { token: string }): Promise<ClaimView> {
  const v = await viewClaim(deps, actor, input);
  if (v.claimLink.expired) throw claimLinkExpiredError();
  return v;
}
