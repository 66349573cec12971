// Reads the file transport's folder for the system admin's Mailbox page.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface MailboxEntry {
  readonly file: string;
  readonly to: string;
  readonly subject: string;
  readonly date: string;
}

export interface MailboxMessage extends MailboxEntry {
  readonly from: string;
  readonly text: string;
  readonly html: string | null;
}

const FILE_RE = /^[0-9a-f-]{36}\.eml$/;

export function isMailFileName(name: string): boolean {
  return FILE_RE.test(name);
}

async function parse(dir: string, file: string): Promise<MailboxMessage> {
  const raw = await fs.readFile(path.join(dir, file));
  const { simpleParser } = await import('mailparser'); // with its charset tables: loaded when the Mailbox is read
  const m = await simpleParser(raw);
  const addr = (a: typeof m.to): string => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));
  return {
    file,
    to: addr(m.to),
    from: addr(m.from),
    subject: m.subject ?? '(no subject)',
    date: (m.date ?? new Date(0)).toISOString(),
    text: m.text ?? '',
    html: typeof m.html === 'string' ? m.html : null,
  };
}

export async function listMailbox(dir: string, opts: { page: number; perPage: number; to?: string | undefined }): Promise<{ items: MailboxEntry[]; total: number }> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter(isMailFileName);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { items: [], total: 0 };
    throw err;
  }
  // File names are UUIDv7 job ids, so reverse name order is newest first without reading every file.
  names.sort().reverse();
  let entries: MailboxEntry[];
  if (opts.to) {
    const want = opts.to.toLowerCase();
    const all = await Promise.all(names.map((n) => parse(dir, n)));
    entries = all.filter((m) => m.to.toLowerCase().includes(want));
    return { items: entries.slice((opts.page - 1) * opts.perPage, opts.page * opts.perPage), total: entries.length };
  }
  const slice = names.slice((opts.page - 1) * opts.perPage, opts.page * opts.perPage);
  entries = await Promise.all(slice.map((n) => parse(dir, n)));
  return { items: entries, total: names.length };
}

export async function readMailboxMessage(dir: string, file: string): Promise<MailboxMessage | undefined> {
  if (!isMailFileName(file)) return undefined;
  try {
    return await parse(dir, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The message file as written (for download); undefined when the name is not a message or it is gone. */
export async function readMailboxRaw(dir: string, file: string): Promise<Buffer | undefined> {
  if (!isMailFileName(file)) return undefined;
  try {
    return await fs.readFile(path.join(dir, file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
