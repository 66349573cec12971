// A student adds the badge a course earned them to their Laurel portfolio from inside the course, with
// no separate sign-up: the platform vouched for their email address in the launch (the institution
// registered that platform, as it registers its identity providers), so the badge is accepted into the
// account that holds the address, or into a new earner account made for it. Nobody is signed in to
// Laurel by this: the frame cannot hold Laurel's session, and a session started from a token in a
// framed page could be carried elsewhere. The student gets an email saying where the badge is and how to
// sign in (their institution's sign-in, or choosing a password through "Forgot password").
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import { repos } from '../../storage/repositories/index.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { composeEmail, earnerLanguage, queueEmail } from '../email.ts';
import type { Locale } from '../../shared/i18n/locales.ts';
import { translator } from '../../shared/i18n/translator.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { acceptAwardInto } from '../portfolio/portfolio.ts';
import type { OpenFrame } from './frame-session.ts';
import { learnerView } from './placement-view.ts';

export interface FrameClaim {
  readonly award: Award;
  readonly created: boolean;
  readonly email: string;
}

/** `language`: the framed page's (the request's), for the email to a new account (which has no saved language yet). */
export async function claimFromFrame(deps: Deps, frame: OpenFrame, ip: string | null, language: Locale = deps.config.defaultLanguage): Promise<FrameClaim> {
  const { session, platform } = frame;
  const email = session.email;
  if (!email) throw new DomainError('invalid_transition', `${platform.name} did not share your email address with Laurel, so the badge cannot be added from here. Use the link in the badge's email instead.`);
  const view = await learnerView(deps, frame);
  const award = view.award;
  if (!award) throw new DomainError('invalid_transition', 'You do not hold this badge yet: there is nothing to add to a portfolio.');
  if (award.claimState === 'accepted') return { award, created: false, email };
  const r = repos(deps.db);
  const at = nowIso(deps);
  let userId = (await r.users.findByEmail(award.recipientEmail))?.id ?? (await r.earnerEmails.verifiedOwner(award.recipientEmail)) ?? null;
  if (award.earnerUserId && userId && award.earnerUserId !== userId) throw new DomainError('invalid_transition', 'This badge was already accepted by another Laurel account.');
  const created = userId === null;
  if (userId === null) {
    const id = newId();
    const name = session.name ?? award.recipientName;
    await inTransaction(deps, async (tr) => {
      await tr.users.insert({ id, email: award.recipientEmail, name, passwordHash: null, at });
      await audit(tr, { actor: SYSTEM, at, ip, action: 'user.created', subjectType: 'user', subjectId: id, data: { email: award.recipientEmail, role: 'earner', via: 'lti', platformId: platform.id, subject: session.subject } });
      const lang = await earnerLanguage(tr, award.recipientEmail, language);
      await queueEmail(tr, welcomeEmail(deps, { to: award.recipientEmail, name, platformName: platform.name, badgeName: view.badgeClass.name, awardId: award.id }, lang), at);
    });
    userId = id;
  }
  await acceptAwardInto(deps, SYSTEM, award, userId);
  await audit(r, { actor: SYSTEM, at, ip, action: 'lti.badge_claimed', subjectType: 'award', subjectId: award.id, organizationId: award.organizationId, data: { platformId: platform.id, placementId: frame.placement.id, subject: session.subject, userId, accountCreated: created } });
  return { award: (await r.awards.findById(award.id))!, created, email };
}

function welcomeEmail(deps: Deps, m: { to: string; name: string; platformName: string; badgeName: string; awardId: string }, language: Locale) {
  const { t } = translator(language, deps.config.timeZone);
  return composeEmail({
    to: m.to,
    subject: t('email.lti.subject', { badge: m.badgeName }),
    greeting: t('email.greeting', { name: m.name }),
    paragraphs: [
      t('email.lti.added', { badge: m.badgeName, platform: m.platformName, email: m.to }),
      t('email.lti.signIn', { url: `${deps.config.publicUrl}/forgot-password`, email: m.to }),
      t('email.lti.share'),
    ],
    action: { label: t('email.lti.action'), url: `${deps.config.publicUrl}/badges/${m.awardId}` },
    language,
  });
}
