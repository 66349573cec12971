// Delivery of queued email. By default each message is written as an .eml file under <data dir>/mail/
// (so a fresh install works offline and the Mailbox page can show it); SMTP when LAUREL_SMTP_URL is set.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.ts';

/** One email as the domain composes it (domain/email.ts) and the outbox delivers it. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Files sent with the message (the monthly report's PDF; its charts as images the HTML shows by `cid:`). */
  readonly attachments?: readonly MailAttachment[];
}

export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  /** The bytes, base64 (the message is queued as JSON). */
  readonly contentBase64: string;
  /** Set for an image the HTML part shows inline as `<img src="cid:…">`. */
  readonly cid?: string;
}

function nodemailerAttachments(m: EmailMessage) {
  return (m.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.contentBase64, encoding: 'base64', ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}) }));
}

export interface MailTransport {
  send(message: EmailMessage & { id: string }): Promise<void>;
  close(): void;
}

export function mailDir(config: Config): string {
  return path.join(config.dataDir, 'mail');
}

/**
 * nodemailer (and its MIME and charset modules, ~40 files) is loaded with the first message, not at
 * start-up: `laurel serve` answers sooner and a process that sends nothing never loads it.
 */
function lazyTransporter(make: (nodemailer: typeof import('nodemailer')) => Transporter): { get(): Promise<Transporter>; close(): void } {
  let made: Promise<Transporter> | undefined;
  return {
    get: () => (made ??= import('nodemailer').then((m) => make(m.default))),
    close: () => void made?.then((t) => t.close()),
  };
}

export function createMailTransport(config: Config): MailTransport {
  if (config.smtp) {
    const smtp = config.smtp;
    const transporter = lazyTransporter((nodemailer) =>
      // Pooled: one connection carries many messages (a bulk file's claim emails), instead of a TCP (and
      // TLS) handshake and greeting per message; nodemailer reconnects when the relay closes it.
      nodemailer.createTransport({
        pool: true,
        maxConnections: 2,
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      }),
    );
    return {
      async send(m) {
        await (await transporter.get()).sendMail({ from: config.mailFrom, to: m.to, subject: m.subject, text: m.text, html: m.html, attachments: nodemailerAttachments(m), messageId: `<${m.id}@laurel>` });
      },
      close: () => transporter.close(),
    };
  }
  const dir = mailDir(config);
  const transporter = lazyTransporter((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
  return {
    async send(m) {
      const info = await (await transporter.get()).sendMail({ from: config.mailFrom, to: m.to, subject: m.subject, text: m.text, html: m.html, attachments: nodemailerAttachments(m), messageId: `<${m.id}@laurel>` });
      await fs.mkdir(dir, { recursive: true });
      // The job id makes the name unique and stable: a retried delivery overwrites rather than duplicates.
      const file = path.join(dir, `${m.id}.eml`);
      const tmp = `${file}.tmp`;
      await fs.writeFile(tmp, info.message as Buffer);
      await fs.rename(tmp, file);
    },
    close: () => transporter.close(),
  };
}
