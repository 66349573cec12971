// Email is queued in the same transaction as the change that causes it (the outbox), then delivered by
// jobs/outbox.ts. A crash between commit and delivery loses nothing: the job is still in the table.
import type { Repos } from '../storage/repositories/index.ts';
import type { EmailMessage } from '../mail/transport.ts';
import { newId } from './ids.ts';

export type { EmailMessage };

export const EMAIL_QUEUE = 'email';

export async function queueEmail(r: Repos, message: EmailMessage, at: string): Promise<void> {
  await r.jobs.enqueue({ id: newId(), queue: EMAIL_QUEUE, payload: message, at });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The HTML part of every message Laurel sends, as accessible mail is written: the language and direction
 * on the document and on the message, the message itself an `article` named by its subject (the role a
 * mail program's reader announces; a `main` landmark would be a second one in a webmail page), a
 * heading, text colours of at least 4.5:1 on white, and a call-to-action big enough to tap (WCAG 2.5.8).
 */
export function emailDocument(opts: { subject: string; maxWidth: string; body: string }): string {
  const subject = escapeHtml(opts.subject);
  return `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="margin: 0; padding: 0; background: #ffffff;">
<div role="article" aria-roledescription="email" aria-label="${subject}" lang="en" dir="ltr" style="font-family: Source Sans Pro, Helvetica, Arial, sans-serif; font-size: 1rem; color: #1b1b1b; line-height: 1.5; max-width: ${opts.maxWidth}; margin: 0 auto; padding: 1rem;">
${opts.body}
</div>
</body></html>`;
}

/** The call-to-action: a link styled as a button (white on #005ea2, 7:1), 48 px tall with its padding. */
export function emailButton(label: string, url: string): string {
  return `<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#005ea2;color:#ffffff;padding:0.75rem 1.25rem;border-radius:0.25rem;text-decoration:none;font-weight:bold;">${escapeHtml(label)}</a></p>`;
}

/** A plain, accessible message: a heading, paragraphs, one call-to-action link, and the link again as text. */
export function composeEmail(opts: { to: string; subject: string; greeting: string; paragraphs: string[]; action?: { label: string; url: string }; footer?: string }): EmailMessage {
  const textParts = [opts.greeting, '', ...opts.paragraphs.flatMap((p) => [p, ''])];
  if (opts.action) textParts.push(`${opts.action.label}: ${opts.action.url}`, '');
  textParts.push(opts.footer ?? 'Laurel — the statewide micro-credential and digital badge platform.');
  const html = emailDocument({
    subject: opts.subject,
    maxWidth: '36rem',
    body: `<h1 style="font-size:1.5rem;line-height:1.2;color:#1a4480;margin:0 0 1rem;">${escapeHtml(opts.subject)}</h1>
<p>${escapeHtml(opts.greeting)}</p>
${opts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${opts.action ? `${emailButton(opts.action.label, opts.action.url)}
<p style="font-size:0.9rem;color:#565c65;">Or copy this address into your browser: ${escapeHtml(opts.action.url)}</p>` : ''}
<hr style="border:none;border-top:1px solid #dfe1e2;">
<p style="font-size:0.85rem;color:#565c65;">${escapeHtml(opts.footer ?? 'Laurel — the statewide micro-credential and digital badge platform.')}</p>`,
  });
  return { to: opts.to, subject: opts.subject, text: textParts.join('\n'), html };
}
