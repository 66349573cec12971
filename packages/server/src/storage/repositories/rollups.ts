// The reporting rollups' write side (issue #16; tables in schema/reporting.ts, migration 0019). Each writer
// of awards, request events and inventory entries calls in here in its own transaction, so a dashboard
// reads small counting tables and never scans awards. A change is a set of deltas: what the row counted
// before (subtracted) and after (added), summed per rollup key and applied as multi-row upserts, keys in
// order (two transactions touching the same keys lock them in the same order: no deadlock).
import { sql } from 'kysely';
import type { Database } from '../schema.ts';
import type { Executor } from './types.ts';

type Table = 'report_award_months' | 'report_claim_days' | 'report_expiries' | 'report_badge_events' | 'report_request_months' | 'report_decision_hours' | 'report_program_stock' | 'report_program_values';
type Key = Readonly<Record<string, string | number>>;

/** The key columns of each rollup (its primary key, in order). */
export const ROLLUP_KEYS: Record<Table, readonly string[]> = {
  report_award_months: ['organization_id', 'badge_class_id', 'month'],
  report_claim_days: ['organization_id', 'badge_class_id', 'month', 'days'],
  report_expiries: ['organization_id', 'badge_class_id', 'expires_on'],
  report_badge_events: ['organization_id', 'badge_class_id', 'day', 'kind'],
  report_request_months: ['organization_id', 'path', 'month', 'state'],
  report_decision_hours: ['organization_id', 'path', 'stage', 'month', 'hours'],
  report_program_stock: ['organization_id', 'endorsement', 'credential_type', 'level'],
  report_program_values: ['organization_id', 'kind', 'value', 'endorsement'],
};
export const ROLLUP_TABLES = Object.keys(ROLLUP_KEYS) as Table[];

/** Time to claim is counted in whole days up to this bucket, which means "this many or more". */
export const CLAIM_DAYS_CAP = 366;
/** Stage durations are counted in whole hours up to this bucket ("a year or more"). */
export const DECISION_HOURS_CAP = 8760;

/** Deltas to apply: per table, per key (as a string), the key and the column increments. */
export class Deltas {
  private readonly m = new Map<string, { table: Table; key: Key; counts: Record<string, number> }>();
  add(table: Table, key: Key, counts: Readonly<Record<string, number>>, sign: 1 | -1 = 1): void {
    const id = `${table}\u0000${ROLLUP_KEYS[table].map((k) => String(key[k])).join('\u0000')}`;
    let e = this.m.get(id);
    if (!e) this.m.set(id, (e = { table, key, counts: {} }));
    for (const [c, v] of Object.entries(counts)) e.counts[c] = (e.counts[c] ?? 0) + sign * v;
  }
  get size(): number {
    return this.m.size;
  }
  /** Writes every non-zero delta (multi-row upserts per table, keys in order) and empties the set. */
  async apply(db: Executor): Promise<void> {
    const entries = [...this.m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, e]) => e);
    this.m.clear();
    for (const table of ROLLUP_TABLES) {
      const rows = entries.filter((e) => e.table === table && Object.values(e.counts).some((v) => v !== 0));
      for (let i = 0; i < rows.length; i += UPSERT_ROWS) await upsert(db, table, rows.slice(i, i + UPSERT_ROWS));
    }
  }
}

/** Rows per statement (each key appears once: the deltas are summed per key first, as PostgreSQL requires). */
const UPSERT_ROWS = 200;

async function upsert(db: Executor, table: Table, rows: { key: Key; counts: Record<string, number> }[]): Promise<void> {
  const keys = ROLLUP_KEYS[table];
  const counts = [...new Set(rows.flatMap((r) => Object.keys(r.counts)))].sort();
  const cols = [...keys, ...counts];
  const values = rows.map((r) => sql`(${sql.join([...keys.map((k) => r.key[k]!), ...counts.map((c) => r.counts[c] ?? 0)])})`);
  await sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES ${sql.join(values)}
    ON CONFLICT (${sql.join(keys.map((k) => sql.ref(k)))}) DO UPDATE SET ${sql.join(counts.map((c) => sql`${sql.ref(c)} = ${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`))}`.execute(db);
}

/** Runs `fn` in the caller's transaction, or in a new one when `db` is not a transaction. */
export async function atomically<T>(db: Executor, fn: (x: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute((trx) => fn(trx));
}

// ---- awards ------------------------------------------------------------------------------------------

/** What an award's rollups depend on. */
export interface AwardFacts {
  readonly organization_id: string;
  readonly badge_class_id: string;
  readonly issued_at: string;
  readonly expires_at: string | null;
  readonly claim_state: string;
  readonly claimed_at: string | null;
  readonly visibility: string;
  readonly revoked_at: string | null;
  readonly suspended_at: string | null;
}
export const AWARD_FACT_COLUMNS = ['organization_id', 'badge_class_id', 'issued_at', 'expires_at', 'claim_state', 'claimed_at', 'visibility', 'revoked_at', 'suspended_at'] as const satisfies readonly (keyof Database['awards'])[];

/** Whole days from issue to claim, capped (the same floor the reports' tests take over the base rows). */
export function claimDays(issuedAt: string, claimedAt: string): number {
  const d = Math.floor((Date.parse(claimedAt) - Date.parse(issuedAt)) / 86_400_000);
  return Math.min(CLAIM_DAYS_CAP, Math.max(0, d));
}

/** Adds (sign 1) or subtracts (sign -1) one award's counts. */
export function awardDeltas(d: Deltas, a: AwardFacts, sign: 1 | -1): void {
  const month = a.issued_at.slice(0, 7);
  const counts = {
    issued: 1,
    accepted: a.claim_state === 'accepted' ? 1 : 0,
    declined: a.claim_state === 'declined' ? 1 : 0,
    pending: a.claim_state === 'pending' ? 1 : 0,
    revoked: a.revoked_at ? 1 : 0,
    suspended: a.suspended_at && !a.revoked_at ? 1 : 0,
    public: a.visibility === 'public' ? 1 : 0,
  };
  for (const bc of [a.badge_class_id, '*']) {
    d.add('report_award_months', { organization_id: a.organization_id, badge_class_id: bc, month }, counts, sign);
    if (a.claim_state === 'accepted' && a.claimed_at) d.add('report_claim_days', { organization_id: a.organization_id, badge_class_id: bc, month, days: claimDays(a.issued_at, a.claimed_at) }, { n: 1 }, sign);
  }
  if (a.expires_at && !a.revoked_at && a.claim_state !== 'declined') d.add('report_expiries', { organization_id: a.organization_id, badge_class_id: a.badge_class_id, expires_on: a.expires_at.slice(0, 10) }, { n: 1 }, sign);
}

const factsOf = async (db: Executor, id: string): Promise<AwardFacts | undefined> => db.selectFrom('awards').select(AWARD_FACT_COLUMNS).where('id', '=', id).executeTakeFirst();

/** The awards' rollups, for the awards repository's writes (which run inside `atomically`). */
export function awardRollups(db: Executor) {
  return {
    async added(awards: readonly AwardFacts[]): Promise<void> {
      const d = new Deltas();
      for (const a of awards) awardDeltas(d, a, 1);
      await d.apply(db);
    },
    /** Runs the update `fn` on the award and moves its counts from what it was to what it is. */
    async changed<T>(id: string, fn: () => Promise<T>): Promise<T> {
      const before = await factsOf(db, id);
      const out = await fn();
      const after = await factsOf(db, id);
      if (before && after) {
        const d = new Deltas();
        awardDeltas(d, before, -1);
        awardDeltas(d, after, 1);
        await d.apply(db);
      }
      return out;
    },
  };
}

/** Counts a badge page view, a verification or a LinkedIn click of an award (no person, no address). */
export async function countBadgeEvent(db: Executor, e: { awardId: string; kind: 'view' | 'verify' | 'linkedin'; at: string }): Promise<boolean> {
  const a = await db.selectFrom('awards').select(['organization_id', 'badge_class_id']).where('id', '=', e.awardId).executeTakeFirst();
  if (!a) return false;
  const d = new Deltas();
  d.add('report_badge_events', { organization_id: a.organization_id, badge_class_id: a.badge_class_id, day: e.at.slice(0, 10), kind: e.kind }, { n: 1 });
  await d.apply(db);
  return true;
}

/** The award a credential id names, if it is one of Laurel's (a verification counts against it). */
export async function awardIdForCredential(db: Executor, credentialId: string): Promise<string | undefined> {
  return (await db.selectFrom('awards').select('id').where('credential_id', '=', credentialId).executeTakeFirst())?.id;
}
