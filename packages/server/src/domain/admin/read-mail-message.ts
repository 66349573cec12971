// One Mailbox message, parsed for reading. System administrators only.
import { readMailboxMessage, type MailboxMessage } from '../../mail/mailbox.ts';
import { mailDir } from '../../mail/transport.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { assertAllowed, canViewMailbox } from '../policy.ts';

export type { MailboxMessage };

/** `id` is the message's file name without `.eml`. */
export async function readMailMessage(deps: Deps, actor: Actor, input: { id: string }): Promise<MailboxMessage> {
  assertAllowed(canViewMailbox(actor), 'Only system administrators can read the mailbox.');
  const m = await readMailboxMessage(mailDir(deps.config), `${input.id}.eml`);
  if (!m) throw notFound('The message');
  return m;
}
