// Fetching documents a verifier needs from other sites (DID documents, status lists, OB 2.0 hosted
// assertions, badge URLs) without becoming an SSRF tool: http(s) only; the host's every address is
// checked against private, loopback, link-local and reserved ranges (unless the host is allow-listed)
// and the connection is pinned to the checked address (no DNS rebinding); redirects are re-checked;
// size and time are limited; answers are cached briefly.
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export class RemoteFetchRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteFetchRefused';
  }
}

export class RemoteFetchFailed extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RemoteFetchFailed';
  }
}

export interface RemoteResponse {
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface RemoteFetcher {
  /** The response, or null for 404/410 (the document does not exist). Throws when it could not be fetched or is refused. */
  get(url: string, opts?: { accept?: string; maxBytes?: number }): Promise<RemoteResponse | null>;
}

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(addr, prefix, 'ipv4');
}
for (const [addr, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(addr, prefix, 'ipv6');
}

export function isBlockedAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return blocked.check(v4mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function createSafeFetcher(
  opts: {
    allowHosts?: readonly string[];
    /** Fetch nothing but the allow-listed hosts, without even a DNS lookup for others (tests: no network). */
    allowOnly?: boolean;
    timeoutMs?: number;
    maxBytes?: number;
    cacheMs?: number;
    maxRedirects?: number;
  } = {},
): RemoteFetcher {
  const allow = new Set((opts.allowHosts ?? []).map((h) => h.toLowerCase()));
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const cacheMs = opts.cacheMs ?? 60_000;
  const cache = new Map<string, { at: number; value: RemoteResponse | null }>();

  async function pinnedAddress(u: URL): Promise<{ address: string; family: number }> {
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (opts.allowOnly && !allow.has(host)) throw new RemoteFetchRefused(`Refused to fetch ${u.origin}: only ${[...allow].join(', ') || 'no hosts'} may be fetched here.`);
    const literal = net.isIP(host);
    const addresses = literal ? [{ address: host, family: literal }] : await lookup(host, { all: true }).catch(() => {
      throw new RemoteFetchFailed(`The host ${host} could not be found.`);
    });
    if (addresses.length === 0) throw new RemoteFetchFailed(`The host ${host} has no address.`);
    if (!allow.has(host)) {
      const bad = addresses.find((a) => isBlockedAddress(a.address));
      if (bad) throw new RemoteFetchRefused(`Refused to fetch ${u.origin}: it resolves to a private, loopback or reserved address (${bad.address}).`);
    }
    return addresses[0]!;
  }

  function once(u: URL, pin: { address: string; family: number }, accept: string, maxBytes: number): Promise<{ status: number; location?: string; contentType: string; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const lib = u.protocol === 'https:' ? https : http;
      const req = lib.get(
        u,
        {
          headers: { accept, 'user-agent': 'Laurel-Verifier/1.0' },
          timeout: timeoutMs,
          // Connect to the address we checked, not to whatever a second DNS answer says.
          lookup: (_h: string, o: unknown, cb: (e: Error | null, a: string | { address: string; family: number }[], f?: number) => void) =>
            (o as { all?: boolean } | undefined)?.all ? cb(null, [pin]) : cb(null, pin.address, pin.family),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400 && res.headers.location) {
            res.resume();
            resolve({ status, location: res.headers.location, contentType: '', body: Buffer.alloc(0) });
            return;
          }
          const declared = Number(res.headers['content-length'] ?? 0);
          if (declared > maxBytes) {
            res.destroy();
            reject(new RemoteFetchFailed(`The document at ${u.href} is larger than ${maxBytes} bytes.`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) {
              res.destroy();
              reject(new RemoteFetchFailed(`The document at ${u.href} is larger than ${maxBytes} bytes.`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => resolve({ status, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new RemoteFetchFailed(`${u.origin} did not answer within ${timeoutMs / 1000} s.`)));
      req.on('error', (e) => reject(e instanceof RemoteFetchFailed ? e : new RemoteFetchFailed(`Could not fetch ${u.href}: ${e.message}`)));
    });
  }

  return {
    async get(url, o = {}) {
      const key = `${o.accept ?? ''} ${url}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < cacheMs) return hit.value;
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        throw new RemoteFetchRefused(`“${url}” is not a web address.`);
      }
      const accept = o.accept ?? 'application/ld+json, application/json;q=0.9, */*;q=0.5';
      const maxBytes = o.maxBytes ?? opts.maxBytes ?? 1024 * 1024;
      for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
        if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new RemoteFetchRefused(`Only http and https addresses can be fetched, not ${u.protocol}`);
        if (u.username || u.password) throw new RemoteFetchRefused('Addresses with a user name or password are not fetched.');
        const pin = await pinnedAddress(u);
        const res = await once(u, pin, accept, maxBytes);
        if (res.location) {
          u = new URL(res.location, u);
          continue;
        }
        let value: RemoteResponse | null;
        if (res.status === 404 || res.status === 410) value = null;
        else if (res.status < 200 || res.status >= 300) throw new RemoteFetchFailed(`${u.origin} answered ${res.status}.`, res.status);
        else value = { url: u.href, status: res.status, contentType: res.contentType, body: res.body };
        if (cache.size > 500) cache.delete(cache.keys().next().value!);
        cache.set(key, { at: Date.now(), value });
        return value;
      }
      throw new RemoteFetchFailed('Too many redirects.');
    },
  };
}
