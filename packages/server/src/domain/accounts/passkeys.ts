// Passkeys (WebAuthn, via @simplewebauthn/server) as a second factor for password accounts: what the
// registration and sign-in ceremonies share — who the relying party is (the host of LAUREL_PUBLIC_URL),
// the single-use challenge store, the passkey as pages see it, and the refusal every failed check
// becomes. The ceremonies themselves are in enrol-passkey.ts and passkey-second-step.ts.
import type { ChallengePurpose, PasskeyRecord } from '../../storage/repositories/passkeys.ts';
import type { Repos } from '../../storage/repositories/index.ts';
import { addMs, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { CHALLENGE_MS } from './mfa-core.ts';

/** A passkey as the account page lists it (no key material). */
export interface Passkey {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  /** Synced between the person's devices (a multi-device passkey) rather than bound to one. */
  readonly synced: boolean;
}

export const PASSKEY_NAME_MAX = 60;
export const RP_NAME = 'Laurel';

export function toPasskey(p: PasskeyRecord): Passkey {
  return { id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt, synced: p.deviceType === 'multiDevice' };
}

/**
 * The relying party: its id is the public URL's host name (no port; WebAuthn scopes passkeys to a
 * registrable domain or "localhost", never an IP address), and answers are accepted only from the
 * public URL's origin.
 */
export function relyingParty(deps: Pick<Deps, 'config'>): { rpID: string; origin: string } {
  const url = new URL(deps.config.publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** "Passkey added 1 Dec 2026": the label a new passkey gets when its owner gives none. */
export function defaultPasskeyName(at: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(at));
  return `Passkey added ${day}`;
}

/**
 * Stores the challenge the library generated for the options (32 random bytes, base64url) for one
 * ceremony of this user, bound to `boundTo`, five minutes.
 */
export async function rememberChallenge(r: Repos, input: { userId: string; challenge: string; purpose: ChallengePurpose; boundTo: string; now: string }): Promise<void> {
  await r.passkeys.deleteExpiredChallenges(input.now);
  await r.passkeys.insertChallenge({ id: newId(), userId: input.userId, challenge: input.challenge, purpose: input.purpose, boundTo: input.boundTo, at: input.now, expiresAt: addMs(input.now, CHALLENGE_MS) });
}

/**
 * The expectedChallenge check handed to the verifier: true once, for a challenge this user was given
 * for this purpose and binding, unused and unexpired. Spending it before the rest of the checks means a
 * refused answer cannot be retried with the same challenge either.
 */
export function spendChallenge(r: Repos, input: { userId: string; purpose: ChallengePurpose; boundTo: string; now: string }): (challenge: string) => Promise<boolean> {
  return (challenge) => (challenge.length > 200 ? Promise.resolve(false) : r.passkeys.useChallenge({ ...input, challenge }));
}

/** Every failed WebAuthn check becomes this one refusal; the library's reason goes to the audit log only. */
export function passkeyRefused(message: string): DomainError {
  return new DomainError('passkey_verification_failed', message, { passkey: message });
}

/** The library's reason for refusing, for an audit event (never shown: it may name internal values). */
export function refusalReason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}
