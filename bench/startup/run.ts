// Start-up (issue #18, target 1): in one run, the median wall time of `node -e 0` (the reference),
// `laurel --help`, and `laurel serve` from spawn to the first 200 from /healthz on a fresh data dir
// (migrations and demo data) and on an existing one (SQLite). Builds dist/ first if it is stale, so
// bin/laurel.js runs the compiled JavaScript; TS=1 measures the tsx fallback instead.
// Env: ROUNDS (default 5). Prints one table and whether each target holds.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, isBuildFresh } from '../../scripts/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'packages/server/bin/laurel.js');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TS = process.env.TS === '1';
const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeRun(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, LAUREL_TYPESCRIPT: TS ? '1' : '0' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

/** Spawns `laurel serve` on `dataDir` and polls /healthz every 10 ms: ms from spawn to the first 200. */
async function timeServe(dataDir: string, port: number): Promise<number> {
  // One public URL for every run whatever the port: the Regents' DID derives from it, and `serve` re-signs
  // every endorsement signed under another URL at start-up (a first start on a moved installation).
  const env = { ...process.env, LAUREL_TYPESCRIPT: TS ? '1' : '0', LAUREL_PUBLIC_URL: 'http://localhost:4700', LAUREL_DATA_DIR: dataDir, LAUREL_MASTER_KEY: MASTER_KEY, PORT: String(port), HOST: '127.0.0.1', LAUREL_LOG_LEVEL: 'silent' };
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`laurel serve exited ${child.exitCode}: ${err}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 120_000) throw new Error(`no /healthz after 120 s: ${err}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
  }
}

if (!TS && !isBuildFresh()) {
  console.log('dist/ is stale or missing: building…');
  await build();
}

const nodeMs: number[] = [];
const helpMs: number[] = [];
const freshMs: number[] = [];
const existingMs: number[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-startup-'));
try {
  const existing = path.join(tmp, 'existing');
  await timeServe(existing, 4700); // creates it: migrations and demo data, once
  for (let i = 0; i < ROUNDS; i++) {
    nodeMs.push(timeRun(['-e', '0']));
    helpMs.push(timeRun([bin, '--help']));
    freshMs.push(await timeServe(path.join(tmp, `fresh-${i}`), 4701));
    existingMs.push(await timeServe(existing, 4702));
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const node0 = median(nodeMs);
const rows: [string, number, string, boolean][] = [
  ['node -e 0 (reference)', node0, '', true],
  ['laurel --help', median(helpMs), `≤ 6× node -e 0 (${(median(helpMs) / node0).toFixed(1)}×)`, median(helpMs) <= 6 * node0],
  ['serve → /healthz, existing db', median(existingMs), '≤ 1500 ms', median(existingMs) <= 1500],
  ['serve → /healthz, fresh db', median(freshMs), '≤ 3000 ms', median(freshMs) <= 3000],
];
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`\nstart-up, ${TS ? 'TypeScript via tsx (TS=1)' : 'built JavaScript (dist/)'}; median of ${ROUNDS} rounds; Node ${process.version}; ${os.cpus().length} cores; load average ${load}\n`);
console.log(`${'what'.padEnd(32)} ${'median ms'.padStart(10)}  target`);
for (const [what, ms, target, ok] of rows) console.log(`${what.padEnd(32)} ${ms.toFixed(0).padStart(10)}  ${target}${target ? (ok ? '  met' : '  NOT met') : ''}`);
