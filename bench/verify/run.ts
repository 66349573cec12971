// Throughput of the public badge page (verification results cached) and of POST /api/v1/verify, on a
// real `laurel serve` (SQLite, fresh data dir, demo data), driven by wrk over loopback.
//   npx tsx bench/verify/run.ts        (needs wrk: apt-get install -y wrk)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../e2e/support/server.ts';
import { issueDemoBadge } from '../../e2e/support/session.ts';
import { wrk as runWrk } from '../wrk.ts';

const DURATION = process.env.DURATION ?? '10s';

const wrk = (args: string[]) => runWrk(args, { duration: DURATION });

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
