// Throughput of the public badge page (verification results cached) and of POST /api/v1/verify, on a
// real `laurel serve` (SQLite, fresh data dir, demo data), driven by wrk over loopback — once with
// LAUREL_WORKERS=1 (reference) and once with LAUREL_WORKERS=2 (the target: ≥ 1,000 req/s). Same-run
// references: GET /healthz req/s on the same server, and a raw node:crypto Ed25519 verify per CPU second.
// The in-process cost is the CPU time of the server's process tree (supervisor + workers, from
// /proc) during the verify run, divided by the requests served.
//   npx tsx bench/verify/run.ts        (needs wrk: apt-get install -y wrk; Linux for /proc)
//   DURATION=20s WORKERS=1,2 npx tsx bench/verify/run.ts
//   PROFILE=/tmp/prof WORKERS=1 npx tsx bench/verify/run.ts   (a --cpu-prof of the server, written at its exit)
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../e2e/support/server.ts';
import { issueDemoBadge } from '../../e2e/support/session.ts';
import { wrk as runWrk } from '../wrk.ts';

const DURATION = process.env.DURATION ?? '10s';
const SECONDS = Number.parseFloat(DURATION) * (DURATION.endsWith('m') ? 60 : 1);
const WORKERS = (process.env.WORKERS ?? '1,2').split(',').map(Number);
const TARGET_RPS = 1000;

const wrk = (args: string[]) => runWrk(args, { duration: DURATION });
const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds (user + system) used so far by `root` and every descendant of it. */
function treeCpu(root: number): number {
  const procs = new Map<number, { ppid: number; cpu: number }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
      procs.set(Number(name), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / ticks });
    } catch {
      // gone
    }
  }
  let total = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    total += procs.get(pid)?.cpu ?? 0;
    for (const [child, p] of procs) if (p.ppid === pid) todo.push(child);
  }
  return total;
}

/** Raw node:crypto Ed25519 verifications per CPU second of this process (median of 3 rounds). */
function rawEd25519PerCpuSecond(): number {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const data = crypto.randomBytes(64);
  const sig = crypto.sign(null, data, privateKey);
  const rounds: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = process.cpuUsage();
    let n = 0;
    for (; n < 3000; n++) if (!crypto.verify(null, data, publicKey, sig)) throw new Error('raw verify failed');
    const used = process.cpuUsage(start);
    rounds.push(n / ((used.user + used.system) / 1e6));
  }
  return rounds.sort((a, b) => a - b)[1]!;
}

async function runOne(workers: number) {
  const server = await startServer({ LAUREL_WORKERS: String(workers), LAUREL_SIGNING_THREADS: '0', LAUREL_LOG_LEVEL: 'error', LAUREL_SIGN_IN_RATE_LIMIT: '1000', LAUREL_VERIFY_RATE_LIMIT: '100000' }, process.env.PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE}`] } : {});
  try {
    const { awardId, credential, cookie } = await issueDemoBadge(server.url, { email: 'bench@example.com', firstName: 'Bench', lastName: 'Mark' });
    const lua = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-bench-')), 'verify.lua');
    fs.writeFileSync(lua, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(JSON.stringify({ credential: JSON.parse(credential) }))}\n`);
    const res = await fetch(`${server.url}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential: JSON.parse(credential) }) });
    const outcome = ((await res.json()) as { outcome?: string }).outcome;
    if (outcome !== 'verified') throw new Error(`the bench badge does not verify: ${outcome}`);
    const healthz = wrk([`${server.url}/healthz`]);
    const page = workers === 1 ? wrk(['-H', `Cookie: ${cookie}`, `${server.url}/badges/${awardId}`]) : undefined;
    const cpuBefore = treeCpu(server.pid);
    const api = wrk(['-s', lua, `${server.url}/api/v1/verify`]);
    const cpu = treeCpu(server.pid) - cpuBefore;
    const cpuMsPerVerify = (cpu * 1000) / (api.rps * SECONDS);
    return { workers, healthz, badgePage: page, verifyApi: api, verifyVsHealthz: api.rps / healthz.rps, cpuMsPerRequest: cpuMsPerVerify };
  } finally {
    await server.stop();
  }
}

const raw = rawEd25519PerCpuSecond();
const runs = [];
for (const w of WORKERS) runs.push(await runOne(w));
const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(JSON.stringify({ machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model}, Node ${process.version}`, loadAverage: load, duration: DURATION, rawEd25519VerifyPerCpuSecond: Math.round(raw), runs }, null, 2));
console.log(`\nPOST /api/v1/verify (an endorsed badge: 2 credentials per request), load average ${load}`);
console.log('workers | healthz req/s | verify req/s | p50 / p99 | CPU ms per request | per credential vs raw Ed25519 verify | ≥ 1,000 req/s');
for (const r of runs) {
  const perCredential = r.cpuMsPerRequest / 2;
  const ratio = 1000 / perCredential / raw;
  const met = r.workers === 2 ? (r.verifyApi.rps >= TARGET_RPS ? 'MET' : 'not met') : '(reference)';
  console.log(`${r.workers} | ${r.healthz.rps.toFixed(0)} | ${r.verifyApi.rps.toFixed(0)} | ${r.verifyApi.p50} / ${r.verifyApi.p99} | ${r.cpuMsPerRequest.toFixed(2)} | 1/${(1 / ratio).toFixed(1)} | ${met}`);
}
