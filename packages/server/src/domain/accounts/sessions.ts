// Sign-in, sign-out and session lookup. Sessions live in the database (only a hash of the cookie's
// token is stored), so any app process can serve any request.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { emailProblem, normalizeEmail } from '../validate.ts';
import { passwordBlockedBy } from '../sso/password-policy.ts';
import { CHALLENGE_MS, hasSecondFactor, mfaRequiredSetting, rolesRequireMfa } from './mfa-core.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60_000;
const TOUCH_EVERY_MS = 60 * 60_000;

const dummyHashes = new WeakMap<object, Promise<string>>();

/** Verifying against a dummy hash for unknown emails keeps response time from revealing who has an account. */
function dummyHash(deps: Deps): Promise<string> {
  let h = dummyHashes.get(deps.passwords);
  if (!h) {
    h = deps.passwords.hash('not-a-real-password-but-costs-the-same');
    dummyHashes.set(deps.passwords, h);
  }
  return h;
}

function lockedMessage(until: string): string {
  const t = new Date(until);
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `Too many failed sign-in attempts. For your security, this account is locked until ${hh}:${mm} UTC. You can reset your password to unlock it now.`;
}

export interface SignInResult {
  readonly token: string;
  readonly userId: string;
  readonly expiresAt: string;
  /** The user's roles require multi-factor and they have none: the session reaches only enrolment. */
  readonly mfaEnrolRequired?: boolean;
}

/** The password was right but the account has multi-factor: no session yet, a second step to pass. */
export interface SecondStepRequired {
  readonly secondStep: string;
  readonly userId: string;
}

export async function signIn(deps: Deps, input: { email: unknown; password: unknown; ip?: string | null; userAgent?: string | null }): Promise<SignInResult | SecondStepRequired> {
  const email = normalizeEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  const fields: Record<string, string> = {};
  const ep = emailProblem(email);
  if (ep) fields.email = ep;
  if (password === '') fields.password = 'Enter your password.';
  if (Object.keys(fields).length) throw validationError(fields);

  const r = repos(deps.db);
  const user = await r.users.findByEmail(email);
  const now = nowIso(deps);
  const invalid = new DomainError('invalid_credentials', 'The email address or password is not right. Check them and try again.');
  if (!user) {
    await deps.passwords.verify(await dummyHash(deps), password);
    throw invalid;
  }
  if (user.lockedUntil && user.lockedUntil > now) throw new DomainError('account_locked', lockedMessage(user.lockedUntil));
  const stored = await r.users.passwordHash(user.id);
  const ok = stored ? await deps.passwords.verify(stored, password) : (await deps.passwords.verify(await dummyHash(deps), password), false);
  if (!ok) {
    const res = await r.users.recordFailedSignIn(user.id, { threshold: MAX_FAILED_SIGN_INS, lockUntil: addMs(now, LOCKOUT_MS) });
    if (res.lockedUntil && res.lockedUntil > now) {
      await inTransaction(deps, (tr) => audit(tr, { actor: { kind: 'system' }, at: now, action: 'user.locked_out', subjectType: 'user', subjectId: user.id, ip: input.ip ?? null }));
      throw new DomainError('account_locked', lockedMessage(res.lockedUntil));
    }
    throw invalid;
  }
  if (user.status !== 'active') throw new DomainError('account_deactivated', 'This account has been deactivated. Contact your institution administrator.');
  const blocked = await passwordBlockedBy(r, user.id);
  if (blocked) throw new DomainError('password_sign_in_disabled', `${blocked.name} signs its members in through its own sign-in page, not with a Laurel password. Choose “Sign in with your institution” and pick ${blocked.name}.`);

  if (await hasSecondFactor(r, user.id)) {
    const secondStep = newToken();
    await r.mfa.deleteExpiredChallenges(now);
    await r.mfa.insertChallenge({ id: newId(), tokenHash: hashToken(secondStep), userId: user.id, at: now, expiresAt: addMs(now, CHALLENGE_MS) });
    return { secondStep, userId: user.id };
  }
  const mfaEnrolRequired = rolesRequireMfa(await r.memberships.forUser(user.id)) && (await mfaRequiredSetting(r));
  return createSession(deps, { userId: user.id, ip: input.ip, userAgent: input.userAgent, mfaEnrolRequired, via: 'password' });
}

/** The session at the end of a sign-in (password, password and second step, or an identity provider): signed-in audit event. */
export async function createSession(
  deps: Deps,
  input: { userId: string; ip?: string | null; userAgent?: string | null; mfaEnrolRequired?: boolean; via: 'password' | 'totp' | 'recovery_code' | 'passkey' | 'sso'; sso?: { idpId: string; nameId: string; facts: string } },
): Promise<SignInResult> {
  const now = nowIso(deps);
  const token = newToken();
  const expiresAt = addMs(now, deps.config.sessionDays * 86_400_000);
  const mfaEnrolRequired = input.mfaEnrolRequired === true;
  await inTransaction(deps, async (tr) => {
    const user = await tr.users.findById(input.userId);
    await tr.sessions.insert({ id: newId(), tokenHash: hashToken(token), userId: input.userId, at: now, expiresAt, ip: input.ip ?? null, userAgent: input.userAgent ?? null, mfaEnrolRequired, sso: input.sso });
    await tr.users.recordSignIn(input.userId, now);
    const actor = { kind: 'user' as const, userId: input.userId, email: user?.email ?? '', name: user?.name ?? '', memberships: [] };
    await audit(tr, { actor, at: now, action: 'user.signed_in', subjectType: 'user', subjectId: input.userId, ip: input.ip ?? null, data: input.via === 'password' ? {} : input.via === 'sso' ? { via: 'sso', idp: input.sso?.idpId } : { second_factor: input.via } });
  });
  return { token, userId: input.userId, expiresAt, mfaEnrolRequired };
}

/** Starts a session for a user who just proved who they are another way (accepted invitation, reset). */
export async function startSession(deps: Deps, input: { userId: string; ip?: string | null; userAgent?: string | null }): Promise<SignInResult> {
  const now = nowIso(deps);
  const token = newToken();
  const expiresAt = addMs(now, deps.config.sessionDays * 86_400_000);
  const r = repos(deps.db);
  // Roles that require multi-factor and none enrolled: this session, too, reaches only enrolment.
  const mfaEnrolRequired = !(await hasSecondFactor(r, input.userId)) && rolesRequireMfa(await r.memberships.forUser(input.userId)) && (await mfaRequiredSetting(r));
  await r.sessions.insert({ id: newId(), tokenHash: hashToken(token), userId: input.userId, at: now, expiresAt, ip: input.ip ?? null, userAgent: input.userAgent ?? null, mfaEnrolRequired });
  await r.users.recordSignIn(input.userId, now);
  return { token, userId: input.userId, expiresAt, mfaEnrolRequired };
}

export async function resolveSession(deps: Deps, token: string): Promise<Extract<Actor, { kind: 'user' }> | undefined> {
  if (!token || token.length > 100) return undefined;
  const r = repos(deps.db);
  const now = nowIso(deps);
  const session = await r.sessions.findValid(hashToken(token), now);
  if (!session) return undefined;
  const user = await r.users.findById(session.userId);
  if (!user || user.status !== 'active') return undefined;
  if (Date.parse(now) - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
    await r.sessions.touch(session.id, now, addMs(now, deps.config.sessionDays * 86_400_000));
  }
  const memberships = await r.memberships.forUser(user.id);
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, memberships, sessionId: session.id, language: user.language, ...(session.mfaEnrolRequired ? { mfaEnrolRequired: true } : {}) };
}

/** Resolves a user for a known id (API tokens act with their user's current roles). */
export async function actorForUser(deps: Deps, userId: string): Promise<Extract<Actor, { kind: 'user' }> | undefined> {
  const r = repos(deps.db);
  const user = await r.users.findById(userId);
  if (!user || user.status !== 'active') return undefined;
  return { kind: 'user', userId: user.id, email: user.email, name: user.name, memberships: await r.memberships.forUser(user.id), language: user.language };
}
