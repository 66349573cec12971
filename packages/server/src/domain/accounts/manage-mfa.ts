// After enrolment: new recovery codes, turning two-step verification off (with a current code, and only
// when the policy does not require it for the person's roles), and a system administrator's reset.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { assertAllowed, canEditPolicy, canResetUserMfa } from '../policy.ts';
import { signedInUser } from './enrol-mfa.ts';
import { actorRolesRequireMfa, hasSecondFactor, matchingStep, MFA_REQUIRED_SETTING, mfaRequiredSetting, openSecret, storeNewRecoveryCodes } from './mfa-core.ts';

function notEnabled(): DomainError {
  return new DomainError('invalid_transition', 'Two-step verification is not on for this account.');
}

export async function regenerateRecoveryCodes(deps: Deps, actor: Actor, input: { ip?: string | null } = {}): Promise<{ recoveryCodes: string[] }> {
  const user = signedInUser(actor);
  const mfa = await repos(deps.db).mfa.find(user.userId);
  if (!mfa?.enabledAt) throw notEnabled();
  const now = nowIso(deps);
  return inTransaction(deps, async (tr) => {
    const recoveryCodes = await storeNewRecoveryCodes(tr, user.userId, now, newId);
    await audit(tr, { actor: user, at: now, action: 'user.mfa_recovery_codes_regenerated', subjectType: 'user', subjectId: user.userId, ip: input.ip ?? null });
    return { recoveryCodes };
  });
}

export async function disableMfa(deps: Deps, actor: Actor, input: { code: unknown; ip?: string | null }): Promise<void> {
  const user = signedInUser(actor);
  const r = repos(deps.db);
  // Required for the roles: the app can go only while a passkey remains as the second factor.
  if (actorRolesRequireMfa(user) && (await mfaRequiredSetting(r)) && (await r.passkeys.countForUser(user.userId)) === 0) {
    throw forbidden('Your roles require two-step verification, so it cannot be turned off. You can get new recovery codes instead, or add a passkey first.');
  }
  const mfa = await r.mfa.find(user.userId);
  if (!mfa?.enabledAt) throw notEnabled();
  const code = typeof input.code === 'string' ? input.code : '';
  const now = nowIso(deps);
  const step = matchingStep(deps, openSecret(deps, user.userId, mfa.secretSealed), code);
  if (step === null || !(await r.mfa.useStep(user.userId, step, now))) throw validationError({ code: 'That code is not right. Enter the code your authenticator app shows now.' });
  await inTransaction(deps, async (tr) => {
    await tr.mfa.remove(user.userId);
    await audit(tr, { actor: user, at: now, action: 'user.mfa_disabled', subjectType: 'user', subjectId: user.userId, ip: input.ip ?? null });
  });
}

/** A system administrator removes someone's second factors (app, recovery codes and passkeys: lost phone and codes); they enrol again at sign-in if required. */
export async function resetUserMfa(deps: Deps, actor: Actor, input: { userId: string; ip?: string | null }): Promise<void> {
  assertAllowed(canResetUserMfa(actor), 'Only system administrators can reset someone’s two-step verification.');
  const r = repos(deps.db);
  const user = await r.users.findById(input.userId);
  if (!user) throw notFound('The user');
  if (!(await hasSecondFactor(r, user.id))) throw notEnabled();
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.mfa.remove(user.id);
    const passkeys = await tr.passkeys.removeAllForUser(user.id);
    await audit(tr, { actor, at: now, action: 'user.mfa_reset', subjectType: 'user', subjectId: user.id, ip: input.ip ?? null, data: { passkeys_removed: passkeys } });
  });
}

export async function hasMfaEnabled(deps: Deps, actor: Actor, input: { userId: string }): Promise<boolean> {
  assertAllowed(canResetUserMfa(actor));
  return hasSecondFactor(repos(deps.db), input.userId);
}

/** Whether the actor is offered "Reset two-step verification" on this user's page. */
export async function canOfferMfaReset(deps: Deps, actor: Actor, input: { userId: string }): Promise<boolean> {
  return canResetUserMfa(actor) && (await hasSecondFactor(repos(deps.db), input.userId));
}

/** The policy switch: require multi-factor for Regents roles and institution administrators. */
export async function getMfaRequirement(deps: Deps): Promise<boolean> {
  return mfaRequiredSetting(repos(deps.db));
}

export async function setMfaRequirement(deps: Deps, actor: Actor, input: { required: boolean }): Promise<void> {
  assertAllowed(canEditPolicy(actor), 'Only system administrators can change policy settings.');
  const now = nowIso(deps);
  const current = await getMfaRequirement(deps);
  if (current === input.required) return;
  await inTransaction(deps, async (tr) => {
    await tr.settings.set(MFA_REQUIRED_SETTING, input.required, now, actor.kind === 'user' ? actor.userId : null);
    await audit(tr, { actor, at: now, action: 'policy.updated', subjectType: 'settings', subjectId: 'policy', data: { mfa_required_for_staff: { from: current, to: input.required } } });
  });
}
