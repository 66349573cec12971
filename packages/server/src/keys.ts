// The master key: encrypts private keys at rest and derives the CSRF/cookie keys. Taken from
// LAUREL_MASTER_KEY, or generated once under the data dir (with a warning) so a default install works.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

export function loadMasterKey(config: Config, warn: (msg: string) => void): Buffer {
  if (config.masterKey) return config.masterKey;
  const file = path.join(config.dataDir, 'master.key');
  try {
    const raw = fs.readFileSync(file, 'utf8').trim();
    const key = Buffer.from(raw, 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs, so both derive the same keys.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(config, warn);
    throw err;
  }
  warn(`LAUREL_MASTER_KEY is not set: generated one in ${file}. Set LAUREL_MASTER_KEY in production and keep it safe; without it, stored private keys cannot be decrypted.`);
  return key;
}

/** A purpose-bound subkey, so one secret is never used for two things. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  return createHmac('sha256', master).update(`laurel:${purpose}`).digest();
}

/**
 * Authenticated encryption for secrets at rest (organizations' private keys): AES-256-GCM under a key
 * derived from the master key. `aad` binds a ciphertext to its row, so a ciphertext copied onto another
 * row (another organization's key) fails to decrypt instead of signing for the wrong issuer.
 */
export interface SecretBox {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

const SEALED_PREFIX = 'v1';

export function createSecretBox(master: Buffer): SecretBox {
  const key = deriveKey(master, 'keys');
  return {
    seal(plaintext, aad) {
      // 96-bit random nonces: collision risk stays negligible far beyond the number of keys we store.
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [SEALED_PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    open(sealed, aad) {
      const [version, iv, tag, ct] = sealed.split('.');
      if (version !== SEALED_PREFIX || !iv || !tag || ct === undefined) throw new Error('Unrecognised sealed secret format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('A stored private key could not be decrypted: LAUREL_MASTER_KEY is not the key it was encrypted with, or the row was altered');
      }
    },
  };
}
