// CSRF protection for every state-changing form: a per-browser random cookie, and in each form an HMAC
// of it under a key derived from the master key. A cross-site page can neither read the cookie nor
// compute the HMAC, and a planted cookie is useless without the key. Cookie-authenticated API calls
// send the same token in the X-CSRF-Token header; bearer-token calls need none.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_COOKIE = 'laurel_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function newCsrfSeed(): string {
  return randomBytes(24).toString('base64url');
}

export function csrfToken(key: Buffer, seed: string): string {
  return createHmac('sha256', key).update(`csrf:${seed}`).digest('base64url');
}

export function csrfMatches(key: Buffer, seed: string | undefined, token: unknown): boolean {
  if (!seed || typeof token !== 'string' || token.length === 0) return false;
  const want = Buffer.from(csrfToken(key, seed));
  const got = Buffer.from(token);
  return want.length === got.length && timingSafeEqual(want, got);
}
