// Reminder email 30 days before a badge expires. The award is marked first (a conditional UPDATE) and
// the email queued after, so with several processes each award is reminded once.
import { repos } from '../../storage/repositories/index.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { composeEmail, queueEmail } from '../email.ts';
import { badgeUrl } from '../portfolio/share.ts';

export const REMINDER_DAYS = 30;

export async function sendExpiryReminders(deps: Deps): Promise<number> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  let sent = 0;
  for (;;) {
    const due = await r.awards.takeExpiring(now, addMs(now, REMINDER_DAYS * 86_400_000), 200);
    if (due.length === 0) break;
    await inTransaction(deps, async (tr) => {
      for (const a of due) {
        const bc = await tr.badgeClasses.findById(a.badgeClassId);
        const org = await tr.organizations.findById(a.organizationId);
        await queueEmail(
          tr,
          composeEmail({
            to: a.recipientEmail,
            subject: `Your badge “${bc?.name ?? 'badge'}” expires on ${a.expiresAt!.slice(0, 10)}`,
            greeting: `Hello ${a.recipientName},`,
            paragraphs: [`Your digital badge “${bc?.name ?? ''}” from ${org?.name ?? 'your institution'} expires on ${a.expiresAt!.slice(0, 10)}.`, 'Contact the institution if you need to renew it. After that date, verifiers will see it as expired.'],
            action: { label: 'View your badge', url: badgeUrl(deps.config, a.id) },
          }),
          now,
        );
      }
    });
    sent += due.length;
  }
  if (sent) deps.wake();
  return sent;
}
