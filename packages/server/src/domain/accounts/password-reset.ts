// Forgotten passwords: a single-use link by email, valid for one hour. The request never reveals
// whether an account exists.
import { translator } from '../../shared/i18n/translator.ts';
import type { Locale } from '../../shared/i18n/locales.ts';
import { repos } from '../../storage/repositories/index.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { composeEmail, queueEmail } from '../email.ts';
import { DomainError, validationError } from '../errors.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { emailProblem, normalizeEmail, passwordProblem } from '../validate.ts';

export const RESET_TTL_MS = 60 * 60_000;
const MAX_RESETS_PER_HOUR = 5;

export async function requestPasswordReset(deps: Deps, input: { email: unknown; ip?: string | null; language?: Locale }): Promise<void> {
  const email = normalizeEmail(input.email);
  const ep = emailProblem(email);
  if (ep) throw validationError({ email: ep });
  const r = repos(deps.db);
  const user = await r.users.findByEmail(email);
  if (!user || user.status !== 'active') return;
  const now = nowIso(deps);
  if ((await r.passwordResets.countRecent(user.id, addMs(now, -RESET_TTL_MS))) >= MAX_RESETS_PER_HOUR) return;
  const token = newToken();
  const url = `${deps.config.publicUrl}/reset-password/${token}`;
  // The account's language, else the forgot-password page's (the request's), else the default.
  const language: Locale = user.language === 'en' || user.language === 'es' ? user.language : (input.language ?? deps.config.defaultLanguage);
  const { t } = translator(language, deps.config.timeZone);
  await inTransaction(deps, async (tr) => {
    await tr.passwordResets.insert({ id: newId(), tokenHash: hashToken(token), userId: user.id, at: now, expiresAt: addMs(now, RESET_TTL_MS) });
    await audit(tr, { actor: SYSTEM, at: now, action: 'user.password_reset_requested', subjectType: 'user', subjectId: user.id, ip: input.ip ?? null });
    await queueEmail(
      tr,
      composeEmail({
        to: user.email,
        subject: t('email.reset.subject'),
        greeting: t('email.greeting', { name: user.name }),
        paragraphs: [t('email.reset.asked'), t('email.reset.ignore')],
        action: { label: t('email.reset.action'), url },
        language,
      }),
      now,
    );
  });
  deps.wake();
}

export async function checkResetToken(deps: Deps, token: string): Promise<{ userId: string; email: string }> {
  const r = repos(deps.db);
  const reset = await r.passwordResets.findByTokenHash(hashToken(token));
  if (!reset || reset.usedAt) throw new DomainError('reset_link_invalid', 'This password reset link is not valid or has already been used. Ask for a new one.');
  if (reset.expiresAt <= nowIso(deps)) throw new DomainError('reset_link_expired', 'This password reset link has expired. Ask for a new one; links work for one hour.');
  const user = await r.users.findById(reset.userId);
  if (!user || user.status !== 'active') throw new DomainError('reset_link_invalid', 'This password reset link is not valid. Ask for a new one.');
  return { userId: user.id, email: user.email };
}

export async function resetPassword(deps: Deps, input: { token: string; password: unknown; confirm: unknown; ip?: string | null }): Promise<{ userId: string }> {
  const { userId, email } = await checkResetToken(deps, input.token);
  const password = typeof input.password === 'string' ? input.password : '';
  const pp = passwordProblem(password, email);
  if (pp) throw validationError({ password: pp });
  if (password !== input.confirm) throw validationError({ confirm: 'The two passwords do not match.' });
  const hash = await deps.passwords.hash(password);
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    const reset = await tr.passwordResets.findByTokenHash(hashToken(input.token));
    if (!reset || !(await tr.passwordResets.markUsed(reset.id, now))) {
      throw new DomainError('reset_link_invalid', 'This password reset link has already been used. Ask for a new one.');
    }
    await tr.passwordResets.invalidateForUser(userId, now);
    await tr.users.setPassword(userId, hash, now);
    // A reset means the old password may be known to someone else: end every session.
    await tr.sessions.deleteForUser(userId);
    await audit(tr, { actor: SYSTEM, at: now, action: 'user.password_reset', subjectType: 'user', subjectId: userId, ip: input.ip ?? null });
  });
  return { userId };
}
