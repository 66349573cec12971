// Issue #19, "Install": `npm ci` on Node 20 printed EBADENGINE for cookie@2 and content-disposition@3, which
// need Node 22. Every package the lock file installs must accept the lowest Node that Laurel's own
// `engines` allows, so the warning (and a `require()` of an ESM-only package on Node 20) cannot come back
// unnoticed with a dependency update.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const semver = createRequire(import.meta.url)('semver') as { minVersion(range: string): { version: string } | null; satisfies(version: string, range: string): boolean };

interface LockEntry {
  readonly version?: string;
  readonly engines?: Record<string, string> | string[];
}

describe('engines', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const lowest = semver.minVersion(manifest.engines.node)!.version;

  it('claims a Node 20 release', () => {
    expect(lowest).toMatch(/^20\./);
    expect(semver.satisfies(process.versions.node, manifest.engines.node)).toBe(true);
  });

  it(`installs no package that refuses Node ${lowest} (no EBADENGINE on npm ci)`, () => {
    const refused: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (!where || !entry.engines || Array.isArray(entry.engines)) continue;
      const range = entry.engines.node;
      if (range && !semver.satisfies(lowest, range)) refused.push(`${where.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} needs node ${range}`);
    }
    expect(refused).toEqual([]);
  });
});
