// Reminder email 30 days before a badge expires. The award is marked first (a conditional UPDATE) and
// the email queued after, so with several processes each award is reminded once. In the earner's saved
// language (the account that accepted it, else the one holding the recipient address), else the
// installation's default: no request causes it.
import type { Award } from '../../storage/repositories/awards.ts';
import type { Repos } from '../../storage/repositories/index.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Locale } from '../../shared/i18n/locales.ts';
import { translator } from '../../shared/i18n/translator.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { composeEmail, earnerLanguage, queueEmail } from '../email.ts';
import { badgeUrl } from '../portfolio/share.ts';

export const REMINDER_DAYS = 30;

async function reminderLanguage(deps: Pick<Deps, 'config'>, tr: Repos, a: Award): Promise<Locale> {
  const saved = a.earnerUserId ? (await tr.users.findById(a.earnerUserId))?.language : null;
  return saved === 'en' || saved === 'es' ? saved : earnerLanguage(tr, a.recipientEmail, deps.config.defaultLanguage);
}

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
        const language = await reminderLanguage(deps, tr, a);
        const { t, formatDate } = translator(language, deps.config.timeZone);
        const date = formatDate(a.expiresAt!, 'long');
        await queueEmail(
          tr,
          composeEmail({
            to: a.recipientEmail,
            subject: t('email.reminder.subject', { badge: bc?.name ?? t('email.reminder.badge'), date }),
            greeting: t('email.greeting', { name: a.recipientName }),
            paragraphs: [t('email.reminder.expires', { badge: bc?.name ?? '', issuer: org?.name ?? t('email.reminder.yourInstitution'), date }), t('email.reminder.renew')],
            action: { label: t('email.reminder.action'), url: badgeUrl(deps.config, a.id) },
            language,
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
