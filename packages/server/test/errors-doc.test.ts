import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES, STATUS } from '../src/kit/problem.ts';

const doc = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/ERRORS.md'), 'utf8');

describe('docs/ERRORS.md', () => {
  const documented = new Map([...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));

  it('lists every error code with its HTTP status', () => {
    for (const code of ALL_ERROR_CODES) {
      expect(documented.has(code), `${code} is documented`).toBe(true);
      expect(documented.get(code), `${code} status`).toBe(STATUS[code]);
    }
  });

  it('lists no code that does not exist', () => {
    for (const code of documented.keys()) expect(ALL_ERROR_CODES, code).toContain(code);
  });
});
