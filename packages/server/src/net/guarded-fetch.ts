// A WHATWG-shaped fetch (url, init) → Response with the SSRF guarantees of safe-fetch.ts, for libraries
// that take a `customFetch` and need more than GET: openid-client POSTs to the identity provider's token
// endpoint. The same checks run before any connection (http(s) only, no credentials in the address, every
// resolved address public unicast unless allow-listed) and the connection is pinned to the checked
// address. Unlike safe-fetch, redirects are never followed — the 3xx is returned, which is what OAuth
// clients ask for (`redirect: 'manual'`) — and nothing is cached. One deadline covers DNS, connect and
// the whole body; the body is limited in size; every failure reads the same.
import http from 'node:http';
import https from 'node:https';
import { createAddressGuard, fetchFailed, parseAddress, pinnedLookup, type PinnedAddress, type SafeFetcherOptions } from './safe-fetch.ts';

export type GuardedFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Statuses whose Response must be built without a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

interface Exchange {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Buffer<ArrayBuffer>;
}

/** The request body as bytes and the content type it implies (a URLSearchParams body is a form). */
async function requestBody(body: RequestInit['body']): Promise<{ bytes: Buffer | null; contentType: string | null }> {
  if (body === undefined || body === null) return { bytes: null, contentType: null };
  // The Response constructor accepts every BodyInit and knows each one's content type.
  const r = new Response(body);
  return { bytes: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get('content-type') };
}

function responseHeaders(raw: string[]): Headers {
  const h = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      h.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A header the WHATWG Headers class refuses (invalid bytes) is dropped, as a browser would.
    }
  }
  return h;
}

/** One HTTP exchange with the checked, pinned address; the whole body within maxBytes. */
function exchange(o: { u: URL; pin: PinnedAddress; method: string; headers: Record<string, string>; body: Buffer | null; maxBytes: number; signal: AbortSignal }): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const lib = o.u.protocol === 'https:' ? https : http;
    const req = lib.request(
      o.u,
      // A connection of its own (no shared keep-alive pool): a pooled socket could have been opened for
      // another fetcher with another allow-list.
      { method: o.method, headers: o.headers, signal: o.signal, lookup: pinnedLookup(o.pin), agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        const done = (body: Buffer<ArrayBuffer>) => resolve({ status, statusText: res.statusMessage ?? '', headers: responseHeaders(res.rawHeaders), body });
        // Reject before destroying: destroy() emits 'aborted' synchronously, which would win.
        if (Number(res.headers['content-length'] ?? 0) > o.maxBytes) {
          reject(fetchFailed(`larger than ${o.maxBytes} bytes (declared)`));
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > o.maxBytes) {
            reject(fetchFailed(`larger than ${o.maxBytes} bytes`));
            res.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => done(Buffer.concat(chunks)));
        res.on('error', (e) => reject(fetchFailed(e.message)));
        res.on('aborted', () => reject(fetchFailed('connection aborted')));
      },
    );
    req.on('error', (e) => reject(fetchFailed(e.message)));
    req.end(o.body ?? undefined);
  });
}

/**
 * A fetch for openid-client's `customFetch` (and anything else that speaks WHATWG fetch) that only reaches
 * addresses safe-fetch would reach. `opts.timeoutMs` (default 5 s) bounds each call; `opts.maxBytes`
 * (default 1 MiB) bounds each answer; `maxRedirects` and `cacheMs` do not apply (nothing is followed or
 * cached). A caller's `init.signal` aborts the call too.
 */
export function createGuardedFetch(opts: SafeFetcherOptions = {}): GuardedFetch {
  const guard = createAddressGuard(opts);
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const maxBytes = opts.maxBytes ?? 1024 * 1024;

  return async (url, init = {}) => {
    const u = parseAddress(url);
    const method = (init.method ?? 'GET').toUpperCase();
    const controller = new AbortController();
    const signal = init.signal ? AbortSignal.any([controller.signal, init.signal]) : controller.signal;
    // One deadline for the whole call: a server that trickles a byte a second cannot hold it longer.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let completed = false;
    let stop = () => {};
    const stopped = new Promise<never>((_, reject) => {
      stop = () => reject(fetchFailed(timedOut ? `no complete answer within ${timeoutMs} ms` : 'aborted by the caller'));
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
    try {
      const work = (async () => {
        const pin = await guard(u);
        if (signal.aborted) throw fetchFailed('stopped before connecting');
        const headers: Record<string, string> = {};
        new Headers(init.headers).forEach((v, k) => (headers[k] = v));
        const { bytes, contentType } = await requestBody(init.body);
        if (contentType && !headers['content-type']) headers['content-type'] = contentType;
        if (bytes) headers['content-length'] = String(bytes.length);
        // Answers are read as they come: no compressed bodies to inflate behind the size limit's back.
        headers['accept-encoding'] = 'identity';
        return exchange({ u, pin, method, headers, body: bytes, maxBytes, signal });
      })();
      const res = await Promise.race([work, stopped]);
      completed = true;
      if (res.status >= 300 && res.status < 400 && init.redirect === 'error') throw fetchFailed(`a redirect (${res.status}) where none is allowed`);
      let response: Response;
      try {
        response = new Response(NULL_BODY_STATUSES.has(res.status) ? null : res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } catch {
        throw fetchFailed(`an answer with status ${res.status} that is not HTTP`);
      }
      // Response.url is a getter with nothing behind it for a constructed Response; callers expect the address.
      Object.defineProperty(response, 'url', { value: u.href });
      return response;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      // Only a call that did not complete has anything left to stop (DNS, a connection, a body): a
      // completed exchange has read its whole answer, and aborting it anyway costs an error per call.
      if (!completed) controller.abort();
    }
  };
}
