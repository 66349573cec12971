// A webhook receiver on 127.0.0.1 for the tests, as an integrator would write one: every request is
// verified with the `standardwebhooks` library (Webhook.verify: signature and timestamp) against the
// secret of the path it came to, and acted on once per webhook-id (a repeated id is acknowledged and
// ignored). Each path can be told to fail (a status to answer) or to answer slowly.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedMessage {
  readonly path: string;
  readonly id: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly verified: boolean;
  /** The parsed payload when verified. */
  readonly payload: { type: string; timestamp: string; data: Record<string, any> } | null;
  readonly answered: number;
}

export interface Receiver {
  readonly origin: string;
  url(path: string): string;
  /** The secret(s) a path verifies with (any one matching signature passes, as the library does). */
  setSecret(path: string, secret: string): void;
  /** The status a path answers (default 200); 0 closes the connection without answering. */
  answer(path: string, status: number): void;
  /** Every request, in arrival order. */
  readonly received: ReceivedMessage[];
  /** The first verified message of each webhook-id: what the receiver acted on. */
  readonly acted: Map<string, ReceivedMessage>;
  /** How many times each id arrived (verified or not). */
  seen(id: string): number;
  close(): Promise<void>;
}

/** `host`: the address to listen on (default 127.0.0.1; the multi-node test uses its bridge's address). */
export async function startReceiver(opts: { now?: () => Date; delayMs?: number; host?: string } = {}): Promise<Receiver> {
  const secrets = new Map<string, string>();
  const answers = new Map<string, number>();
  const received: ReceivedMessage[] = [];
  const acted = new Map<string, ReceivedMessage>();

  function verify(path: string, body: string, headers: Record<string, string>): ReceivedMessage['payload'] {
    const secret = secrets.get(path);
    if (!secret) return null;
    // Webhook.verify checks webhook-timestamp against Date.now() (±5 minutes). Laurel signs with its
    // injected clock, which the tests move by hours; the check runs synchronously with Date.now pinned
    // to that clock, so the library's own tolerance check is what is tested.
    const realNow = Date.now;
    if (opts.now) Date.now = () => opts.now!().getTime();
    try {
      return new Webhook(secret).verify(body, headers) as ReceivedMessage['payload'];
    } catch {
      return null;
    } finally {
      Date.now = realNow;
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const payload = req.method === 'POST' && headers['content-type'] === 'application/json' ? verify(path, body, headers) : null;
      const status = payload ? (answers.get(path) ?? 200) : 400;
      const m: ReceivedMessage = { path, id: headers['webhook-id'] ?? '', headers, body, verified: payload !== null, payload, answered: status };
      received.push(m);
      // Acted on once: only a verified message the receiver acknowledges, the first time its id comes.
      if (payload && status >= 200 && status < 300 && !acted.has(m.id)) acted.set(m.id, m);
      const send = () => {
        if (status === 0) {
          res.destroy();
          return;
        }
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status < 300 ? 'ok' : `nope ${status}`);
      };
      if (opts.delayMs) setTimeout(send, opts.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? '127.0.0.1', resolve));
  const origin = `http://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    setSecret: (path, secret) => secrets.set(path, secret),
    answer: (path, status) => answers.set(path, status),
    received,
    acted,
    seen: (id) => received.filter((m) => m.id === id).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
