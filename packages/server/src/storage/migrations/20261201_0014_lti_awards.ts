// LTI 1.3 award rules (issue #14 items 3–4): what earns a placed badge, who in the course qualified, and
// the short-lived sessions of the pages a course shows inside its frame.
//
// lti_platforms.token_audience: the `aud` of Laurel's client assertion at the platform's token endpoint
// (LTI Dynamic Registration's `authorization_server`; D2L's differs from its token URL). Null: the token URL.
// lti_placements gains its award rule: rule_kind 'none' | 'score' (a result of at least rule_threshold
// percent of the maximum) | 'completion' (any graded result), line_item_url / line_item_label (the AGS
// line item, the "grade column", it watches), auto_issue (1: issue as soon as a student qualifies; 0: the
// instructor approves), and what the last instructor launch said of the course's services
// (lineitems_url, memberships_url, ags_scopes). check_requested_at / checked_at / check_error: the last
// request to read the course's results, when it last completed, and why it last failed.
// lti_learners: one row per student of a placement (the platform's user id): the result Laurel last read,
// the status ('not_yet' | 'qualified' | 'awarded' | 'held' — already held the badge — | 'no_email' |
// 'failed'), the award issued for them (idempotence: a student is awarded once per placement).
// lti_frame_sessions: a launch's page session inside the platform's frame (Laurel's own cookies are not
// sent there): the hash of the token its forms carry, the binding cookie's hash on https, the person the
// platform vouched for, their role in the course, the origins that may frame its pages (space separated), two hours.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lti_platforms').addColumn('token_audience', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('rule_kind', 'text', (c) => c.notNull().defaultTo('none')).execute();
  await db.schema.alterTable('lti_placements').addColumn('rule_threshold', 'real').execute();
  await db.schema.alterTable('lti_placements').addColumn('line_item_url', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('line_item_label', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('auto_issue', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('lti_placements').addColumn('lineitems_url', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('memberships_url', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('ags_scopes', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('rule_updated_by', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('check_requested_at', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('checked_at', 'text').execute();
  await db.schema.alterTable('lti_placements').addColumn('check_error', 'text').execute();

  await db.schema
    .createTable('lti_learners')
    .addColumn('placement_id', 'text', (c) => c.notNull().references('lti_placements.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('score', 'real')
    .addColumn('maximum', 'real')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('award_id', 'text', (c) => c.references('awards.id'))
    .addColumn('message', 'text')
    .addColumn('qualified_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_learners_pk', ['placement_id', 'user_id'])
    .execute();
  await db.schema.createIndex('lti_learners_status_idx').on('lti_learners').columns(['placement_id', 'status']).execute();

  await db.schema
    .createTable('lti_frame_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('browser_hash', 'text')
    .addColumn('placement_id', 'text', (c) => c.notNull().references('lti_placements.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('frame_origins', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lti_frame_sessions_expires_idx').on('lti_frame_sessions').column('expires_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lti_frame_sessions').execute();
  await db.schema.dropTable('lti_learners').execute();
  for (const c of ['check_error', 'checked_at', 'check_requested_at', 'rule_updated_by', 'ags_scopes', 'memberships_url', 'lineitems_url', 'auto_issue', 'line_item_label', 'line_item_url', 'rule_threshold', 'rule_kind']) {
    await db.schema.alterTable('lti_placements').dropColumn(c).execute();
  }
  await db.schema.alterTable('lti_platforms').dropColumn('token_audience').execute();
}
