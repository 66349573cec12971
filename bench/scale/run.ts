// Laurel at a million awards: the earner- and issuer-facing pages at scale (bench/scale/load.ts), timed
// in process through fastify inject (no sockets: the figures are the app's own time, routing, the
// database and SSR included), n requests each on randomly chosen awards, earners and claim links, with a
// same-run reference (GET /healthz) and the process's RSS sampled every 100 ms through the measuring run.
// Run: npx tsx bench/scale/run.ts                          (SQLite; SCALE=1 is the full size)
//      KEEP=scale npx tsx bench/scale/run.ts               (load once, measure again on later runs)
//      DATABASE=postgres://postgres@127.0.0.1:5432/postgres KEEP=scale npx tsx bench/scale/run.ts
//      PROCESS=1 … (the pages over HTTP from a real `laurel serve` process — the compiled dist/ as `npm start`
//      runs it — and that process's RSS read from /proc: the app's own resident size, without this bench's
//      tsx-transpiled copy of the app in the figure)
// Env: SCALE (1), N (300 requests per page), SAMPLE (signed awards, 2,000 × SCALE, at least 200).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { loadConfig } from '../../packages/server/src/config.ts';
import { startSession } from '../../packages/server/src/domain/accounts/sessions.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { buildApp } from '../../packages/server/src/app/build-app.ts';
import { openLaurel } from '../../packages/server/src/app/compose.ts';
import { SESSION_COOKIE } from '../../packages/server/src/kit/auth.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { benchDatabase } from '../support/database.ts';
import { claimToken, END, earnerIdOf, isAccepted, loadScale, scaleSize, signedSample } from './load.ts';

const SCALE = Number(process.env.SCALE ?? 1);
const N = Number(process.env.N ?? 300);
const P95_MS = 20;
const RSS_MB = 300;
const size = scaleSize(SCALE);
const bench = await benchDatabase('laurel-bench-scale-');
// A fixed master key for a kept database (the signing keys it wraps must open again on a later run).
const masterKey = process.env.KEEP ? Buffer.alloc(32, 7).toString('base64') : randomBytes(32).toString('base64');
const config = loadConfig({ LAUREL_DATA_DIR: bench.dataDir, LAUREL_DATABASE_URL: bench.url, LAUREL_MASTER_KEY: masterKey, LAUREL_LOG_LEVEL: 'silent', LAUREL_SIGNING_THREADS: '0' });
const rt = await openLaurel(config);
let loadRss = 0;
if (!bench.reused) {
  const t0 = performance.now();
  await seedDemo(rt.deps);
  await loadScale(rt.deps, size);
  await sql.raw(config.database.dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE').execute(rt.deps.db);
  console.log(`loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  bench.markLoaded();
  loadRss = process.memoryUsage().rss;
}
const app = await buildApp(rt, { autoPollJobs: false, logger: false });
await app.ready();
const r = repos(rt.deps.db);
const signed = await signedSample(rt.deps);
const awards = Number((await rt.deps.db.selectFrom('awards').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
const lists = Number((await rt.deps.db.selectFrom('status_lists').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);

let seed = 18;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const sessionFor = async (userId: string) => `${SESSION_COOKIE}=${(await startSession(rt.deps, { userId })).token}`;
const issuerCookie = await sessionFor((await r.users.findByEmail('issuer@redriver.example.edu'))!.id);
const redRiver = (await r.organizations.findBySlug('red-river'))!;
const ourClasses = await r.badgeClasses.listForOrganization(redRiver.id);
// Claim links still valid: pending awards issued within the link lifetime (less a margin) before now.
const DAY = 86_400_000;
const freshDays = config.claimLinkDays - 5 - (Date.now() - END) / DAY;
if (freshDays <= 1) throw new Error('The loaded awards are too old for valid claim links: load again (drop the KEEP database).');
const firstFresh = Math.ceil(size.awards * (1 - Math.min(730, freshDays) / 730));
const pendingIndex = () => {
  for (;;) {
    const i = firstFresh + rand(size.awards - firstFresh);
    if (!isAccepted(i)) return i;
  }
};

// RSS of the measuring phase (a loader that ran in this process first leaves its heap behind: measure
// on a kept database, a second run with the same KEEP, for the app's own figure).
// With PROCESS=1 the pages come from a `laurel serve` child on the same database, and the RSS is its own.
const server = process.env.PROCESS ? await serveProcess() : null;
const rssNow = () => (server ? server.rss() : process.memoryUsage().rss);
let rssMax = rssNow();
const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssNow())), 100);
const pages: [string, () => Promise<{ url: string; cookie?: string }>][] = [
  ['reference: GET /healthz', async () => ({ url: '/healthz' })],
  ['badge page /badges/{id}', async () => ({ url: `/badges/${signed[rand(signed.length)]}` })],
  ['portfolio /portfolio', async () => ({ url: '/portfolio', cookie: await sessionFor(earnerIdOf(rand(size.earners))) })],
  ['issuer award list /issuing/awards', async () => ({ url: '/issuing/awards', cookie: issuerCookie })],
  ['issuer list, one badge class', async () => ({ url: `/issuing/awards?badge_class_id=${ourClasses[rand(ourClasses.length)]!.id}`, cookie: issuerCookie })],
  ['claim page /claim/{token}', async () => ({ url: `/claim/${claimToken(pendingIndex())}` })],
];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[] = [];
let allMet = true;
for (const [name, make] of pages) {
  const times: number[] = [];
  for (let k = 0; k < N + 20; k++) {
    const { url, cookie } = await make();
    const t0 = performance.now();
    const res = server ? await server.get(url, cookie) : await app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${name}: GET ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    if (k >= 20) times.push(ms); // the first 20 warm up
  }
  const ref = name.startsWith('reference');
  const met = ref || p95(times) <= P95_MS;
  allMet &&= met;
  rows.push(`| ${name} | ${times.length} | ${median(times).toFixed(2)} ms | ${p95(times).toFixed(2)} ms | ${ref ? '—' : met ? `yes (≤ ${P95_MS} ms)` : `**no** (> ${P95_MS} ms)`} |`);
}
clearInterval(sampler);
const rssMb = rssMax / 2 ** 20;
await server?.stop();
console.log(`\n${config.database.dialect}, SCALE ${SCALE}${server ? ', a `laurel serve` process (dist/) over HTTP' : ''}: ${size.programs.toLocaleString('en-US')} programs, ${awards.toLocaleString('en-US')} awards, ${size.earners.toLocaleString('en-US')} earners, ${signed.length} signed, ${lists} status lists; ${server ? 'loopback HTTP' : 'in-process inject'}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| page | n | median | p95 | target met |');
console.log('|---|---:|---:|---:|---|');
for (const row of rows) console.log(row);
console.log(`| RSS (max, sampled every 100 ms) | | | ${rssMb.toFixed(0)} MB | ${rssMb <= RSS_MB ? `yes (≤ ${RSS_MB} MB)` : `**no** (> ${RSS_MB} MB)`} |`);
if (loadRss) console.log(`(loaded in this process: RSS ${(loadRss / 2 ** 20).toFixed(0)} MB after the load; run again with the same KEEP for the app's own RSS)`);
console.log(allMet && rssMb <= RSS_MB ? 'all targets met' : 'NOT all targets met');
await app.close();
await rt.close();
if (process.env.KEEP) console.log(`kept: ${bench.url}`);
else await bench.dispose();

/** `laurel serve` on the bench's database and data dir (the same master key), on a free port. */
async function serveProcess() {
  const bin = new URL('../../packages/server/bin/laurel.js', import.meta.url).pathname;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LAUREL_PUBLIC_URL: base, LAUREL_DATA_DIR: bench.dataDir, LAUREL_DATABASE_URL: bench.url, LAUREL_MASTER_KEY: masterKey, LAUREL_LOG_LEVEL: 'warn' };
  // The bin file itself, as an installed `laurel` runs (its #! line passes node's heap flag).
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (child.exitCode !== null || i > 600) throw new Error('laurel serve did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const rss = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  };
  const get = async (url: string, cookie?: string) => {
    const res = await fetch(base + url, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
    return { statusCode: res.status, body: await res.text() };
  };
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  return { rss, get, stop };
}
