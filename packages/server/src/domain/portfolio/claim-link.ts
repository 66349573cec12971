// How long an emailed claim link works, and replacing it with a fresh one. A link accepts or declines its
// badge for LAUREL_CLAIM_LINK_DAYS from when it was emailed (claimSentAt; an award from before that was
// recorded counts from its issue date). Replacing the token makes the earlier link unknown at once.
import type { Repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import { addMs, type Deps } from '../deps.ts';
import { composeEmail, earnerLanguage, queueEmail } from '../email.ts';
import type { Locale } from '../../shared/i18n/locales.ts';
import { DomainError } from '../errors.ts';
import { hashToken, newToken } from '../ids.ts';
import { claimEmail } from '../issuance/issue-awards.ts';

export interface ClaimLinkState {
  /** When the link stops accepting or declining (ISO). */
  readonly expiresAt: string;
  readonly expired: boolean;
}

export function claimLinkState(deps: Pick<Deps, 'config'>, award: Pick<Award, 'claimSentAt' | 'issuedAt'>, now: string): ClaimLinkState {
  const expiresAt = addMs(award.claimSentAt ?? award.issuedAt, deps.config.claimLinkDays * 86_400_000);
  return { expiresAt, expired: expiresAt <= now };
}

export function claimLinkExpiredError(): DomainError {
  return new DomainError('claim_link_expired', 'This claim link has expired. Ask for a fresh link on this page, or ask the institution that issued the badge to send it again.');
}

/**
 * Gives the award a new claim token and queues the claim email with the new link to the award's recipient
 * address (never to another one), inside the caller's transaction. False when the award's link was
 * replaced meanwhile (a double click): nothing is sent twice.
 */
export async function replaceClaimLink(deps: Deps, tr: Repos, award: Award, now: string, language: Locale = deps.config.defaultLanguage): Promise<boolean> {
  const token = newToken();
  if (!(await tr.awards.replaceClaimToken(award.id, { oldHash: award.claimTokenHash, newHash: hashToken(token), at: now }))) return false;
  const [badgeClass, organization] = await Promise.all([tr.badgeClasses.findById(award.badgeClassId), tr.organizations.findById(award.organizationId)]);
  if (!badgeClass || !organization) throw new DomainError('not_found', 'The badge was not found.');
  await queueEmail(tr, claimEmail(deps, { badgeClass, organization }, award, token, await earnerLanguage(tr, award.recipientEmail, language)), now);
  return true;
}

/** The issuer to tell about the award: whoever issued it if they still can, else the institution's issuers and administrators. */
export async function issuerAddresses(tr: Repos, award: Award): Promise<string[]> {
  const active = async (ids: readonly string[]) => (await Promise.all(ids.map((id) => tr.users.findById(id)))).filter((u) => u && u.status === 'active').map((u) => u!.email);
  const [issuers, admins] = await Promise.all([tr.memberships.usersWithRole('issuer', award.organizationId), tr.memberships.usersWithRole('institution_admin', award.organizationId)]);
  if (award.createdBy && (issuers.includes(award.createdBy) || admins.includes(award.createdBy))) {
    const creator = await active([award.createdBy]);
    if (creator.length) return creator;
  }
  return [...new Set(await active([...new Set([...issuers, ...admins])]))];
}

export function freshLinkRequestedEmail(deps: Pick<Deps, 'config'>, to: string, p: { award: Award; badgeName: string; organizationName: string }) {
  return composeEmail({
    to,
    subject: `A recipient asked for a new claim link: ${p.badgeName}`,
    greeting: 'Hello,',
    paragraphs: [
      `${p.award.recipientName} (${p.award.recipientEmail}) opened an expired claim link for the badge “${p.badgeName}” from ${p.organizationName} and asked for a new one.`,
      `Laurel has emailed a new link to ${p.award.recipientEmail}, the address the badge was issued to; the old link no longer works. You do not need to do anything, unless that address is wrong.`,
    ],
    action: { label: 'See the award', url: `${deps.config.publicUrl}/issuing/awards/${p.award.id}` },
  });
}
