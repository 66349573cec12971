// One Mailbox message as sent (the .eml file), for download. System administrators only.
import { readMailboxRaw } from '../../mail/mailbox.ts';
import { mailDir } from '../../mail/transport.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { readMailMessage } from './read-mail-message.ts';

export async function readRawMailMessage(deps: Deps, actor: Actor, input: { id: string }): Promise<{ file: string; raw: Buffer }> {
  const m = await readMailMessage(deps, actor, input);
  const raw = await readMailboxRaw(mailDir(deps.config), m.file);
  if (!raw) throw notFound('The message');
  return { file: m.file, raw };
}
