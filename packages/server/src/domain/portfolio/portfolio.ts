// The earner's changes: claiming a badge from the emailed link, accepting and declining, privacy, and
// extra email addresses (the reads are use cases of their own: list-portfolio.ts, get-badge-for-viewer.ts,
// view-claim.ts…). A claim link proves the person reads that mailbox, so following it verifies the address.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor, UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { composeEmail, queueEmail } from '../email.ts';
import type { Locale } from '../../shared/i18n/locales.ts';
import { translator } from '../../shared/i18n/translator.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { emailProblem, nameProblem, normalizeEmail, passwordProblem, str } from '../validate.ts';
import { earnerEmails, ownsAward, type Award } from './badge-view.ts';
import { usableClaim } from './view-claim.ts';
import { emitWebhookEvent } from '../webhooks/emit.ts';
import { awardEvent } from '../webhooks/payloads.ts';
import { queuePathwayProgress, queueProgressForAcceptance } from '../pathways/progress-jobs.ts';

// The reads live in their own files (one use case each); re-exported for the callers that import them from here.
export { badgeView, earnerEmails, type BadgeView } from './badge-view.ts';
export { listPortfolio } from './list-portfolio.ts';

async function ownAward(deps: Deps, actor: UserActor, awardId: string): Promise<Award> {
  const award = await repos(deps.db).awards.findById(awardId);
  if (!award || !ownsAward(award, actor.userId, await earnerEmails(deps, actor.userId))) throw notFound('The badge');
  return award;
}

async function setClaim(deps: Deps, actor: Actor, award: Award, state: 'accepted' | 'declined', userId: string | null): Promise<void> {
  if (award.revokedAt) throw new DomainError('invalid_transition', 'This badge was revoked and can no longer be accepted or declined.');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.awards.setClaim(award.id, { state, userId: state === 'accepted' ? userId : award.earnerUserId, at: now });
    if (state === 'declined') await tr.awards.setVisibility(award.id, 'private', now);
    await audit(tr, { actor, at: now, action: state === 'accepted' ? 'award.accepted' : 'award.declined', subjectType: 'award', subjectId: award.id, organizationId: award.organizationId });
    const after = { ...award, claimState: state, earnerUserId: state === 'accepted' ? userId : award.earnerUserId, claimedAt: now };
    await emitWebhookEvent(tr, await awardEvent(tr, deps.config, { type: state === 'accepted' ? 'award.claimed' : 'award.declined', award: after, at: now }));
    if (state === 'accepted' && userId) await queueProgressForAcceptance(tr, { award, userId, at: now });
  });
  deps.wake();
}

/** Accepts an award into an account the caller has already matched to its recipient (a course launch vouching for the address). */
export async function acceptAwardInto(deps: Deps, actor: Actor, award: Award, userId: string): Promise<void> {
  await setClaim(deps, actor, award, 'accepted', userId);
}

export async function acceptAward(deps: Deps, actor: UserActor, awardId: string): Promise<void> {
  await setClaim(deps, actor, await ownAward(deps, actor, awardId), 'accepted', actor.userId);
}

export async function declineAward(deps: Deps, actor: UserActor, awardId: string): Promise<void> {
  await setClaim(deps, actor, await ownAward(deps, actor, awardId), 'declined', null);
}

export async function setAwardVisibility(deps: Deps, actor: UserActor, input: { awardId: string; visibility: unknown }): Promise<void> {
  const award = await ownAward(deps, actor, input.awardId);
  if (input.visibility !== 'public' && input.visibility !== 'private') throw validationError({ visibility: 'Choose public or private.' });
  if (input.visibility === 'public' && award.claimState !== 'accepted') throw new DomainError('invalid_transition', 'Accept the badge before making it public.');
  if (input.visibility === 'public' && (award.revokedAt || award.suspendedAt)) throw new DomainError('invalid_transition', 'A revoked or suspended badge cannot be made public.');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.awards.setVisibility(award.id, input.visibility as 'public' | 'private', now);
    await audit(tr, { actor, at: now, action: 'award.visibility_changed', subjectType: 'award', subjectId: award.id, organizationId: award.organizationId, data: { visibility: input.visibility } });
  });
}

// ---- The claim link ------------------------------------------------------------------------------------

/** Accepting through the link as a signed-in person: the link's address becomes one of theirs. */
export async function acceptClaim(deps: Deps, actor: UserActor, token: string): Promise<Award> {
  const { award } = await usableClaim(deps, actor, { token });
  const r = repos(deps.db);
  const owner = await r.earnerEmails.verifiedOwner(award.recipientEmail);
  const primary = await r.users.findByEmail(award.recipientEmail);
  if ((owner && owner !== actor.userId) || (primary && primary.id !== actor.userId)) {
    throw forbidden(`This badge was sent to ${award.recipientEmail}, which belongs to another Laurel account. Sign out and sign in as that account to accept it.`);
  }
  if (award.earnerUserId && award.earnerUserId !== actor.userId) throw forbidden('This badge was already accepted by another account.');
  const now = nowIso(deps);
  if (!primary && !owner) {
    await inTransaction(deps, async (tr) => {
      await tr.earnerEmails.insert({ id: newId(), userId: actor.userId, email: award.recipientEmail, tokenHash: null, verifiedAt: now, at: now });
      await audit(tr, { actor, at: now, action: 'earner_email.verified', subjectType: 'user', subjectId: actor.userId, data: { email: award.recipientEmail, via: 'claim_link' } });
    });
  }
  await setClaim(deps, actor, award, 'accepted', actor.userId);
  return (await r.awards.findById(award.id))!;
}

export async function declineClaim(deps: Deps, actor: Actor | null, token: string): Promise<void> {
  const { award } = await usableClaim(deps, actor, { token });
  await setClaim(deps, actor ?? { kind: 'system' }, award, 'declined', null);
}

/** Creates an earner account from the claim link (the link verifies the address) and accepts the badge. */
export async function createAccountFromClaim(deps: Deps, input: { token: string; name: unknown; password: unknown }): Promise<{ userId: string }> {
  const { award } = await usableClaim(deps, null, { token: input.token });
  const r = repos(deps.db);
  const email = award.recipientEmail;
  const name = str(input.name);
  const password = typeof input.password === 'string' ? input.password : '';
  const fields: Record<string, string> = {};
  const np = nameProblem(name, 'your name');
  if (np) fields.name = np;
  const pp = passwordProblem(password, email);
  if (pp) fields.password = pp;
  if (Object.keys(fields).length) throw validationError(fields);
  if ((await r.users.findByEmail(email)) || (await r.earnerEmails.verifiedOwner(email))) {
    throw new DomainError('duplicate_email', `An account already uses ${email}: sign in to accept the badge.`, { email: 'An account already uses this address; sign in instead.' });
  }
  const hash = await deps.passwords.hash(password);
  const now = nowIso(deps);
  const userId = newId();
  const actor: UserActor = { kind: 'user', userId, email, name, memberships: [] };
  await inTransaction(deps, async (tr) => {
    await tr.users.insert({ id: userId, email, name, passwordHash: hash, at: now });
    await audit(tr, { actor, at: now, action: 'user.created', subjectType: 'user', subjectId: userId, data: { email, role: 'earner', via: 'claim_link' } });
    await tr.awards.setClaim(award.id, { state: 'accepted', userId, at: now });
    await audit(tr, { actor, at: now, action: 'award.accepted', subjectType: 'award', subjectId: award.id, organizationId: award.organizationId });
    await emitWebhookEvent(tr, await awardEvent(tr, deps.config, { type: 'award.claimed', award: { ...award, claimState: 'accepted', earnerUserId: userId, claimedAt: now }, at: now }));
    await queueProgressForAcceptance(tr, { award, userId, at: now });
  });
  deps.wake();
  return { userId };
}

// ---- Extra email addresses ------------------------------------------------------------------------------

/** The confirmation goes in the account's saved language, else `language` (the request's), else the default. */
export async function addEarnerEmail(deps: Deps, actor: UserActor, rawEmail: unknown, language: Locale = deps.config.defaultLanguage): Promise<void> {
  const email = normalizeEmail(rawEmail);
  const ep = emailProblem(email);
  if (ep) throw validationError({ email: ep });
  const r = repos(deps.db);
  if ((await earnerEmails(deps, actor.userId)).includes(email)) throw validationError({ email: 'This address is already one of yours.' });
  if ((await r.users.findByEmail(email)) || (await r.earnerEmails.verifiedOwner(email))) throw validationError({ email: 'This address belongs to another account.' });
  const token = newToken();
  const now = nowIso(deps);
  const saved = (await r.users.findById(actor.userId))?.language;
  const lang: Locale = saved === 'en' || saved === 'es' ? saved : language;
  const { t } = translator(lang, deps.config.timeZone);
  await inTransaction(deps, async (tr) => {
    await tr.earnerEmails.insert({ id: newId(), userId: actor.userId, email, tokenHash: hashToken(token), verifiedAt: null, at: now });
    await queueEmail(
      tr,
      composeEmail({
        to: email,
        subject: t('email.confirmAddress.subject'),
        greeting: t('email.greeting', { name: actor.name }),
        paragraphs: [t('email.confirmAddress.asked', { email }), t('email.confirmAddress.ignore')],
        action: { label: t('email.confirmAddress.action'), url: `${deps.config.publicUrl}/portfolio/emails/verify/${token}` },
        language: lang,
      }),
      now,
    );
    await audit(tr, { actor, at: now, action: 'earner_email.added', subjectType: 'user', subjectId: actor.userId, data: { email } });
  });
  deps.wake();
}

export async function verifyEarnerEmail(deps: Deps, token: string): Promise<{ email: string; userId: string }> {
  const r = repos(deps.db);
  const e = await r.earnerEmails.findByToken(hashToken(token));
  if (!e) throw new DomainError('claim_link_invalid', 'This confirmation link is not valid or was already used.');
  if ((await r.earnerEmails.verifiedOwner(e.email)) || ((await r.users.findByEmail(e.email))?.id ?? e.userId) !== e.userId) {
    throw new DomainError('claim_link_invalid', 'This address was confirmed for another account meanwhile.');
  }
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.earnerEmails.markVerified(e.id, now);
    await audit(tr, { actor: { kind: 'system' }, at: now, action: 'earner_email.verified', subjectType: 'user', subjectId: e.userId, data: { email: e.email } });
    // Badges already sent to this address now count towards the earner's pathways.
    await queuePathwayProgress(tr, { userId: e.userId, trigger: 'email_verified', subjectId: e.id, at: now });
  });
  deps.wake();
  return { email: e.email, userId: e.userId };
}

export async function removeEarnerEmail(deps: Deps, actor: UserActor, id: string): Promise<void> {
  await repos(deps.db).earnerEmails.remove(id, actor.userId);
}
