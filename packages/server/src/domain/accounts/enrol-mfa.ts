// Turning on two-step verification: a secret to scan (kept unconfirmed until a first code matches),
// then ten recovery codes shown once.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor, UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { actorRolesRequireMfa, matchingStep, mfaRequiredSetting, newTotpSecret, openSecret, otpauthUri, qrSvg, sealSecret, storeNewRecoveryCodes } from './mfa-core.ts';

export function signedInUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new DomainError('forbidden', 'Only a signed-in person can manage their own two-step verification.');
  return actor;
}

export interface MfaStatus {
  readonly enabled: boolean;
  readonly enabledAt: string | null;
  readonly recoveryCodesLeft: number;
  /** The policy requires multi-factor for this person's roles (so it cannot be turned off). */
  readonly required: boolean;
  /** Passkeys the person has (a second factor too: with one, the app may be turned off even when required). */
  readonly passkeys: number;
}

export async function getMfaStatus(deps: Deps, actor: Actor): Promise<MfaStatus> {
  const user = signedInUser(actor);
  const r = repos(deps.db);
  const mfa = await r.mfa.find(user.userId);
  const enabled = Boolean(mfa?.enabledAt);
  const required = actorRolesRequireMfa(user) && (await mfaRequiredSetting(r));
  return { enabled, enabledAt: mfa?.enabledAt ?? null, recoveryCodesLeft: enabled ? await r.mfa.unusedRecoveryCodes(user.userId) : 0, required, passkeys: await r.passkeys.countForUser(user.userId) };
}

export interface MfaEnrolment {
  readonly secret: string;
  readonly uri: string;
  readonly qrSvg: string;
}

/** The secret to scan: the pending one if enrolment was started before, else a new one. Null once enabled. */
export async function startMfaEnrolment(deps: Deps, actor: Actor): Promise<MfaEnrolment | null> {
  const user = signedInUser(actor);
  const r = repos(deps.db);
  const existing = await r.mfa.find(user.userId);
  if (existing?.enabledAt) return null;
  let secret: string;
  if (existing) secret = openSecret(deps, user.userId, existing.secretSealed);
  else {
    secret = newTotpSecret();
    await r.mfa.putPending(user.userId, sealSecret(deps, user.userId, secret), nowIso(deps));
  }
  const uri = otpauthUri(deps, user.email, secret);
  return { secret, uri, qrSvg: qrSvg(uri) };
}

/** Switches two-step verification on once a first code matches; returns the recovery codes (shown once). */
export async function confirmMfaEnrolment(deps: Deps, actor: Actor, input: { code: unknown; ip?: string | null }): Promise<{ recoveryCodes: string[] }> {
  const user = signedInUser(actor);
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  if (!/^\d{3}\s?\d{3}$/.test(code)) throw validationError({ code: 'Enter the 6-digit code your authenticator app shows.' });
  const r = repos(deps.db);
  const pending = await r.mfa.find(user.userId);
  if (!pending) throw validationError({ code: 'Reload this page to get a new secret, scan it, then enter the code.' });
  if (pending.enabledAt) throw new DomainError('invalid_transition', 'Two-step verification is already on.');
  const step = matchingStep(deps, openSecret(deps, user.userId, pending.secretSealed), code);
  if (step === null) throw validationError({ code: 'That code is not right. Check the time on your phone, then enter the code your app shows now.' });
  const now = nowIso(deps);
  return inTransaction(deps, async (tr) => {
    if (!(await tr.mfa.enable(user.userId, step, now))) throw new DomainError('invalid_transition', 'Two-step verification is already on.');
    const recoveryCodes = await storeNewRecoveryCodes(tr, user.userId, now, newId);
    await tr.sessions.clearMfaEnrolRequired(user.userId);
    await audit(tr, { actor: user, at: now, action: 'user.mfa_enrolled', subjectType: 'user', subjectId: user.userId, ip: input.ip ?? null, data: { method: 'totp' } });
    return { recoveryCodes };
  });
}
