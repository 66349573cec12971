// Throughput of the public badge page (verification results cached) and of POST /api/v1/verify, on a
// real `laurel serve` (SQLite, fresh data dir, demo data), driven by wrk over loopback.
//   npx tsx bench/verify/run.ts        (needs wrk: apt-get install -y wrk)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../e2e/support/server.ts';
import { issueDemoBadge } from '../../e2e/support/session.ts';

const DURATION = process.env.DURATION ?? '10s';

function wrk(args: string[]): { rps: number; p50: string; p99: string } {
  const out = execFileSync('wrk', ['-t2', '-c16', `-d${DURATION}`, '--latency', ...args], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50 = /50%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const p99 = /99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (non2xx) throw new Error(`wrk saw ${non2xx} error responses:\n${out}`);
  return { rps, p50, p99 };
}

const server = await startServer({ LAUREL_SIGNING_THREADS: '0', LAUREL_LOG_LEVEL: 'error', LAUREL_SIGN_IN_RATE_LIMIT: '1000' });
try {
  const { awardId, credential, cookie } = await issueDemoBadge(server.url, { email: 'bench@example.com', firstName: 'Bench', lastName: 'Mark' });

  const page = wrk(['-H', `Cookie: ${cookie}`, `${server.url}/badges/${awardId}`]);
  const lua = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-bench-')), 'verify.lua');
  fs.writeFileSync(lua, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(JSON.stringify({ credential: JSON.parse(credential) }))}\n`);
  const api = wrk(['-s', lua, `${server.url}/api/v1/verify`]);
  console.log(JSON.stringify({ machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model}, Node ${process.version}`, duration: DURATION, badgePage: page, verifyApi: api }, null, 2));
} finally {
  await server.stop();
}
