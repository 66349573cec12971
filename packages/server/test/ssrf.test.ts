// Regression for the outside probe's SSRF findings (issue 12, points 1 and 2): with Laurel's own public
// URL on 127.0.0.1, no spelling of a loopback, private or IPv4-embedding IPv6 address reaches another
// port — a real listener counts connections and must see none — and every failure reads the same, so
// the verifier cannot be used as a port scanner. One deadline covers the whole fetch.
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app/build-app.ts';
import { compose, type Laurel } from '../src/app/compose.ts';
import { loadConfig } from '../src/config.ts';
import { createSafeFetcher, FETCH_FAILED_MESSAGE, isBlockedAddress, RemoteFetchFailed, RemoteFetchRefused } from '../src/net/safe-fetch.ts';
import { migrateToLatest, openDatabase, type Db } from '../src/storage/db.ts';
import { freshDatabase, type FreshDatabase } from './helpers/db.ts';
import { TEST_MASTER_KEY, testHasher } from './helpers/app.ts';

/** Spellings of addresses that must never be fetched; P is the listener's port. */
const SPELLINGS = [
  'http://127.0.0.1:P/',
  'http://2130706433:P/',
  'http://0177.0.0.1:P/',
  'http://0x7f000001:P/',
  'http://0x7f.0.0.1:P/',
  'http://0x7F.1:P/',
  'http://0x7f.0x0.0x0.0x1:P/',
  'http://017700000001:P/',
  'http://0177.1:P/',
  'http://127.1:P/',
  'http://127.0.1:P/',
  'http://127.000.000.001:P/',
  'HTTP://127.0.0.1:P/',
  ' http://127.0.0.1:P/',
  'http://127.0.0.1.:P/',
  'http://%31%32%37.0.0.1:P/',
  'http://１２７.０.０.１:P/',
  'http://127.0.0.2:P/',
  'http://127.255.255.254:P/',
  'http://localhost:P/',
  'http://LOCALHOST:P/',
  'http://localhost.:P/',
  'http://example.org@127.0.0.1:P/',
  'http://127.0.0.1:P#@example.org/',
  'http://127.0.0.1:P/%2e%2e/admin',
  'https://127.0.0.1:P/',
  'http://0.0.0.0:P/',
  'http://0:P/',
  'http://[::1]:P/',
  'http://[0000::1]:P/',
  'http://[0:0:0:0:0:0:0:1]:P/',
  'http://[::]:P/',
  'http://[::ffff:127.0.0.1]:P/',
  'http://[::ffff:7f00:1]:P/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]:P/',
  'http://[::7f00:1]:P/',
  'http://[::127.0.0.1]:P/',
  'http://[::ffff:0:7f00:1]:P/',
  'http://[2002:7f00:1::]:P/',
  'http://[2002:7f00:0001::1]:P/',
  'http://[64:ff9b::7f00:1]:P/',
  'http://[64:ff9b::127.0.0.1]:P/',
  'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:P/',
  'http://[fe80::1]:P/',
  'http://[fc00::1]:P/',
  'http://10.0.0.1:P/',
  'http://172.16.0.1:P/',
  'http://192.168.0.1:P/',
  'http://169.254.169.254:P/latest/meta-data/',
  'http://100.64.0.1:P/',
] as const;

describe('SSRF: with the public URL on 127.0.0.1, no spelling reaches another port of it', () => {
  let listener: net.Server;
  let port = 0;
  let connections = 0;
  let fresh: FreshDatabase;
  let db: Db;
  let laurel: Laurel;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let dataDir: string;

  beforeAll(async () => {
    // A raw TCP listener: counts every connection, whatever protocol is spoken.
    listener = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    port = (listener.address() as AddressInfo).port;
    fresh = await freshDatabase('sqlite');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-ssrf-'));
    // Laurel's own public URL is on the same host, another port: the probe's setup. The verifier's rate limit
    // is lifted: this test sends every spelling from one client.
    const config = loadConfig({ LAUREL_DATA_DIR: dataDir, LAUREL_DATABASE_URL: fresh.url, LAUREL_MASTER_KEY: TEST_MASTER_KEY.toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_VERIFY_RATE_LIMIT: '10000', LAUREL_PUBLIC_URL: `http://127.0.0.1:${port + 1 === 65536 ? port - 1 : port + 1}` });
    db = openDatabase(config.database);
    await migrateToLatest(db);
    // The production fetcher (no test allow-list): what `laurel serve` wires.
    laurel = compose({ config, db, masterKey: TEST_MASTER_KEY, passwords: testHasher });
    app = await buildApp(laurel, { autoPollJobs: false, logger: false });
  });

  afterAll(async () => {
    await app.close();
    await db.close();
    await fresh.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    listener.close();
  });

  const urls = SPELLINGS.map((s) => s.replace(':P', `:${port}`));

  it(`has at least 40 spellings (${SPELLINGS.length})`, () => {
    expect(SPELLINGS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(SPELLINGS.map((s, i) => [s, i] as const))('the fetcher refuses %s with the one message', async (_s, i) => {
    const f = createSafeFetcher({ allowOrigins: [laurel.config.publicUrl] });
    const u = SPELLINGS[i]!.replace(':P', `:${port}`);
    const err = await f.get(u).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, u).toBeInstanceOf(Error);
    expect(err instanceof RemoteFetchRefused || err instanceof RemoteFetchFailed, u).toBe(true);
    expect((err as Error).message, u).toBe(FETCH_FAILED_MESSAGE);
  });

  it('POST /api/v1/verify and the /verify form answer every spelling alike, and the listener saw no connection', async () => {
    const messages = new Set<string>();
    for (const url of urls) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url } });
      expect(res.statusCode, url).toBe(200);
      const body = res.json() as { verified: boolean; checks: { id: string; message: string }[] };
      expect(body.verified, url).toBe(false);
      messages.add(body.checks.map((c) => `${c.id}:${c.message}`).join('|'));
    }
    expect([...messages]).toEqual([`fetch:Could not get the badge: ${FETCH_FAILED_MESSAGE}`]);
    expect(connections).toBe(0);
  });
});

describe('SSRF: addresses', () => {
  it.each(['::7f00:1', '2002:7f00:1::', '::ffff:0:7f00:1', '::ffff:127.0.0.1', '64:ff9b::7f00:1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '::', '100::1', '192.0.0.8', '198.18.0.1', '255.255.255.255', '224.0.0.1', 'not-an-ip'])('blocks %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700::1111', '2a00:1450:4001:80b::200e'])('allows public %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });
});

describe('SSRF: one deadline for the whole fetch', () => {
  it('a server that trickles a byte at a time cannot hold a fetch past the deadline', async () => {
    let timer: NodeJS.Timeout | undefined;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Never finishes: without a total deadline (only an idle timeout) this fetch would never end.
      timer = setInterval(() => res.write(' '), 20);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const f = createSafeFetcher({ allowHosts: ['127.0.0.1'], timeoutMs: 300 });
      const err = await f.get(`${base}/slow`).then(
        () => null,
        (e: unknown) => e as RemoteFetchFailed,
      );
      expect(err).toBeInstanceOf(RemoteFetchFailed);
      expect(err!.message).toBe(FETCH_FAILED_MESSAGE);
      expect(err!.reason).toMatch(/no complete answer within 300 ms/);
    } finally {
      clearInterval(timer);
      server.closeAllConnections();
      server.close();
    }
  });
});
