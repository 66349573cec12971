// Throughput of the public search page on a real `laurel serve` over a loaded bench database
// (bench/inventory/load.ts), driven by wrk over loopback (apt-get install -y wrk):
//   - varied: 1,000 distinct search URLs (queries.ts: a text term plus two facets, mixed sorts, pages
//     1–3), each wrk thread cycling through them from its own starting point. The result cache is on, as
//     in production, but holds 256 results, so a uniform cycle over 1,000 URLs almost never hits it:
//     every request is a full search;
//   - one search URL repeated (served from the result cache after the first request);
//   - the landing page /inventory (no text; cached likewise).
// Env: the bench database's LAUREL_DATA_DIR / LAUREL_DATABASE_URL, DURATION (default 15s), CONNECTIONS
// (default 16), BENCH_WORKERS=N to run N app processes sharing the port (LAUREL_WORKERS); or BENCH_URL to drive a server already
// running (e.g. one started under a profiler); BENCH_ONLY=varied,single,landing to run some of them.
//   LAUREL_DATA_DIR=/tmp/bench-sq npx tsx bench/inventory/http.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../e2e/support/server.ts';
import { benchQueries, searchUrl } from './queries.ts';
import { wrk as runWrk } from '../wrk.ts';

const DURATION = process.env.DURATION ?? '15s';
const CONNECTIONS = process.env.CONNECTIONS ?? '16';

const wrk = (args: string[]) => runWrk(args, { duration: DURATION, connections: CONNECTIONS });

async function start(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.BENCH_URL) return { url: process.env.BENCH_URL, stop: async () => undefined };
  const dataDir = process.env.LAUREL_DATA_DIR;
  if (!dataDir) throw new Error('set LAUREL_DATA_DIR (and LAUREL_DATABASE_URL for PostgreSQL) to the bench database');
  const env: Record<string, string> = { LAUREL_DATA_DIR: dataDir, LAUREL_SEED_DEMO: 'false', LAUREL_LOG_LEVEL: 'warn' };
  if (process.env.LAUREL_DATABASE_URL) env.LAUREL_DATABASE_URL = process.env.LAUREL_DATABASE_URL;
  // LAUREL_WORKERS: `laurel serve` runs that many app processes on the port (node:cluster); wait until
  // every one is listening (the banner is printed then).
  if (process.env.BENCH_WORKERS) env.LAUREL_WORKERS = process.env.BENCH_WORKERS;
  const server = await startServer(env);
  for (let i = 0; !server.output().includes('Laurel is running'); i++) {
    if (i > 600) throw new Error(`laurel serve did not start every app process:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}
const server = await start();
try {
  const urls = benchQueries(1000).map(searchUrl);
  const lua = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-bench-')), 'varied.lua');
  fs.writeFileSync(
    lua,
    `local paths = {\n${urls.map((u) => `  ${JSON.stringify(u)},`).join('\n')}\n}
local threads = 0
function setup(thread)
  thread:set("offset", threads * 500)
  threads = threads + 1
end
local i = nil
function request()
  if i == nil then i = offset end
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
`,
  );
  // Warm-up: the facet table loads on each process's first search, and the JIT settles.
  await Promise.all([0, 1, 2, 3].map(async (k) => {
    for (const u of urls.slice(k * 50, k * 50 + 50)) await (await fetch(`${server.url}${u}`)).text();
  }));
  const only = process.env.BENCH_ONLY?.split(',');
  const run = (name: string, args: string[]) => (!only || only.includes(name) ? wrk(args) : null);
  const varied = run('varied', ['-s', lua, server.url]);
  const single = run('single', [`${server.url}/inventory?q=nursing&endorsement=endorsed`]);
  const landing = run('landing', [`${server.url}/inventory`]);
  console.log(
    JSON.stringify(
      {
        machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model}, Node ${process.version}`,
        database: process.env.LAUREL_DATABASE_URL ? 'postgres' : 'sqlite',
        workers: process.env.BENCH_WORKERS || '1',
        duration: DURATION,
        connections: CONNECTIONS,
        varied,
        single,
        landing,
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
}
