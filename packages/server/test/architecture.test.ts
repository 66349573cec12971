// The layer rule (.dependency-cruiser.cjs, docs/ARCHITECTURE.md "Layers") and the size rule, checked on
// every `npm test`: a page that reaches into storage, an import circle, a file over 400 lines or a
// function over 120 lines fails here, with the offending path named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const rules = require(path.join(root, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };

interface CruiseViolation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruiseViolations(baseDir: string, paths: string[]): Promise<CruiseViolation[]> {
  const { cruise } = await import('dependency-cruiser');
  const cwd = process.cwd();
  process.chdir(baseDir);
  try {
    const result = await cruise(paths, { ...rules.options, validate: true, ruleSet: { forbidden: rules.forbidden } } as never);
    const output = result.output as { summary: { violations: CruiseViolation[] } };
    return output.summary.violations;
  } finally {
    process.chdir(cwd);
  }
}

function describeViolations(vs: CruiseViolation[]): string[] {
  return vs.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('the layer rule', () => {
  it('holds on the whole code base (0 violations)', async () => {
    const vs = await cruiseViolations(root, ['packages/server/src', 'packages/credentials/src']);
    expect(describeViolations(vs)).toEqual([]);
  });

  it('fails on a deliberate violation: a page importing a repository, and an import circle', async () => {
    // A throwaway copy of the layout with two offending files, cruised with the same rules.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-layers-'));
    try {
      const src = path.join(dir, 'packages/server/src');
      for (const d of ['web/routes', 'storage/repositories', 'domain/a']) fs.mkdirSync(path.join(src, d), { recursive: true });
      fs.writeFileSync(path.join(src, 'storage/repositories/users.ts'), 'export const usersRepo = () => 1;\n');
      fs.writeFileSync(path.join(src, 'web/routes/users.ts'), "import { usersRepo } from '../../storage/repositories/users.ts';\nexport const page = usersRepo;\n");
      fs.writeFileSync(path.join(src, 'domain/a/one.ts'), "import { two } from './two.ts';\nexport const one = () => two;\n");
      fs.writeFileSync(path.join(src, 'domain/a/two.ts'), "import { one } from './one.ts';\nexport const two = () => one;\n");
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true } }));
      const names = describeViolations(await cruiseViolations(dir, ['packages/server/src'])).sort();
      expect(names).toContain('one-door-to-storage: packages/server/src/web/routes/users.ts → packages/server/src/storage/repositories/users.ts');
      expect(names.filter((n) => n.startsWith('no-circular:')).length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- Size: no source file over 400 lines, no function over 120 (migrations and bundled data aside). ----

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 120;
/** Not code a person reads as logic: schema migrations and bundled data. */
const SIZE_EXEMPT = [/\/storage\/migrations\//, /\/contexts\/bundled\//, /\/fixtures\//, /\.json$/, /\/seed\/demo-programs\.ts$/];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function longFunctions(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) {
        const name = (node as ts.FunctionLikeDeclaration).name?.getText(sf) ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(sf) : ts.isPropertyAssignment(node.parent) ? node.parent.name.getText(sf) : '(anonymous)');
        found.push(`${path.relative(root, file)}:${start + 1} ${name} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const SOURCE_DIRS = ['packages/server/src', 'packages/server/bin', 'packages/credentials/src'].map((d) => path.join(root, d));
const files = SOURCE_DIRS.flatMap((d) => sourceFiles(d)).filter((f) => !SIZE_EXEMPT.some((re) => re.test(f)));

describe('the size rule', () => {
  it(`has no source file over ${MAX_FILE_LINES} lines`, () => {
    const long = files.map((f) => ({ f: path.relative(root, f), n: fs.readFileSync(f, 'utf8').split('\n').length })).filter((x) => x.n > MAX_FILE_LINES);
    expect(long.map((x) => `${x.f} (${x.n} lines)`)).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(files.flatMap(longFunctions)).toEqual([]);
  });
});
