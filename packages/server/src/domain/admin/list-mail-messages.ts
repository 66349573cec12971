// The Mailbox: messages the file transport wrote, newest first. System administrators only.
import { listMailbox, type MailboxEntry } from '../../mail/mailbox.ts';
import { mailDir } from '../../mail/transport.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { assertAllowed, canViewMailbox } from '../policy.ts';

export type { MailboxEntry };

export async function listMailMessages(deps: Deps, actor: Actor, input: { page: number; perPage: number; to?: string | undefined }): Promise<{ items: MailboxEntry[]; total: number }> {
  assertAllowed(canViewMailbox(actor), 'Only system administrators can read the mailbox.');
  return listMailbox(mailDir(deps.config), input);
}
