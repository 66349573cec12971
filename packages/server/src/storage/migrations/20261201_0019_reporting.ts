// The reporting rollups (issue #16): small counting tables the dashboards read by their keys, kept current
// by the writers of awards, request events and inventory entries in the same transaction as each change
// (storage/repositories/rollups*.ts). Created here and filled from the rows already stored, so an
// upgraded installation's dashboards are right at once.
import type { Kysely } from 'kysely';
import { rebuildRollups } from '../repositories/rollups-backfill.ts';

type Col = [name: string, type: 'text' | 'integer'];

const TABLES: [name: string, keys: Col[], counts: string[]][] = [
  ['report_award_months', [['organization_id', 'text'], ['badge_class_id', 'text'], ['month', 'text']], ['issued', 'accepted', 'declined', 'pending', 'revoked', 'suspended', 'public']],
  ['report_claim_days', [['organization_id', 'text'], ['badge_class_id', 'text'], ['month', 'text'], ['days', 'integer']], ['n']],
  ['report_expiries', [['organization_id', 'text'], ['badge_class_id', 'text'], ['expires_on', 'text']], ['n']],
  ['report_badge_events', [['organization_id', 'text'], ['badge_class_id', 'text'], ['day', 'text'], ['kind', 'text']], ['n']],
  ['report_request_months', [['organization_id', 'text'], ['path', 'text'], ['month', 'text'], ['state', 'text']], ['n']],
  ['report_decision_hours', [['organization_id', 'text'], ['path', 'text'], ['stage', 'text'], ['month', 'text'], ['hours', 'integer']], ['n']],
  ['report_program_stock', [['organization_id', 'text'], ['endorsement', 'text'], ['credential_type', 'text'], ['level', 'text']], ['n']],
  ['report_program_values', [['organization_id', 'text'], ['kind', 'text'], ['value', 'text'], ['endorsement', 'text']], ['n']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, keys, counts] of TABLES) {
    let t = db.schema.createTable(name);
    for (const [k, type] of keys) t = t.addColumn(k, type, (c) => c.notNull());
    for (const c of counts) t = t.addColumn(c, 'integer', (col) => col.notNull().defaultTo(0));
    await t.addPrimaryKeyConstraint(`${name}_pk`, keys.map(([k]) => k) as never).execute();
  }
  // The Regents' badges per institution per month read the institutions' total rows ('*') over months.
  await db.schema.createIndex('report_award_months_month_idx').on('report_award_months').columns(['badge_class_id', 'month', 'organization_id']).execute();
  await db.schema.createIndex('report_expiries_day_idx').on('report_expiries').columns(['organization_id', 'expires_on']).execute();
  await db.schema.createIndex('report_badge_events_day_idx').on('report_badge_events').columns(['organization_id', 'day']).execute();
  await rebuildRollups(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...TABLES].reverse()) await db.schema.dropTable(name).execute();
}
