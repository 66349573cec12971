// The master key: encrypts private keys at rest and derives the CSRF/cookie keys. Taken from
// LAUREL_MASTER_KEY, or generated once under the data dir (with a warning) so a default install works.
import { createHmac, randomBytes } from 'node:crypto';
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
