// Issuance: awards (each one signed OpenBadgeCredential, stored as signed), bulk issue batches and their
// rows, earners' extra verified emails, API idempotency keys and imported (external) badges.
// The duplicate rule ("one live award per badge class and recipient") is a partial unique index, so two
// processes issuing the same badge to the same person at once cannot both succeed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('awards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('badge_class_id', 'text', (c) => c.notNull().references('badge_classes.id'))
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('recipient_email', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('issuer_earner_id', 'text')
    .addColumn('earner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('evidence_url', 'text')
    .addColumn('evidence_narrative', 'text')
    .addColumn('claim_state', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revocation_reason', 'text')
    .addColumn('suspended_at', 'text')
    .addColumn('suspension_reason', 'text')
    .addColumn('status_list_seq', 'integer', (c) => c.notNull())
    .addColumn('status_index', 'integer', (c) => c.notNull())
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('claim_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('batch_id', 'text')
    .addColumn('batch_row', 'integer')
    .addColumn('reminder_sent_at', 'text')
    .addColumn('notify', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // A row of a bulk file is issued at most once, whatever crashes or retries happen.
  await db.schema.createIndex('awards_batch_row_uq').on('awards').columns(['batch_id', 'batch_row']).unique().where(sql.ref('batch_id'), 'is not', null).execute();
  await db.schema.createIndex('awards_live_email_uq').on('awards').columns(['badge_class_id', 'recipient_email']).unique().where(sql.ref('revoked_at'), 'is', null).execute();
  await db.schema
    .createIndex('awards_live_earner_uq')
    .on('awards')
    .columns(['badge_class_id', 'issuer_earner_id'])
    .unique()
    .where((eb) => eb.and([eb(sql.ref('revoked_at'), 'is', null), eb(sql.ref('issuer_earner_id'), 'is not', null)]))
    .execute();
  await db.schema.createIndex('awards_org_idx').on('awards').columns(['organization_id', 'created_at']).execute();
  await db.schema.createIndex('awards_class_idx').on('awards').columns(['badge_class_id', 'claim_state']).execute();
  await db.schema.createIndex('awards_email_idx').on('awards').column('recipient_email').execute();
  await db.schema.createIndex('awards_earner_idx').on('awards').column('earner_user_id').execute();
  await db.schema.createIndex('awards_expiry_idx').on('awards').columns(['expires_at', 'reminder_sent_at']).execute();

  await db.schema
    .createTable('issue_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('badge_class_id', 'text', (c) => c.notNull().references('badge_classes.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reissue', 'integer', (c) => c.notNull())
    .addColumn('notify', 'integer', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('invalid_rows', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('issue_batches_org_idx').on('issue_batches').columns(['organization_id', 'created_at']).execute();

  await db.schema
    .createTable('issue_batch_rows')
    .addColumn('batch_id', 'text', (c) => c.notNull().references('issue_batches.id'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('award_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_batch_rows_pk', ['batch_id', 'row_number'])
    .execute();
  await db.schema.createIndex('issue_batch_rows_status_idx').on('issue_batch_rows').columns(['batch_id', 'status', 'row_number']).execute();

  await db.schema
    .createTable('earner_emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A verified address belongs to one person; unverified claims of it may coexist until one verifies.
  await db.schema.createIndex('earner_emails_verified_uq').on('earner_emails').column('email').unique().where(sql.ref('verified_at'), 'is not', null).execute();
  await db.schema.createIndex('earner_emails_user_idx').on('earner_emails').column('user_id').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();

  await db.schema
    .createTable('external_badges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('external_badges_user_idx').on('external_badges').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['external_badges', 'idempotency_keys', 'earner_emails', 'issue_batch_rows', 'issue_batches', 'awards']) {
    await db.schema.dropTable(t).execute();
  }
}
