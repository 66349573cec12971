// The recipient of an expired claim link asks for a fresh one. The new link goes to the address the
// badge was issued to — never to an address typed in — and the issuer is told by email; the old link
// stops working at once, so it cannot be used to ask again. All in one transaction (outbox).
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { queueEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import { freshLinkRequestedEmail, issuerAddresses, replaceClaimLink } from './claim-link.ts';
import { viewClaim } from './view-claim.ts';
import type { Locale } from '../../shared/i18n/locales.ts';

/** The recipient address with most of its local part hidden, for the page that says where the link went. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, local.length - 1) || 1)}${'•'.repeat(3)}${email.slice(at)}`;
}

export async function requestFreshClaimLink(deps: Deps, actor: Actor | null, input: { token: string; language?: Locale }): Promise<{ sentTo: string }> {
  const v = await viewClaim(deps, actor, input);
  const a = v.award;
  if (!v.claimLink.expired) throw new DomainError('invalid_transition', 'This claim link still works: use it to accept or decline the badge.');
  if (a.revokedAt) throw new DomainError('invalid_transition', 'This badge was revoked by its issuer, so there is no new link to send.');
  if (a.claimState === 'accepted') throw new DomainError('invalid_transition', 'This badge is already in a portfolio: sign in to see it.');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await replaceClaimLink(deps, tr, a, now, input.language))) throw new DomainError('claim_link_invalid', 'This claim link was already replaced: use the newest link from your email.');
    for (const to of await issuerAddresses(tr, a)) {
      await queueEmail(tr, freshLinkRequestedEmail(deps, to, { award: a, badgeName: v.badgeClass.name, organizationName: v.organization.name }), now);
    }
    await audit(tr, { actor: actor ?? { kind: 'system' }, at: now, action: 'award.claim_link_requested', subjectType: 'award', subjectId: a.id, organizationId: a.organizationId, data: { sentTo: a.recipientEmail } });
  });
  deps.wake();
  return { sentTo: maskEmail(a.recipientEmail) };
}
