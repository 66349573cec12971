// Issue 12 point 9: every CSV Laurel writes goes through shared/csv.ts, so a cell a spreadsheet would run
// as a formula — also behind a leading space, or with a full-width ＝ — comes out as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { UserActor } from '../src/domain/actor.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { exportInventory } from '../src/domain/inventory/export-inventory.ts';
import { batchErrorReport, createBatch } from '../src/domain/issuance/batches.ts';
import type { Organization } from '../src/domain/issuance/types.ts';
import { makeBadgeClass } from './factories/awards.ts';
import { makeInstitution, makeMember } from './factories/organizations.ts';
import { makeProgram } from './factories/programs.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';

const HOSTILE = [' =1+1', '＝1+1'] as const;

async function collect(lines: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const l of lines) out += l;
  return out;
}

describe.each(DIALECTS)('CSV files Laurel writes, on %s', (dialect) => {
  let t: TestApp;
  let ours: Organization;
  let issuer: UserActor;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false, env: { LAUREL_SIGNING_THREADS: '0' } });
    await ensureRegents(t.deps);
    ours = await makeInstitution(t.deps);
    issuer = await makeMember(t.deps, ours, 'issuer');
  });
  afterAll(async () => t?.close());

  it('the inventory export neutralises a leading-space and a full-width formula', async () => {
    const p = await makeProgram(t.deps, ours, { form: { title: `${HOSTILE[0]} zqformula`, skills: [HOSTILE[1]] } });
    const csv = await collect(exportInventory(t.deps, null, { params: {} }).lines);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.id === p.id);
    expect(row).toBeDefined();
    expect(row!.title).toMatch(/^'\s*=1\+1 zqformula$/);
    expect(row!.skills).toBe(`'${HOSTILE[1]}`);
    expect(csv).not.toMatch(/(^|,)\s*[=＝]1\+1/mu);
  });

  it('a bulk-issue error report neutralises them in every column it writes back', async () => {
    const bc = await makeBadgeClass(t.deps, ours);
    const file = ['recipient_email,first_name,last_name,evidence_narrative', `not-an-email,"${HOSTILE[0]}",Rivera,"${HOSTILE[1]}"`, `also-bad,"${HOSTILE[1]}","${HOSTILE[0]}",x`].join('\r\n');
    const b = await createBatch(t.deps, issuer, { badgeClassId: bc.id, filename: 'hostile.csv', csv: file });
    expect(b.invalidRows).toBe(2);
    const report = await batchErrorReport(t.deps, issuer, b.id);
    const rows = parse(report, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.first_name, r.last_name, r.evidence_narrative])).toEqual([
      [`'${HOSTILE[0]}`, 'Rivera', `'${HOSTILE[1]}`],
      [`'${HOSTILE[1]}`, `'${HOSTILE[0]}`, 'x'],
    ]);
    for (const line of report.split('\r\n')) expect(line).not.toMatch(/(^|,)"?\s*[=＝]1\+1/u);
  });
});
