// Adding a passkey from the account page (or from the required-enrolment page): the creation options
// for the browser, then the authenticator's answer checked and stored. A first passkey turns two-step
// verification on, as confirming an authenticator app does.
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { COSEALG, isoBase64URL } from '@simplewebauthn/server/helpers';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor, UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { defaultPasskeyName, PASSKEY_NAME_MAX, passkeyRefused, relyingParty, rememberChallenge, RP_NAME, spendChallenge, toPasskey, type Passkey } from './passkeys.ts';

/** Ed25519, P-256 and RSA: what authenticators in use offer; the same list for options and checks. */
export const PASSKEY_ALGORITHMS = [COSEALG.EdDSA, COSEALG.ES256, COSEALG.RS256];
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/** Registration needs a browser session (the challenge is bound to it), not an API token. */
function sessionUser(actor: Actor): UserActor & { sessionId: string } {
  if (actor.kind !== 'user' || !actor.sessionId) throw new DomainError('forbidden', 'Only a signed-in person can add a passkey to their own account.');
  return actor as UserActor & { sessionId: string };
}

export async function passkeyRegistrationOptions(deps: Deps, actor: Actor): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const user = sessionUser(actor);
  const r = repos(deps.db);
  const { rpID } = relyingParty(deps);
  const existing = await r.passkeys.listForUser(user.userId);
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID,
    // The account id (a UUID, no personal data) as the user handle, so a passkey made again on the same
    // authenticator replaces the earlier one there instead of adding a second entry.
    userID: new TextEncoder().encode(user.userId),
    userName: user.email,
    userDisplayName: user.name,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: [...p.transports] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
  });
  await rememberChallenge(r, { userId: user.userId, challenge: options.challenge, purpose: 'register', boundTo: user.sessionId, now: nowIso(deps) });
  return options;
}

/** The browser's answer as posted by the page: JSON text of a RegistrationResponseJSON / AuthenticationResponseJSON. */
export function parseCredential<T extends RegistrationResponseJSON | { id: string }>(raw: unknown, what: 'register' | 'authenticate'): T {
  const message = what === 'register' ? 'Your browser did not send a passkey. Select “Add a passkey” and follow your browser’s steps.' : 'Your browser did not send a passkey. Select “Use a passkey” and follow your browser’s steps.';
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 64_000) throw validationError({ passkey: message });
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw validationError({ passkey: message });
  }
  const o = v as { id?: unknown; rawId?: unknown; type?: unknown; response?: unknown };
  if (!o || typeof o !== 'object' || typeof o.id !== 'string' || typeof o.rawId !== 'string' || o.type !== 'public-key' || !o.response || typeof o.response !== 'object' || o.id.length > 1400) {
    throw validationError({ passkey: message });
  }
  return v as T;
}

export function passkeyNameOf(raw: unknown, at: string): string {
  const name = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (name.length > PASSKEY_NAME_MAX) throw validationError({ name: `Use at most ${PASSKEY_NAME_MAX} characters for the name.` });
  return name === '' ? defaultPasskeyName(at) : name;
}

export async function addPasskey(deps: Deps, actor: Actor, input: { name: unknown; credential: unknown; ip?: string | null }): Promise<Passkey> {
  const user = sessionUser(actor);
  const now = nowIso(deps);
  const name = passkeyNameOf(input.name, now);
  const response = parseCredential<RegistrationResponseJSON>(input.credential, 'register');
  const r = repos(deps.db);
  const { rpID, origin } = relyingParty(deps);
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: spendChallenge(r, { userId: user.userId, purpose: 'register', boundTo: user.sessionId, now }),
      expectedOrigin: origin,
      expectedRPID: rpID,
      // Preferred, not required: the password is the first factor, the passkey's possession the second.
      requireUserVerification: false,
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    });
  } catch {
    verified = { verified: false };
  }
  if (!verified.verified) throw passkeyRefused('Your passkey could not be added: the answer from your browser did not check out or took longer than five minutes. Try again.');
  const info = verified.registrationInfo;
  const transports = (info.credential.transports ?? []).filter((t) => TRANSPORTS.has(t));
  return inTransaction(deps, async (tr) => {
    const record = { id: info.credential.id, userId: user.userId, publicKey: isoBase64URL.fromBuffer(info.credential.publicKey), counter: info.credential.counter, transports, deviceType: info.credentialDeviceType, backedUp: info.credentialBackedUp, name, createdAt: now };
    if (!(await tr.passkeys.insert(record))) throw passkeyRefused('This passkey is already registered. Use it to sign in, or add a different one.');
    await tr.sessions.clearMfaEnrolRequired(user.userId);
    await audit(tr, { actor: user, at: now, action: 'user.passkey_added', subjectType: 'user', subjectId: user.userId, ip: input.ip ?? null, data: { passkey: record.id, name, device_type: record.deviceType } });
    return toPasskey({ ...record, lastUsedAt: null });
  });
}
