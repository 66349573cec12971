// One app node: `laurel serve` run inside its network namespace (`ip netns exec`, which execs the
// command, so the pid is the node's own and SIGKILL reaches it directly), listening on the namespace's
// address. Ready when /readyz answers over the bridge.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const NODE_PORT = 3000;

export interface AppNode {
  readonly name: string;
  readonly url: string;
  /** The current process's pid (a restart changes it); job claims are `<host>:<pid>:…`. */
  readonly pid: number;
  readonly output: () => string;
  /** Its own data directory (nothing shared: mail goes by SMTP, uploads and everything else live in the database). */
  readonly dataDir: string;
  /** Starts `laurel serve` again in the same namespace (after kill or stop) and waits until ready. */
  start(): Promise<void>;
  /** SIGKILL, as a crash or a lost machine would. */
  kill(): Promise<void>;
  /** SIGTERM: the node finishes and stops. */
  stop(): Promise<void>;
}

export function appNode(opts: { name: string; netns: string; ip: string; env: Record<string, string> }): AppNode {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `laurel-${opts.name}-`));
  const url = `http://${opts.ip}:${NODE_PORT}`;
  let child: ChildProcess | undefined;
  let out = '';
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;
  const end = async (signal: NodeJS.Signals) => {
    if (exited()) return;
    const gone = new Promise((r) => child!.once('exit', r));
    child!.kill(signal);
    await gone;
  };
  return {
    name: opts.name,
    url,
    get pid() {
      return child?.pid ?? 0;
    },
    output: () => out,
    dataDir,
    async start() {
      if (!exited()) throw new Error(`${opts.name} is already running`);
      const env = { ...process.env, PORT: String(NODE_PORT), HOST: opts.ip, LAUREL_DATA_DIR: dataDir, LAUREL_LOG_LEVEL: 'warn', ...opts.env };
      const bin = path.join(root, 'packages/server/bin/laurel.js');
      out += `--- start ${new Date().toISOString()}\n`;
      const c = spawn('ip', ['netns', 'exec', opts.netns, process.execPath, bin, 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      // A hang, not a slow start, is what this catches: three nodes start on two busy cores.
      const deadline = Date.now() + 180_000;
      for (;;) {
        if (c.exitCode !== null) throw new Error(`${opts.name}: laurel serve exited with ${c.exitCode}:\n${out}`);
        try {
          if ((await fetch(`${url}/readyz`)).ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`${opts.name}: laurel serve did not become ready:\n${out}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    kill: () => end('SIGKILL'),
    async stop() {
      await end('SIGTERM');
    },
  };
}
