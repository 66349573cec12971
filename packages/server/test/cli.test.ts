// The `laurel` command: its commands run in-process through main() (same arguments, output, exit codes
// and one-line errors as the real binary, without starting a process per command), and the real
// binary where the process is the point: its exit codes and one-line errors, and `laurel serve`.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { format, promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAchievement, buildOpenBadgeCredential, buildProfile, createSigner, generateEd25519Key, signDataIntegrity } from '@laurel/credentials';
import { main } from '../src/cli/main.ts';
import { TEST_MASTER_KEY } from './helpers/app.ts';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/laurel.js');

describe('laurel CLI', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-cli-'));
    env = { ...process.env, LAUREL_DATA_DIR: dir, LAUREL_MASTER_KEY: TEST_MASTER_KEY.toString('base64'), LAUREL_LOG_LEVEL: 'silent' };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** `laurel ...args` in this process: what it writes (console output included, as a process would show it) and its exit code. */
  async function laurel(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const console_ = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    console.log = console.info = (...a: unknown[]) => void (stdout += `${format(...a)}\n`);
    console.warn = console.error = (...a: unknown[]) => void (stderr += `${format(...a)}\n`);
    try {
      const code = await main(args, {
        env,
        stdin: Readable.from([]),
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
      });
      return { code, stdout, stderr };
    } finally {
      Object.assign(console, console_);
    }
  }

  /** The real binary: a process of its own, with its exit code. */
  async function laurelProcess(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const r = await run(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, timeout: 60_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('prints help for the whole command and for each command', async () => {
    const all = await laurel('--help');
    expect(all.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed', 'institution add', 'user add', 'token create', 'keys rotate', 'keys list', 'verify', 'bake', 'issue']) expect(all.stdout).toContain(c);
    const one = await laurel('user', 'add', '--help');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('laurel user add --email EMAIL --password PASSWORD --role ROLE [--org SLUG]');
  });

  it('migrates, adds an institution and a user, and creates a token', async () => {
    expect((await laurel('migrate')).stdout).toContain('applied 20261128_0001_foundation');
    expect((await laurel('migrate')).stdout).toContain('up to date');
    const inst = await laurel('institution', 'add', '--name', 'Eastern Tech', '--slug', 'eastern-tech', '--type', 'technical_college');
    expect(inst).toMatchObject({ code: 0 });
    expect(inst.stdout).toContain('Added Eastern Tech (eastern-tech).');
    const user = await laurel('user', 'add', '--email', 'Issuer@EasternTech.example.edu', '--password', 'long-enough-pass', '--role', 'issuer', '--org', 'eastern-tech');
    expect(user.stdout).toContain('Added issuer@easterntech.example.edu as issuer at eastern-tech.');
    const token = await laurel('token', 'create', '--user', 'issuer@easterntech.example.edu', '--name', 'sync');
    expect(token.stdout.trim()).toMatch(/^lrl_[A-Za-z0-9_-]{43}$/);
  });

  it('fails with a one-line reason and a non-zero exit code', async () => {
    const cases: [string[], RegExp][] = [
      [['institution', 'add', '--name', 'Eastern Tech Again', '--slug', 'eastern-tech'], /already exists/],
      [['user', 'add', '--email', 'not-an-email', '--password', 'long-enough-pass', '--role', 'issuer', '--org', 'eastern-tech'], /email: Enter an email address/],
      [['user', 'add', '--email', 'a@b.edu', '--password', 'long-enough-pass', '--role', 'wizard'], /role: Choose a role/],
      [['user', 'add', '--email', 'a@b.edu', '--password', 'long-enough-pass', '--role', 'issuer', '--org', 'nowhere'], /No organization has the slug "nowhere"/],
      [['user', 'add', '--email', 'a@b.edu'], /--password is required/],
      [['frobnicate'], /unknown command/],
      [['seed'], /--demo/],
    ];
    for (const [args, message] of cases) {
      const r = await laurel(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('as a real process: stops on a bad configuration value, naming it, and rejects an unknown command', async () => {
    const [badConfig, unknown] = await Promise.all([laurelProcess(['migrate'], { PORT: 'abc' }), laurelProcess(['frobnicate'])]);
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain('PORT: must be a whole number');
    expect(badConfig.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('laurel: unknown command "frobnicate". Run laurel --help.');
  }, 90_000);

  it('seeds the demo data on demand, idempotently', async () => {
    const first = await laurel('seed', '--demo');
    expect(first.stdout).toMatch(/Added \d+ demo records/);
    expect(first.stdout).toContain('admin@regents.example.org');
    expect((await laurel('seed', '--demo')).stdout).toContain('Demo data was already present.');
  });

  it('creates institution tokens and rotates and lists signing keys', async () => {
    const token = await laurel('token', 'create', '--org', 'eastern-tech', '--name', 'registrar');
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^lrl_[A-Za-z0-9_-]{43}$/);
    const both = await laurel('token', 'create', '--org', 'eastern-tech', '--user', 'a@b.edu', '--name', 'x');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --user EMAIL or --org SLUG/);
    const rotated = await laurel('keys', 'rotate', '--org', 'eastern-tech');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('did:web:localhost%3A3000:orgs:eastern-tech#key-2');
    const list = await laurel('keys', 'list', '--org', 'eastern-tech');
    expect(list.stdout).toMatch(/#key-1 +retired/);
    expect(list.stdout).toMatch(/#key-2 +signing/);
    expect(list.stdout).toMatch(/#key-2-rs256 +\(VC-JWT RS256/);
    expect(list.stdout).toMatch(/#key-2-es256 +\(VC-JWT ES256/);
    expect(list.stdout).not.toMatch(/secret/i);
    const missing = await laurel('keys', 'rotate', '--org', 'nowhere');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('serves from several app processes with LAUREL_WORKERS, replaces one that dies, and stops them all', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-workers-'));
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...env, LAUREL_DATA_DIR: data, LAUREL_WORKERS: '2', PORT: '0', HOST: '127.0.0.1', LAUREL_SIGNING_THREADS: '0' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const until = async (cond: () => boolean, what: string) => {
      for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 100));
      if (!cond()) throw new Error(`timed out waiting for ${what}\n${out}\n${err}`);
    };
    // The primary's app processes: its node children (run from TypeScript, tsx also gives the primary an esbuild child).
    const workers = () =>
      execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(child.pid)], { encoding: 'utf8' })
        .split('\n')
        .map((x) => x.trim().split(/\s+/))
        .filter(([pid, comm]) => pid && comm !== 'esbuild')
        .map(([pid]) => pid!);
    try {
      await until(() => /Laurel is running at http:\/\/localhost:\d+ .*2 app processes\)/.test(out), 'the banner');
      expect(out).toContain('Demo sign-ins (password: laurel-demo-2026)');
      expect(out.match(/Laurel is running/g)).toHaveLength(1);
      const port = /localhost:(\d+)/.exec(out)![1];
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const before = workers();
      expect(before).toHaveLength(2);

      process.kill(Number(before[0]), 'SIGKILL');
      await until(() => /exited \(signal SIGKILL\); starting another/.test(err), 'the restart');
      await until(() => workers().length === 2 && !workers().includes(before[0]!), 'a new app process');
      for (let i = 0; i < 4; i++) expect((await fetch(`http://127.0.0.1:${port}/inventory`)).status).toBe(200);

      const now = workers();
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      for (const pid of now) expect(() => process.kill(Number(pid), 0), `process ${pid} still running`).toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(data, { recursive: true, force: true, maxRetries: 5 });
    }
  }, 90_000);

  it('verifies a badge file from any issuer, and bakes one into an image', async () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 7);
    const pk = (await generateEd25519Key({ controller: 'did:key:placeholder', seed })).publicKeyMultibase;
    const did = `did:key:${pk}`;
    const key = await generateEd25519Key({ controller: did, id: `${did}#${pk}`, seed });
    const credential = await signDataIntegrity({
      credential: buildOpenBadgeCredential({
        id: 'urn:uuid:5e0d0000-0000-4000-8000-0000000000c1',
        issuer: buildProfile({ id: did, name: 'Elsewhere College' }),
        achievement: buildAchievement({ id: 'https://elsewhere.example.edu/badges/1', name: 'Welding I', description: 'Basic welding.', criteria: { narrative: 'Pass the bench test.' } }),
        recipient: { email: 'sam@example.com' },
        validFrom: '2026-01-01T00:00:00Z',
      }),
      signer: await createSigner(key),
    });
    const json = path.join(dir, 'badge.json');
    fs.writeFileSync(json, JSON.stringify(credential));

    const ok = await laurel('verify', json);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('This badge is genuine and current, but its issuer is not in this state’s registry.');
    expect(ok.stdout).toMatch(/Passed +Signature\. Data Integrity eddsa-rdfc-2022 signature/);
    expect(ok.stdout).toMatch(/Failed +Issuer is an institution of the state registry\./);
    const asJson = await laurel('verify', json, '--json');
    expect(JSON.parse(asJson.stdout)).toMatchObject({ verified: true, issuer: { id: did, known: false } });

    const tampered = structuredClone(credential) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = 'Welding II';
    fs.writeFileSync(path.join(dir, 'tampered.json'), JSON.stringify(tampered));
    const bad = await laurel('verify', path.join(dir, 'tampered.json'));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('This badge did not verify.');
    expect(bad.stdout).toMatch(/Failed +Signature\./);

    const png = path.join(dir, 'art.png');
    fs.writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    const baked = await laurel('bake', json, png, '--out', path.join(dir, 'baked.png'));
    expect(baked.code, baked.stderr).toBe(0);
    expect(baked.stdout).toMatch(/^Wrote .*baked\.png \(PNG, \d+ bytes\) with the credential baked in\./);
    const fromImage = await laurel('verify', path.join(dir, 'baked.png'));
    expect(fromImage.code, fromImage.stdout).toBe(0);
    expect(fromImage.stdout).toMatch(/Passed +Readable badge\. OpenBadgeCredential .*png/);

    for (const [args, message] of [
      [['verify'], /give a FILE or --url/],
      [['verify', path.join(dir, 'nope.json')], /cannot read ".*nope\.json": no such file/],
      [['bake', json, json, '--out', path.join(dir, 'x.png')], /is not a PNG or SVG image/],
      [['bake', png, png, '--out', path.join(dir, 'x.png')], /is neither a credential's JSON nor a compact JWT/],
      [['bake', json, png], /--out is required/],
    ] as [string[], RegExp][]) {
      const r = await laurel(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('issues badges in bulk from a CSV file, listing the rows it cannot issue', async () => {
    // The demo institutions and users (idempotent: an earlier test of this file may have seeded them).
    expect((await laurel('seed', '--demo')).code).toBe(0);
    const classes = execFileSync(process.execPath, ['-e', `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(path.join(dir, 'laurel.db'))}, { readonly: true });
      const row = db.prepare("SELECT b.id FROM badge_classes b JOIN organizations o ON o.id = b.organization_id JOIN programs p ON p.id = b.program_id WHERE o.slug = 'red-river' AND p.status = 'active' LIMIT 1").get();
      process.stdout.write(row.id);
    `], { encoding: 'utf8', cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..') });
    const csvFile = path.join(dir, 'cohort.csv');
    fs.writeFileSync(csvFile, 'recipient_email,first_name,last_name\nana@example.com,Ana,Ng\nnot-an-email,Bo,Li\nchris@example.com,Chris,Ode\n');

    const dry = await laurel('issue', '--badge-class', classes, '--csv', csvFile, '--as', 'issuer@redriver.example.edu', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('3 rows: 2 ready to issue, 1 with errors.');
    expect(dry.stdout).toContain("row 3 cannot be issued: Enter an email address");
    expect(dry.stdout).toContain('Dry run: nothing issued.');

    const run = await laurel('issue', '--badge-class', classes, '--csv', csvFile, '--as', 'issuer@redriver.example.edu', '--no-email');
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('Done: 2 issued, 0 failed, 1 not issued (errors above).');
    // The same file again meets the duplicate rule: nothing issued twice.
    const again = await laurel('issue', '--badge-class', classes, '--csv', csvFile, '--as', 'issuer@redriver.example.edu', '--no-email');
    expect(again.code, `${again.stdout}\n${again.stderr}`).toBe(2);
    expect(again.stdout).toContain('3 rows: 0 ready to issue, 3 with errors.');
    expect(again.stdout).toMatch(/row 2 cannot be issued: .*already/i);
    expect(again.stderr.trim()).toBe('laurel issue: no row of this file can be issued: correct the file and run again');

    const nobody = await laurel('issue', '--badge-class', classes, '--csv', csvFile, '--as', 'nobody@example.com');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr.trim()).toBe('laurel issue: no active user has the email "nobody@example.com"');
    const student = await laurel('issue', '--badge-class', classes, '--csv', csvFile, '--as', 'student@example.com');
    expect(student.code).toBe(1);
    expect(student.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
