// Privacy (issue #20 point 5): the one exception to the audit log's append-only rule.
//
// When an earner deletes their account, or a sign-in record outlives LAUREL_RETAIN_SIGN_IN_DAYS, the
// personal data inside audit events (names, email addresses, IP addresses) is removed while the events
// themselves stay: who-did-what-when must survive, the person need not. The database still refuses every
// DELETE and every UPDATE except a redaction: one that stamps `redacted_at` (never earlier than a previous
// stamp), keeps the event's identity (id, time, action, subject, organization, actor id) and can only
// clear the IP address, not change it. What is removed from `data` is decided by the application
// (domain/privacy/delete-account.ts, domain/privacy/purge.ts), and each redaction is itself audited.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const KEEPS_IDENTITY = (o: string, n: string) => `${n}.id = ${o}.id AND ${n}.at = ${o}.at AND ${n}.action = ${o}.action AND ${n}.subject_type = ${o}.subject_type`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('redacted_at', 'text').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION laurel_audit_append_only() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.redacted_at IS NOT NULL
          AND (OLD.redacted_at IS NULL OR NEW.redacted_at >= OLD.redacted_at)
          AND ${KEEPS_IDENTITY('OLD', 'NEW')}
          AND NEW.subject_id IS NOT DISTINCT FROM OLD.subject_id
          AND NEW.organization_id IS NOT DISTINCT FROM OLD.organization_id
          AND NEW.actor_user_id IS NOT DISTINCT FROM OLD.actor_user_id
          AND (NEW.ip IS NULL OR NEW.ip = OLD.ip)
        THEN RETURN NEW; END IF;
        RAISE EXCEPTION 'audit_events is append-only (only a redaction may change a row)';
      END; $$ LANGUAGE plpgsql`,
      )
      .execute(db);
    return;
  }
  await sql`DROP TRIGGER audit_events_no_update`.execute(db);
  await sql
    .raw(
      `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    WHEN NOT (NEW.redacted_at IS NOT NULL
      AND (OLD.redacted_at IS NULL OR NEW.redacted_at >= OLD.redacted_at)
      AND ${KEEPS_IDENTITY('OLD', 'NEW')}
      AND NEW.subject_id IS OLD.subject_id AND NEW.organization_id IS OLD.organization_id
      AND NEW.actor_user_id IS OLD.actor_user_id
      AND (NEW.ip IS NULL OR NEW.ip IS OLD.ip))
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (only a redaction may change a row)'); END`,
    )
    .execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE OR REPLACE FUNCTION laurel_audit_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql`.execute(db);
  } else {
    await sql`DROP TRIGGER audit_events_no_update`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
  }
  await db.schema.alterTable('audit_events').dropColumn('redacted_at').execute();
}
