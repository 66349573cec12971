// The guarded fetch openid-client is handed (net/guarded-fetch.ts): the SSRF checks of safe-fetch for any
// method. A real HTTP server on 127.0.0.1 counts the requests it sees: a refused address must never
// reach it, an allow-listed one must, with its POST body intact; redirects come back unfollowed; big and
// slow answers are cut off.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../src/net/guarded-fetch.ts';
import { FETCH_FAILED_MESSAGE, RemoteFetchFailed, RemoteFetchRefused } from '../src/net/safe-fetch.ts';

describe('createGuardedFetch', () => {
  let server: http.Server;
  let base = '';
  let requests = 0;
  const seen: Array<{ method: string; url: string; contentType: string; body: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString() });
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://10.0.0.1/secret' }).end();
        } else if (req.url === '/big') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
        } else if (req.url === '/big-chunked') {
          // No content-length: the limit must hold while reading.
          res.writeHead(200, { 'content-type': 'text/plain' });
          for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
          res.end();
        } else if (req.url === '/silent') {
          // Never answers: only the deadline ends the call.
        } else if (req.url === '/empty') {
          res.writeHead(204).end();
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] }).end(JSON.stringify({ ok: true, method: req.method }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function failure(p: Promise<unknown>): Promise<Error> {
    return p.then(
      () => {
        throw new Error('expected the fetch to fail');
      },
      (e: Error) => e,
    );
  }

  it('refuses loopback and private addresses that are not allow-listed, before connecting', async () => {
    const f = createGuardedFetch({ timeoutMs: 2_000 });
    const before = requests;
    for (const url of [`${base}/`, 'http://10.0.0.1/', 'http://192.168.1.1:8080/', 'http://[::1]/', `http://localhost:${new URL(base).port}/`]) {
      const e = await failure(f(url, { method: 'POST', body: 'x=1' }));
      expect(e, url).toBeInstanceOf(RemoteFetchRefused);
      expect(e.message).toBe(FETCH_FAILED_MESSAGE);
    }
    expect(requests).toBe(before);
  });

  it('refuses other schemes and addresses with credentials', async () => {
    const f = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
    expect(await failure(f('file:///etc/passwd'))).toBeInstanceOf(RemoteFetchRefused);
    expect(await failure(f(`http://user:pw@127.0.0.1:${new URL(base).port}/`))).toBeInstanceOf(RemoteFetchRefused);
  });

  it('with allowOnly, refuses every host not on the list without a DNS lookup', async () => {
    const f = createGuardedFetch({ allowHosts: ['127.0.0.1'], allowOnly: true });
    const e = await failure(f('https://example.org/'));
    expect(e).toBeInstanceOf(RemoteFetchRefused);
    expect((e as RemoteFetchRefused).reason).toMatch(/not allow-listed/);
  });

  it('reaches an allow-listed 127.0.0.1 and answers a WHATWG Response', async () => {
    const f = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
    const res = await f(`${base}/doc`, { headers: { accept: 'application/json' } });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${base}/doc`);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await res.json()).toEqual({ ok: true, method: 'GET' });
  });

  it('sends a POST body intact, with the content type its kind implies', async () => {
    const f = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: 'a b&c' });
    const res = await f(`${base}/token`, { method: 'POST', body: form, headers: { authorization: 'Basic eDp5' } });
    expect(await res.json()).toEqual({ ok: true, method: 'POST' });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/token', body: form.toString() });
    expect(last.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    await f(`${base}/json`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(seen.at(-1)).toMatchObject({ contentType: 'application/json', body: '{"a":1}' });
  });

  it('returns a redirect as it is, without following it', async () => {
    const f = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
    const res = await f(`${base}/redirect`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://10.0.0.1/secret');
    expect(await failure(f(`${base}/redirect`, { redirect: 'error' }))).toBeInstanceOf(RemoteFetchFailed);
  });

  it('answers a 204 with an empty body', async () => {
    const res = await createGuardedFetch({ allowHosts: ['127.0.0.1'] })(`${base}/empty`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('cuts off an answer over the size limit, declared or not', async () => {
    const f = createGuardedFetch({ allowHosts: ['127.0.0.1'], maxBytes: 4096 });
    for (const path of ['/big', '/big-chunked']) {
      const e = await failure(f(`${base}${path}`));
      expect(e, path).toBeInstanceOf(RemoteFetchFailed);
      expect((e as RemoteFetchFailed).reason).toMatch(/larger than 4096 bytes/);
    }
    expect((await f(`${base}/doc`)).status).toBe(200);
  });

  it('gives up at the deadline on a server that never answers, and on the caller’s signal', async () => {
    const f = createGuardedFetch({ allowHosts: ['127.0.0.1'], timeoutMs: 200 });
    const e = await failure(f(`${base}/silent`));
    expect(e).toBeInstanceOf(RemoteFetchFailed);
    expect((e as RemoteFetchFailed).reason).toMatch(/within 200 ms/);
    const g = createGuardedFetch({ allowHosts: ['127.0.0.1'], timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = failure(g(`${base}/silent`, { signal: controller.signal }));
    controller.abort();
    expect(((await pending) as RemoteFetchFailed).reason).toMatch(/aborted by the caller/);
  });
});
