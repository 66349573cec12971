// The compiled start-up: the lazy command table, the prepare build (scripts/build.mjs) and its
// staleness check, and the built app run by plain `node` with no loader — a process of its own, since
// running without tsx is the point.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, isBuildFresh, rewriteImports } from '../../../scripts/build.mjs';
import { COMMANDS } from '../src/cli/main.ts';
import { TEST_MASTER_KEY } from './helpers/app.ts';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the lazy command table', () => {
  it('lists each command with the description its module declares', async () => {
    expect(Object.keys(COMMANDS).length).toBeGreaterThanOrEqual(13);
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const cmd = await entry.load();
      expect(cmd.description, name).toBe(entry.description);
      expect(cmd.usage, name).toContain(`laurel ${name}`);
    }
  });
});

describe('the build staleness check', () => {
  let tree: string;
  beforeAll(() => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-build-'));
    fs.mkdirSync(path.join(tree, 'src/sub'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'src/a.ts'), "import { b } from './sub/b.ts';\nimport data from './d.json' with { type: 'json' };\nexport const a: number = b + data.n;\n");
    fs.writeFileSync(path.join(tree, 'src/sub/b.ts'), 'export const b: number = 1;\n');
    fs.writeFileSync(path.join(tree, 'src/d.json'), '{ "n": 41 }\n');
  });
  afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

  it('builds a tree plain node runs, and calls it stale once a source changes, appears or goes', async () => {
    const out = path.join(tree, 'dist');
    expect(isBuildFresh(tree, out, ['src'])).toBe(false);
    await build(tree, out, ['src']);
    expect(isBuildFresh(tree, out, ['src'])).toBe(true);
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(path.join(out, 'src/a.js')).href)}); console.log(m.a)`]);
    expect(stdout.trim()).toBe('42');

    fs.appendFileSync(path.join(tree, 'src/sub/b.ts'), '// edited\n');
    expect(isBuildFresh(tree, out, ['src'])).toBe(false);
    await build(tree, out, ['src']);
    expect(isBuildFresh(tree, out, ['src'])).toBe(true);
    fs.writeFileSync(path.join(tree, 'src/c.ts'), 'export {};\n');
    expect(isBuildFresh(tree, out, ['src'])).toBe(false);
    fs.rmSync(path.join(tree, 'src/c.ts'));
    expect(isBuildFresh(tree, out, ['src'])).toBe(true);
    fs.rmSync(path.join(tree, 'src/sub/b.ts'));
    expect(isBuildFresh(tree, out, ['src'])).toBe(false);
  });

  it('rewrites TypeScript, JSON and workspace-package imports, and leaves the rest', () => {
    const code = 'import { x } from "./x.ts";\nexport * from "../y.tsx";\nimport "./z.ts";\nconst q = await import("./q.ts");\nimport j from "./j.json";\nimport { c } from "@laurel/credentials";\nimport f from "fastify";\nimport p from "node:path";\nconst s = "./not-an-import.ts";\n';
    expect(rewriteImports(code, 'packages/server/src/app/m.js')).toBe(
      'import { x } from "./x.js";\nexport * from "../y.js";\nimport "./z.js";\nconst q = await import("./q.js");\nimport j from "./j.json.js";\nimport { c } from "../../../credentials/src/index.js";\nimport f from "fastify";\nimport p from "node:path";\nconst s = "./not-an-import.ts";\n',
    );
  });
});

describe('the built app under plain node', () => {
  // A build of its own, inside node_modules so the app's dependencies resolve from it as from dist/.
  const out = path.join(root, 'node_modules/.cache', `laurel-build-test-${process.pid}`);
  let data: string;
  const prelude = (args: string[]) =>
    `await import(${JSON.stringify(pathToFileURL(path.join(out, 'packages/credentials/src/issue/share-contexts-now.js')).href)});` +
    `const { main } = await import(${JSON.stringify(pathToFileURL(path.join(out, 'packages/server/src/cli/main.js')).href)});` +
    `process.exitCode = await main(${JSON.stringify(args)});`;
  beforeAll(async () => {
    await build(root, out);
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-built-'));
  }, 120_000);
  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('holds the compiled modules and the assets beside them, and is a build of the current sources', () => {
    expect(isBuildFresh(root, out)).toBe(true);
    for (const f of ['packages/server/src/cli/main.js', 'packages/server/src/jobs/sign-worker.mjs', 'packages/server/src/web/assets/laurel.css', 'packages/server/src/http/ob3/ob3-openapi.json', 'packages/credentials/src/contexts/ob3/context.json.js']) {
      expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    }
    expect(fs.readFileSync(path.join(out, 'packages/server/src/jobs/sign-worker.mjs'), 'utf8')).not.toContain('tsx');
  });

  it('prints the help, loads the signing thread entry, and serves /healthz, all without tsx', async () => {
    const help = await run(process.execPath, ['--input-type=module', '-e', prelude(['--help'])]);
    expect(help.stdout).toContain('Usage: laurel <command> [options]');
    expect(help.stdout).toContain('inventory rebuild');
    const worker = await run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(path.join(out, 'packages/server/src/jobs/sign-worker.mjs')).href)}); console.log(typeof m.default)`]);
    expect(worker.stdout.trim()).toBe('function');

    const env = { ...process.env, LAUREL_DATA_DIR: data, LAUREL_MASTER_KEY: TEST_MASTER_KEY.toString('base64'), LAUREL_LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', LAUREL_SIGNING_THREADS: '0', NODE_OPTIONS: '' };
    const child = spawn(process.execPath, ['--input-type=module', '-e', prelude(['serve'])], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      // The banner is several writes: wait for its last line, not only the address.
      for (let i = 0; i < 600 && !/Press Ctrl\+C to stop/.test(stdout) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      const port = /localhost:(\d+)/.exec(stdout)?.[1];
      expect(port, `${stdout}\n${stderr}`).toBeDefined();
      expect(stdout).toContain('Demo sign-ins');
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(stderr).not.toMatch(/ExperimentalWarning|Error/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 90_000);
});
