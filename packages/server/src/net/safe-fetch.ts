// Fetching documents a verifier needs from other sites (DID documents, status lists, OB 2.0 hosted
// assertions, badge URLs) without becoming an SSRF tool or a port scanner: http(s) only; the address is
// normalised by the WHATWG URL parser; every address the host resolves to must be public unicast
// (ipaddr.js), unless the host is allow-listed by the operator or the origin (scheme + host + port) is
// Laurel's own; the connection is pinned to the checked address (no DNS rebinding); redirects are
// re-checked; size is limited and one deadline covers DNS, connect, redirects and body; every failure
// reads the same to the caller; answers are cached briefly.
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Refused before any connection (scheme, credentials, a blocked address). `reason` is for logs only. */
export class RemoteFetchRefused extends Error {
  reason?: string;
  constructor(message: string) {
    super(message);
    this.name = 'RemoteFetchRefused';
  }
}

/** The fetch was tried and failed. The message is the same whatever happened; `reason` is for logs only. */
export class RemoteFetchFailed extends Error {
  reason?: string;
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

/**
 * Whether an address may not be fetched: anything but a plain public unicast address. ipaddr.js names
 * the special ranges (private, loopback, link-local, CGNAT, reserved, multicast, and the IPv6 forms that
 * embed an IPv4 address: IPv4-mapped, SIIT, NAT64, 6to4, Teredo); the deprecated IPv4-compatible form
 * (`::a.b.c.d`, `::7f00:1`) is "unicast" to it, so the all-zero /96 prefix is refused here too.
 */
export function isBlockedAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  const ip = ipaddr.parse(address);
  if (ip.range() !== 'unicast') return true;
  if (ip.kind() === 'ipv6') {
    const parts = (ip as ipaddr.IPv6).parts;
    if (parts.slice(0, 6).every((p) => p === 0)) return true;
  }
  return false;
}

/** The one message for every fetch that failed or was refused: it must not tell port states apart. */
export const FETCH_FAILED_MESSAGE = 'The document could not be fetched from that address.';

export interface SafeFetcherOptions {
  /** Host names or IPs (LAUREL_FETCH_ALLOW_HOSTS) fetched even though they resolve to private addresses: an intranet issuer. */
  readonly allowHosts?: readonly string[];
  /** Exact origins (scheme + host + port) allowed whatever they resolve to: Laurel's own public origin. */
  readonly allowOrigins?: readonly string[];
  /** Fetch nothing but the allow-listed hosts and origins, without even a DNS lookup for others (tests: no network). */
  readonly allowOnly?: boolean;
  /** Total time for one get(): DNS, connect, every redirect and the whole body (default 5 s). */
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly cacheMs?: number;
  readonly maxRedirects?: number;
}

/** A hop's answer: a redirect, or a status with its body. */
interface Hop {
  readonly status: number;
  readonly location?: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** A refusal with the one message; `reason` is for logs. Shared with guarded-fetch.ts. */
export function fetchRefused(reason: string): RemoteFetchRefused {
  return Object.assign(new RemoteFetchRefused(FETCH_FAILED_MESSAGE), { reason });
}

/** A failure with the one message; `reason` is for logs. Shared with guarded-fetch.ts. */
export function fetchFailed(reason: string, status?: number): RemoteFetchFailed {
  return Object.assign(new RemoteFetchFailed(FETCH_FAILED_MESSAGE, status), { reason });
}

/** Parses what a person typed (WHATWG URL: `HTTP://`, a leading space, `2130706433`, `0x7f.1` all normalise). */
export function parseAddress(url: string): URL {
  try {
    return new URL(url.trim());
  } catch {
    throw new RemoteFetchRefused(`“${url}” is not a web address.`);
  }
}

/** An address checked by an AddressGuard: the connection goes there and nowhere else. */
export interface PinnedAddress {
  readonly address: string;
  readonly family: number;
}

/** A `lookup` for http(s).request that connects to the address we checked, not to whatever a second DNS answer says. */
export function pinnedLookup(pin: PinnedAddress) {
  return (_h: string, o: unknown, cb: (e: Error | null, a: string | PinnedAddress[], f?: number) => void) =>
    (o as { all?: boolean } | undefined)?.all ? cb(null, [pin]) : cb(null, pin.address, pin.family);
}

/**
 * The checks every outgoing request passes before a connection is opened: http(s) only, no user name or
 * password in the address, and every address the host resolves to public unicast unless the host or
 * origin is allow-listed. Answers the one address to pin the connection to.
 */
export type AddressGuard = (u: URL) => Promise<PinnedAddress>;

export function createAddressGuard(opts: Pick<SafeFetcherOptions, 'allowHosts' | 'allowOrigins' | 'allowOnly'>): AddressGuard {
  const allowHosts = new Set((opts.allowHosts ?? []).map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));
  const allowOrigins = new Set((opts.allowOrigins ?? []).map((o) => new URL(o).origin));
  return async (u) => {
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new RemoteFetchRefused(`Only http and https addresses can be fetched, not ${u.protocol}`);
    if (u.username || u.password) throw fetchRefused('the address carries a user name or password');
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const trusted = allowOrigins.has(u.origin) || allowHosts.has(host);
    if (opts.allowOnly && !trusted) throw fetchRefused(`${u.origin} is not allow-listed (allow-only fetcher)`);
    const literal = net.isIP(host);
    const addresses = literal ? [{ address: host, family: literal }] : await lookup(host, { all: true, verbatim: true }).catch((e: Error) => {
      throw fetchFailed(`DNS: ${e.message}`);
    });
    if (addresses.length === 0) throw fetchFailed(`DNS: ${host} has no address`);
    if (!trusted) {
      // Every address the name resolves to, not just the first: a name with one public and one private
      // address must not be a way in.
      const bad = addresses.find((a) => isBlockedAddress(a.address));
      if (bad) throw fetchRefused(`${u.origin} resolves to a blocked address (${bad.address})`);
    }
    return addresses[0]!;
  };
}

/** One HTTP exchange with the checked, pinned address: a redirect, or the whole body within maxBytes. */
function once(u: URL, pin: PinnedAddress, accept: string, maxBytes: number, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.get(
      u,
      {
        headers: { accept, 'user-agent': 'Laurel-Verifier/1.0' },
        signal,
        lookup: pinnedLookup(pin),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          resolve({ status, location: res.headers.location, contentType: '', body: Buffer.alloc(0) });
          return;
        }
        // Reject before destroying: destroy() emits 'aborted' synchronously, which would win.
        if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
          reject(fetchFailed(`larger than ${maxBytes} bytes (declared)`));
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            reject(fetchFailed(`larger than ${maxBytes} bytes`));
            res.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ status, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
        res.on('error', (e) => reject(fetchFailed(e.message)));
        res.on('aborted', () => reject(fetchFailed('connection aborted')));
      },
    );
    req.on('error', (e) => reject(e instanceof RemoteFetchFailed ? e : fetchFailed(e.message)));
  });
}

export function createSafeFetcher(opts: SafeFetcherOptions = {}): RemoteFetcher {
  const guard = createAddressGuard(opts);
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const cacheMs = opts.cacheMs ?? 60_000;
  const cache = new Map<string, { at: number; value: RemoteResponse | null }>();

  async function fetchFollowing(url: URL, accept: string, maxBytes: number, signal: AbortSignal): Promise<RemoteResponse | null> {
    let u = url;
    for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
      const pin = await guard(u);
      if (signal.aborted) throw fetchFailed('deadline passed');
      const res = await once(u, pin, accept, maxBytes, signal);
      if (res.location) {
        try {
          u = new URL(res.location, u);
        } catch {
          throw fetchFailed('a redirect to an invalid address');
        }
        continue;
      }
      if (res.status === 404 || res.status === 410) return null;
      if (res.status < 200 || res.status >= 300) throw fetchFailed(`status ${res.status}`, res.status);
      return { url: u.href, status: res.status, contentType: res.contentType, body: res.body };
    }
    throw fetchFailed('too many redirects');
  }

  return {
    async get(url, o = {}) {
      const u = parseAddress(url);
      const accept = o.accept ?? 'application/ld+json, application/json;q=0.9, */*;q=0.5';
      const key = `${accept} ${u.href}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < cacheMs) return hit.value;
      const maxBytes = o.maxBytes ?? opts.maxBytes ?? 1024 * 1024;
      // One deadline for the whole fetch: a server that trickles a byte a second cannot hold it longer.
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(fetchFailed(`no complete answer within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        const value = await Promise.race([fetchFollowing(u, accept, maxBytes, controller.signal), deadline]);
        if (cache.size > 500) cache.delete(cache.keys().next().value!);
        cache.set(key, { at: Date.now(), value });
        return value;
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
    },
  };
}
