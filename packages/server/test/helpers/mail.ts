// The messages a test app has sent to an address (after its outbox has drained), oldest first, each with
// its parsed text and its raw source.
import { listMailbox, readMailboxMessage, readMailboxRaw } from '../../src/mail/mailbox.ts';
import { mailDir } from '../../src/mail/transport.ts';
import type { TestApp } from './app.ts';

export async function mailsTo(t: TestApp, address: string) {
  await t.app.laurel.worker.drain();
  const dir = mailDir(t.config);
  const { items } = await listMailbox(dir, { page: 1, perPage: 1000, to: address });
  return Promise.all(items.reverse().map(async (e) => ({ ...(await readMailboxMessage(dir, e.file))!, raw: (await readMailboxRaw(dir, e.file))!.toString('utf8') })));
}
