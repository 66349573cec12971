// A real SMTP server (the `smtp-server` library) that keeps every message it is given. Laurel sends each
// queued email with `Message-ID: <job id@laurel>`, the same on every retry, so the sink — like a mail
// system that suppresses duplicates — counts what it received and, separately, each Message-ID once.
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  readonly port: number;
  /** Every message in arrival order. */
  readonly received: { messageId: string; to: string[] }[];
  /** Message-ID → how many times it arrived. */
  readonly byId: Map<string, number>;
  close(): Promise<void>;
}

export async function startSmtpSink(host: string): Promise<SmtpSink> {
  const received: SmtpSink['received'] = [];
  const byId = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // Many nodes, each with a connection per message.
    maxClients: 200,
    logger: false,
    // No reverse DNS of each client address (there is no resolver for 10.77.0.x here: each lookup would wait).
    disableReverseLookup: true,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('latin1')));
      stream.on('end', () => {
        const headers = data.split(/\r?\n\r?\n/, 1)[0] ?? '';
        const messageId = /^message-id:\s*(\S+)/im.exec(headers)?.[1] ?? '';
        received.push({ messageId, to: session.envelope.rcptTo.map((r) => r.address) });
        byId.set(messageId, (byId.get(messageId) ?? 0) + 1);
        callback();
      });
    },
  });
  // A node killed mid-message resets its connection: the library reports it here (unhandled, it would throw).
  server.on('error', () => {});
  server.listen(0, host);
  await once(server.server, 'listening');
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    byId,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
