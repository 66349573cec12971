// The prepare build (`npm ci` runs it; `npm run build` re-runs it): compiles the TypeScript of the app
// (packages/server/src, packages/credentials/src) file for file into dist/, a parallel tree, so plain
// `node` runs it with no loader and no transpiling at start-up. Non-TypeScript files (assets, JSON,
// OpenAPI documents) are copied beside their modules, so every path found relative to import.meta.url
// stays the same. bin/laurel.js runs dist/ only while it is up to date (isBuildFresh), else tsx.
//
// What changes from source to output: esbuild strips the types and compiles JSX (as tsx does);
// relative imports of `.ts`/`.tsx` become `.js`; `@laurel/credentials` (whose package exports `.ts`)
// becomes a relative import of its built tree; a JSON import becomes an import of a generated
// `x.json.js` module (esbuild drops the `with { type: 'json' }`, and Node 20 warns on JSON modules);
// and the signing threads' entry (sign-worker.mjs, which registers tsx) imports the built task.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The trees compiled, relative to the root. */
export const SOURCES = ['packages/server/src', 'packages/credentials/src'];
const MANIFEST = 'build-manifest.json';
/** The workspace package's exports, mapped to their built files (relative to the root of dist/). */
const PACKAGE_ALIASES = {
  '@laurel/credentials': 'packages/credentials/src/index.js',
  '@laurel/credentials/share-contexts-now': 'packages/credentials/src/issue/share-contexts-now.js',
};

function* walk(dir, rel = '') {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(dir, r);
    else if (e.isFile()) yield r;
  }
}

/**
 * What the build depends on: each source file's path, size and modification time, and this script's.
 * A stat per file — a few milliseconds for the whole app — so bin/laurel.js checks it on every run.
 */
export function sourceFingerprint(root = ROOT, sources = SOURCES) {
  const files = {};
  const self = fs.statSync(fileURLToPath(import.meta.url));
  files['<build script>'] = `${self.size}:${self.mtimeMs}`;
  for (const src of sources) {
    for (const rel of walk(path.join(root, src))) {
      const st = fs.statSync(path.join(root, src, rel));
      files[`${src}/${rel}`] = `${st.size}:${st.mtimeMs}`;
    }
  }
  return files;
}

/** True when `out` holds a build of exactly the current sources. */
export function isBuildFresh(root = ROOT, out = path.join(root, 'dist'), sources = SOURCES) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  const now = sourceFingerprint(root, sources);
  const keys = Object.keys(now);
  const built = manifest.files ?? {};
  return keys.length === Object.keys(built).length && keys.every((k) => built[k] === now[k]);
}

function relativeSpecifier(fromFile, toFile) {
  const r = path.relative(path.dirname(fromFile), toFile).split(path.sep).join('/');
  return r.startsWith('.') ? r : `./${r}`;
}

/** Rewrites the import specifiers of one compiled module (`outFile` relative to the root of dist/). */
export function rewriteImports(code, outFile) {
  const spec = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"([^"\n]+)"/g;
  return code.replace(spec, (all, head, s) => {
    let to = s;
    if (s in PACKAGE_ALIASES) to = relativeSpecifier(outFile, PACKAGE_ALIASES[s]);
    else if (s.startsWith('.') && /\.tsx?$/.test(s)) to = s.replace(/\.tsx?$/, '.js');
    else if (s.startsWith('.') && s.endsWith('.json')) to = `${s}.js`;
    return `${head}"${to}"`;
  });
}

const SIGN_WORKER = `// Built entry of a signing worker thread (see scripts/build.mjs): the task is already JavaScript.
const task = await import('./sign-task.js');
export default task.default;
`;

/** Builds `sources` under `root` into `out`, then writes the manifest last (a half-done build is stale). */
export async function build(root = ROOT, out = path.join(root, 'dist'), sources = SOURCES) {
  const esbuild = await import('esbuild');
  const fingerprint = sourceFingerprint(root, sources);
  fs.rmSync(out, { recursive: true, force: true });
  let count = 0;
  for (const src of sources) {
    for (const rel of walk(path.join(root, src))) {
      const from = path.join(root, src, rel);
      const outRel = `${src}/${rel}`.replace(/\.tsx?$/, '.js');
      const to = path.join(out, outRel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      if (/\.tsx?$/.test(rel) && !rel.endsWith('.d.ts')) {
        const { code } = await esbuild.transform(fs.readFileSync(from, 'utf8'), {
          loader: rel.endsWith('.tsx') ? 'tsx' : 'ts',
          format: 'esm',
          target: 'es2023',
          sourcefile: from,
          jsx: 'automatic',
          jsxImportSource: 'preact',
          tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
        });
        fs.writeFileSync(to, rewriteImports(code, outRel));
        count++;
      } else if (rel.endsWith('sign-worker.mjs')) {
        fs.writeFileSync(to, SIGN_WORKER);
      } else {
        fs.copyFileSync(from, to);
        if (rel.endsWith('.json')) fs.writeFileSync(`${to}.js`, `export default ${fs.readFileSync(from, 'utf8').trim()};\n`);
      }
    }
  }
  fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "module", "private": true }\n');
  fs.writeFileSync(path.join(out, MANIFEST), `${JSON.stringify({ files: fingerprint }, null, 1)}\n`);
  return count;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const n = await build();
  console.log(`laurel build: ${n} modules compiled into dist/ in ${Date.now() - t0} ms`);
}
