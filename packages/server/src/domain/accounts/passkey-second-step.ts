// The second sign-in step with a passkey: after the password, the browser is offered the account's
// passkeys (allowCredentials), signs a challenge bound to this pending sign-in, and the answer is checked
// (challenge, origin, rp id, signature, counter) before the session is made. A refused answer counts
// toward the same lockout as a wrong code.
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import { nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { hashToken } from '../ids.ts';
import { recordSecondStepFailure } from './complete-second-step.ts';
import { parseCredential } from './enrol-passkey.ts';
import { passkeyRefused, refusalReason, relyingParty, rememberChallenge, spendChallenge } from './passkeys.ts';
import { createSession, type SignInResult } from './sessions.ts';

function expired(): DomainError {
  return new DomainError('mfa_step_expired', 'This sign-in has expired (you have five minutes for the second step). Sign in again with your email and password.');
}

/** The pending second step the cookie names, while it is unused and unexpired. */
async function pendingStep(r: Repos, secondStep: string, now: string): Promise<{ id: string; userId: string } | undefined> {
  const c = secondStep && secondStep.length <= 100 ? await r.mfa.findChallenge(hashToken(secondStep)) : undefined;
  return c && !c.usedAt && c.expiresAt > now ? { id: c.id, userId: c.userId } : undefined;
}

/** Which second factors the pending sign-in can use (what the page offers), or null once it has expired. */
export async function secondStepMethods(deps: Deps, input: { secondStep: string }): Promise<{ totp: boolean; passkey: boolean } | null> {
  const r = repos(deps.db);
  const step = await pendingStep(r, input.secondStep, nowIso(deps));
  if (!step) return null;
  const [mfa, passkeys] = await Promise.all([r.mfa.find(step.userId), r.passkeys.countForUser(step.userId)]);
  return { totp: Boolean(mfa?.enabledAt), passkey: passkeys > 0 };
}

export async function passkeySignInOptions(deps: Deps, input: { secondStep: string }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  const step = await pendingStep(r, input.secondStep, now);
  if (!step) throw expired();
  const passkeys = await r.passkeys.listForUser(step.userId);
  if (passkeys.length === 0) throw passkeyRefused('This account has no passkey. Enter the code from your authenticator app instead.');
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(deps).rpID,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: [...p.transports] })),
    userVerification: 'preferred',
  });
  await rememberChallenge(r, { userId: step.userId, challenge: options.challenge, purpose: 'authenticate', boundTo: step.id, now });
  return options;
}

export async function completePasskeyStep(deps: Deps, input: { secondStep: string; credential: unknown; ip?: string | null; userAgent?: string | null }): Promise<SignInResult> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  const step = await pendingStep(r, input.secondStep, now);
  if (!step) throw expired();
  const response = parseCredential<AuthenticationResponseJSON>(input.credential, 'authenticate');
  const user = await r.users.findById(step.userId);
  if (!user) throw expired();
  if (user.status !== 'active') throw new DomainError('account_deactivated', 'This account has been deactivated. Contact your institution administrator.');
  if (user.lockedUntil && user.lockedUntil > now) throw new DomainError('account_locked', 'Too many failed sign-in attempts. For your security, this account is locked for 15 minutes. You can reset your password to unlock it now.');

  const refuse = async (reason: string): Promise<never> => {
    await recordSecondStepFailure(deps, { userId: user.id, challengeId: step.id, now, ip: input.ip, data: { method: 'passkey', reason } });
    throw passkeyRefused('Your passkey was not accepted. Try again, use another of your passkeys, or enter a code from your authenticator app.');
  };
  const passkey = await r.passkeys.find(response.id);
  // Another person's passkey, or one removed since: the same refusal as a bad signature.
  if (!passkey || passkey.userId !== user.id) return refuse('unknown passkey');
  const { rpID, origin } = relyingParty(deps);
  let info: Awaited<ReturnType<typeof verifyAuthenticationResponse>>['authenticationInfo'];
  try {
    const res = await verifyAuthenticationResponse({
      response,
      expectedChallenge: spendChallenge(r, { userId: user.id, purpose: 'authenticate', boundTo: step.id, now }),
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: passkey.id, publicKey: isoBase64URL.toBuffer(passkey.publicKey), counter: passkey.counter, transports: [...passkey.transports] },
      requireUserVerification: false,
    });
    if (!res.verified) return refuse('signature');
    info = res.authenticationInfo;
  } catch (err) {
    // Includes a counter that did not go up (the library refuses it: a sign of a cloned authenticator).
    return refuse(refusalReason(err));
  }
  if (!(await r.passkeys.recordUse({ id: passkey.id, fromCounter: passkey.counter, counter: info.newCounter, backedUp: info.credentialBackedUp, at: now }))) return refuse('counter raced');
  if (!(await r.mfa.useChallenge(step.id, now))) throw expired();
  return createSession(deps, { userId: user.id, ip: input.ip, userAgent: input.userAgent, via: 'passkey' });
}
