// A stand-in for the Credential Engine Registry Assistant on 127.0.0.1 (the real one is not reachable from
// tests): it records every request, refuses a wrong API key with 401 as the Assistant does, and answers
// what the test queues next (an HTTP error, a refusal with Messages) before falling back to success.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export interface StandInRegistry {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Answers for the next requests, in order, before the default success. */
  readonly next: Answer[];
  apiKey: string;
  close(): Promise<void>;
}

export async function startStandInRegistry(apiKey: string): Promise<StandInRegistry> {
  const requests: RecordedRequest[] = [];
  const next: Answer[] = [];
  const state = { apiKey };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { unparsable: text };
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
      let answer: Answer;
      if (req.headers.authorization !== `ApiToken ${state.apiKey}`) answer = { status: 401, body: { Successful: false, Messages: ['Invalid API key'] } };
      else answer = next.shift() ?? { status: 200, body: { Successful: true, Messages: [], CTID: (body.GraphInput as { '@graph'?: { 'ceterms:ctid'?: string }[] } | undefined)?.['@graph']?.[0]?.['ceterms:ctid'] ?? body.CTID } };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/assistant`,
    requests,
    next,
    get apiKey() {
      return state.apiKey;
    },
    set apiKey(k: string) {
      state.apiKey = k;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
