// wrk over loopback, parsed: requests/s and the latency percentiles (apt-get install -y wrk).
import { execFileSync } from 'node:child_process';

export interface WrkResult {
  readonly rps: number;
  readonly p50: string;
  readonly p99: string;
}

/** Runs `wrk -t2 -c<connections> -d<duration> --latency …args`; any non-2xx/3xx response is an error. */
export function wrk(args: string[], opts: { duration: string; connections?: string | number }): WrkResult {
  const out = execFileSync('wrk', ['-t2', `-c${opts.connections ?? 16}`, `-d${opts.duration}`, '--latency', ...args], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50 = /50%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const p99 = /99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (non2xx) throw new Error(`wrk saw ${non2xx} error responses:\n${out}`);
  return { rps, p50, p99 };
}
