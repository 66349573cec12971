// The second step of a sign-in for an account with multi-factor: a code from the authenticator app, or a
// recovery code (once each). Wrong codes count toward the same per-account lockout as wrong passwords.
import { repos } from '../../storage/repositories/index.ts';
import { audit } from '../audit.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { hashToken } from '../ids.ts';
import { hasSecondFactor, matchingStep, normalizeRecoveryCode, openSecret, recoveryCodeHash } from './mfa-core.ts';
import { createSession, LOCKOUT_MS, MAX_FAILED_SIGN_INS, type SignInResult } from './sessions.ts';

const SYSTEM = { kind: 'system' } as const;

function expired(): DomainError {
  return new DomainError('mfa_step_expired', 'This sign-in has expired (you have five minutes to enter the code). Sign in again with your email and password.');
}

export async function completeSecondStep(deps: Deps, input: { secondStep: string; code: unknown; ip?: string | null; userAgent?: string | null }): Promise<SignInResult> {
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  if (code === '') throw validationError({ code: 'Enter the 6-digit code from your authenticator app, or a recovery code.' });
  if (code.length > 40) throw validationError({ code: 'Enter the 6 digits from your authenticator app, or a 10-character recovery code.' });
  const r = repos(deps.db);
  const now = nowIso(deps);
  const challenge = input.secondStep && input.secondStep.length <= 100 ? await r.mfa.findChallenge(hashToken(input.secondStep)) : undefined;
  if (!challenge || challenge.usedAt || challenge.expiresAt <= now) throw expired();
  const userId = challenge.userId;
  const [user, mfa] = await Promise.all([r.users.findById(userId), r.mfa.find(userId)]);
  if (!user || !(await hasSecondFactor(r, userId))) throw expired();
  if (user.status !== 'active') throw new DomainError('account_deactivated', 'This account has been deactivated. Contact your institution administrator.');
  if (user.lockedUntil && user.lockedUntil > now) throw new DomainError('account_locked', 'Too many failed sign-in attempts. For your security, this account is locked for 15 minutes. You can reset your password to unlock it now.');

  let via: 'totp' | 'recovery_code' | null = null;
  // A passkey-only account has no app secret: a typed code can only be a (failing) recovery code.
  const step = mfa?.enabledAt ? matchingStep(deps, openSecret(deps, userId, mfa.secretSealed), code) : null;
  if (step !== null && (await r.mfa.useStep(userId, step, now))) via = 'totp';
  else if (normalizeRecoveryCode(code).length === 10 && (await r.mfa.useRecoveryCode(userId, recoveryCodeHash(code), now))) via = 'recovery_code';

  if (!via) {
    await recordSecondStepFailure(deps, { userId, challengeId: challenge.id, now, ip: input.ip });
    const message = 'That code is not right. Enter the code your authenticator app shows now, or an unused recovery code.';
    throw new DomainError('mfa_code_invalid', message, { code: message });
  }
  if (!(await r.mfa.useChallenge(challenge.id, now))) throw expired();
  if (via === 'recovery_code') {
    const left = await r.mfa.unusedRecoveryCodes(userId);
    await inTransaction(deps, (tr) => audit(tr, { actor: SYSTEM, at: now, action: 'user.mfa_recovery_code_used', subjectType: 'user', subjectId: userId, ip: input.ip ?? null, data: { codes_left: left } }));
  }
  return createSession(deps, { userId, ip: input.ip, userAgent: input.userAgent, via });
}

/**
 * A wrong code or a refused passkey at the second step: counts toward the same lockout as wrong
 * passwords, audited; on locking, the pending step is spent too and account_locked is thrown.
 */
export async function recordSecondStepFailure(deps: Deps, input: { userId: string; challengeId: string; now: string; ip?: string | null | undefined; data?: Record<string, unknown> }): Promise<void> {
  const { userId, now } = input;
  const res = await repos(deps.db).users.recordFailedSignIn(userId, { threshold: MAX_FAILED_SIGN_INS, lockUntil: addMs(now, LOCKOUT_MS) });
  const locked = res.lockedUntil !== null && res.lockedUntil > now;
  await inTransaction(deps, async (tr) => {
    await audit(tr, { actor: SYSTEM, at: now, action: 'user.mfa_failed', subjectType: 'user', subjectId: userId, ip: input.ip ?? null, data: { ...input.data, failed_in_a_row: res.failed } });
    if (locked) {
      await tr.mfa.useChallenge(input.challengeId, now);
      await audit(tr, { actor: SYSTEM, at: now, action: 'user.locked_out', subjectType: 'user', subjectId: userId, ip: input.ip ?? null });
    }
  });
  if (locked) throw new DomainError('account_locked', 'Too many failed sign-in attempts. For your security, this account is locked for 15 minutes. You can reset your password to unlock it now.');
}
