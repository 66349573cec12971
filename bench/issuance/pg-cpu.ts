// CPU time of the PostgreSQL backends serving this run's database (the server shares the machine's
// cores with the app): each backend's utime + stime from /proc, from when it is first seen. Sampled
// while the job runs, since pooled connections come and go. Linux only; approximate (a backend's CPU
// before its first sample is not counted, and the server's own writers are not either).
import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';

const TICKS = 100; // USER_HZ on Linux

function ticks(pid: number): number | undefined {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return undefined;
  }
}

export async function backendCpuSampler(db: Kysely<any>): Promise<{ sample(): Promise<void>; total(): Promise<number> }> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async () => {
    const r = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
    for (const { pid } of r.rows) {
      const t = ticks(pid);
      if (t === undefined) continue;
      if (!first.has(pid)) first.set(pid, t);
      last.set(pid, t);
    }
  };
  await sample();
  return {
    sample,
    async total() {
      await sample();
      let sum = 0;
      for (const [pid, t] of last) sum += t - first.get(pid)!;
      return sum / TICKS;
    },
  };
}
