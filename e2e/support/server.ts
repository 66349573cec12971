// Starts `laurel serve` as a user would (the real bin, a fresh data dir, demo data) on a free port.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  /** The `laurel serve` process (with LAUREL_WORKERS > 1, the supervisor; its workers are its children). */
  readonly pid: number;
  readonly output: () => string;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL, as a crash would), leaving its data directory in place. */
  kill(): Promise<void>;
  /** Runs another `laurel` command on the same data directory and configuration (as an operator would); its output. */
  cli(args: readonly string[]): Promise<string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `host` names the server in its public URL and for the browser (it always listens on 127.0.0.1):
 * WebAuthn needs "localhost" there, as an IP address is never a valid relying-party id.
 */
export async function startServer(env: Record<string, string> = {}, opts: { host?: 'localhost' | '127.0.0.1'; nodeArgs?: readonly string[] } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-e2e-'));
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  let out = '';
  const bin = path.join(root, 'packages/server/bin/laurel.js');
  const childEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LAUREL_PUBLIC_URL: url, LAUREL_DATA_DIR: dataDir, LAUREL_LOG_LEVEL: 'warn', ...env };
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), bin, 'serve'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // A hang, not a slow start, is what this catches: on a busy two-core machine a start can take 20 s.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`laurel serve exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`laurel serve did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    pid: child.pid!,
    output: () => out,
    async kill() {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
    },
    cli(args) {
      return new Promise((resolve, reject) => {
        execFile(process.execPath, [bin, ...args], { cwd: root, env: childEnv }, (err, stdout, stderr) => (err ? reject(new Error(`laurel ${args[0] ?? ''} failed: ${String(err)}\n${stdout}${stderr}`)) : resolve(stdout)));
      });
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
