import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IdentityObject } from './types.ts';

/**
 * Emails are compared case-insensitively and without surrounding space, so the hash is taken over
 * the trimmed, lower-cased address. OB 3.0 says nothing about normalisation; OB 2.0 validators
 * lower-case too, and recipients type their address in many shapes.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

export function sha256Identity(identity: string, salt = ''): string {
  return `sha256$${createHash('sha256').update(identity + salt, 'utf8').digest('hex')}`;
}

/** IdentityObject for an email address, hashed with SHA-256 over `email + salt` (OB 3.0 IdentityHash). */
export function hashedEmailIdentifier(options: { email: string; salt?: string }): IdentityObject {
  const salt = options.salt ?? newSalt();
  return {
    type: 'IdentityObject',
    hashed: true,
    identityHash: sha256Identity(normaliseEmail(options.email), salt),
    identityType: 'emailAddress',
    salt,
  };
}

/**
 * Whether `email` is the identity behind `identifier`. Accepts sha256$ and md5$ hashes (md5 only
 * because OB 2.0 imports carry it) and plaintext identifiers; an uppercase hex digest matches too.
 */
export function emailMatchesIdentifier(identifier: Pick<IdentityObject, 'hashed' | 'identityHash' | 'salt'>, email: string): boolean {
  const candidate = normaliseEmail(email);
  const { identityHash } = identifier;
  if (typeof identityHash !== 'string') return false;
  if (!identifier.hashed) return normaliseEmail(identityHash) === candidate;
  const sep = identityHash.indexOf('$');
  if (sep < 0) return false;
  const algorithm = identityHash.slice(0, sep).toLowerCase();
  if (algorithm !== 'sha256' && algorithm !== 'md5') return false;
  const expected = identityHash.slice(sep + 1).toLowerCase();
  const salt = identifier.salt ?? '';
  // Try the normalised address first, then the address exactly as typed: other issuers may not lower-case.
  for (const form of new Set([candidate, email])) {
    const actual = createHash(algorithm).update(form + salt, 'utf8').digest('hex');
    if (actual.length === expected.length && timingSafeEqual(Buffer.from(actual), Buffer.from(expected))) return true;
  }
  return false;
}
