import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids (UUIDv7) so inserts stay index-friendly and ids sort by creation. */
export function newId(): string {
  return uuidv7();
}

/** A secret for a link or cookie: 256 random bits, URL-safe. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
