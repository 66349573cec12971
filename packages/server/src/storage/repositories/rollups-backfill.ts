// Recomputes every reporting rollup from the base rows (awards, request events, inventory entries) with
// the same counting functions the writers use: migration 0019 runs it on upgrade, and the reports' tests
// compare it with the rollups kept by the writers. Badge events have no base rows (they are only
// counted), so they are kept as they are.
import { Deltas, ROLLUP_TABLES, awardDeltas, AWARD_FACT_COLUMNS } from './rollups.ts';
import { ENTRY_FACT_COLUMNS, entryDeltas, requestEventDeltas } from './rollups-programs.ts';
import type { Executor } from './types.ts';

const BATCH = 2000;
/** Flush the summed deltas once this many keys are held (bounded memory on a large installation). */
const FLUSH_AT = 20_000;

async function flushIfBig(d: Deltas, db: Executor): Promise<void> {
  if (d.size >= FLUSH_AT) await d.apply(db);
}

async function backfillAwards(db: Executor, d: Deltas): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('awards').select(['id', ...AWARD_FACT_COLUMNS]).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    for (const r of rows) awardDeltas(d, r, 1);
    await flushIfBig(d, db);
    if (rows.length < BATCH) return;
    after = rows.at(-1)!.id;
  }
}

async function backfillRequests(db: Executor, d: Deltas): Promise<void> {
  let after = '';
  for (;;) {
    const reqs = await db.selectFrom('requests').select(['id', 'organization_id', 'endorsement_requested', 'submitted_at']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (reqs.length === 0) return;
    const events = await db
      .selectFrom('request_events')
      .select(['request_id', 'at', 'from_state', 'to_state'])
      .where('request_id', 'in', reqs.map((r) => r.id))
      .orderBy('request_id')
      .orderBy('at')
      .orderBy('id')
      .execute();
    const byId = new Map(reqs.map((r) => [r.id, r]));
    let entered = new Map<string, string>();
    let current = '';
    for (const e of events) {
      if (e.request_id !== current) [current, entered] = [e.request_id, new Map()];
      const r = byId.get(e.request_id)!;
      const facts = { organizationId: r.organization_id, endorsed: Number(r.endorsement_requested) === 1, submittedAt: r.submitted_at };
      requestEventDeltas(d, facts, { at: e.at, fromState: e.from_state, toState: e.to_state }, e.from_state ? entered.get(e.from_state) : undefined);
      if (e.to_state) entered.set(e.to_state, e.at);
    }
    await flushIfBig(d, db);
    after = reqs.at(-1)!.id;
  }
}

async function backfillInventory(db: Executor, d: Deltas): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('inventory_entries').select(['program_id', ...ENTRY_FACT_COLUMNS]).where('program_id', '>', after).orderBy('program_id').limit(BATCH).execute();
    for (const r of rows) entryDeltas(d, r, 1);
    await flushIfBig(d, db);
    if (rows.length < BATCH) return;
    after = rows.at(-1)!.program_id;
  }
}

/** Empties the derived rollups and counts every base row again (run it in a transaction). */
export async function rebuildRollups(db: Executor): Promise<void> {
  for (const t of ROLLUP_TABLES) if (t !== 'report_badge_events') await db.deleteFrom(t).execute();
  const d = new Deltas();
  await backfillAwards(db, d);
  await backfillRequests(db, d);
  await backfillInventory(db, d);
  await d.apply(db);
}
