// The file transport's folder under the privacy rules (docs/PRIVACY.md): messages older than the mail
// retention go, and so does every message to an account that is deleted. SMTP keeps no copy here.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isMailFileName } from './mailbox.ts';

async function mailFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter(isMailFileName);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The header block of a stored message (up to the first blank line), lower-cased. */
async function headerOf(file: string): Promise<string> {
  const raw = await fs.readFile(file, 'utf8');
  const end = raw.indexOf('\n\n');
  return (end === -1 ? raw : raw.slice(0, end)).toLowerCase();
}

/** Deletes the stored messages addressed to any of `emails`; how many. */
export async function deleteMailTo(dir: string, emails: readonly string[]): Promise<number> {
  const wanted = emails.map((e) => e.toLowerCase()).filter(Boolean);
  if (wanted.length === 0) return 0;
  let n = 0;
  for (const f of await mailFiles(dir)) {
    const file = path.join(dir, f);
    const to = (await headerOf(file)).split('\n').filter((l) => /^(to|cc|bcc):/.test(l)).join('\n');
    if (wanted.some((e) => to.includes(e))) {
      await fs.rm(file, { force: true });
      n++;
    }
  }
  return n;
}

/** Deletes the stored messages written before `before`; how many. */
export async function deleteMailBefore(dir: string, before: Date): Promise<number> {
  let n = 0;
  for (const f of await mailFiles(dir)) {
    const file = path.join(dir, f);
    const st = await fs.stat(file).catch(() => undefined);
    if (st && st.mtime < before) {
      await fs.rm(file, { force: true });
      n++;
    }
  }
  return n;
}
