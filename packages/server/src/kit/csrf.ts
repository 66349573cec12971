// CSRF protection for every state-changing form: each form carries an HMAC, under a key derived from
// the master key, of what the request is bound to — the session once signed in (its token's hash), or
// before sign-in a per-browser random "pre-session" cookie. A cross-site page can neither read those nor
// compute the HMAC; a cookie planted by an attacker together with the attacker's own token no longer
// passes once the victim is signed in, because the token must match the victim's session. Signing in
// changes the binding, so forms from before sign-in expire. Cookie-authenticated API calls send the same
// token in the X-CSRF-Token header; bearer-token calls need none.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_COOKIE = 'laurel_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function newCsrfSeed(): string {
  return randomBytes(24).toString('base64url');
}

/** What a token is bound to: the session (by its token's hash) or, signed out, the pre-session cookie. */
export function csrfBinding(sessionToken: string | undefined, preSession: string | undefined): string {
  if (sessionToken) return `s:${createHash('sha256').update(sessionToken).digest('base64url')}`;
  return preSession ? `p:${preSession}` : '';
}

export function csrfToken(key: Buffer, seed: string): string {
  return createHmac('sha256', key).update(`csrf:${seed}`).digest('base64url');
}

export function csrfMatches(key: Buffer, binding: string, token: unknown): boolean {
  if (!binding || typeof token !== 'string' || token.length === 0) return false;
  const want = Buffer.from(csrfToken(key, binding));
  const got = Buffer.from(token);
  return want.length === got.length && timingSafeEqual(want, got);
}
