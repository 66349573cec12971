// `npm test`: the typecheck and the test suite side by side (tsc keeps one core busy for most of a minute
// while the suite's two workers often wait on PostgreSQL). The typecheck's output is printed when it ends,
// so it never interleaves with the suite's; `npm test` fails if either does. Arguments go to vitest.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/lib/tsc.js');
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;

function run(args, { buffer }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (buffer) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

const [types, suite] = await Promise.all([run([tsc, '-p', 'tsconfig.json'], { buffer: true }), run([vitest, 'run', ...process.argv.slice(2)], { buffer: false })]);
if (types.code !== 0) {
  process.stdout.write(`\nThe typecheck (tsc -p tsconfig.json) failed:\n${types.out}`);
} else {
  process.stdout.write('\nTypecheck: no errors (tsc -p tsconfig.json).\n');
}
process.exit(types.code !== 0 ? types.code : suite.code);
