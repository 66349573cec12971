// Erasure of one person's data when they delete their account (domain/privacy/delete-account.ts), and
// the retention purges (domain/privacy/purge.ts). This file is the list of every table that holds personal
// data about an account: a new table with a user id, an email address or a name belongs here too
// (test/privacy.test.ts queries each of them after a deletion).
import { sql } from 'kysely';
import { escapeLike, type Executor } from './types.ts';

export interface AuditRow {
  readonly id: string;
  readonly actorUserId: string | null;
  readonly subjectType: string;
  readonly subjectId: string | null;
  readonly data: Record<string, unknown>;
  readonly ip: string | null;
}

export function erasureRepo(db: Executor) {
  return {
    /** When a session started (a passwordless account's re-authentication is a recent sign-in). */
    async sessionStartedAt(sessionId: string): Promise<string | undefined> {
      return (await db.selectFrom('sessions').select('created_at').where('id', '=', sessionId).executeTakeFirst())?.created_at;
    },
    /** The awards that are the person's: claimed by them, or sent to one of their addresses. */
    async awardIdsOf(userId: string, emails: readonly string[]): Promise<string[]> {
      const rows = await db
        .selectFrom('awards')
        .select('id')
        .where((eb) => eb.or([eb('earner_user_id', '=', userId), ...(emails.length ? [eb.and([eb('earner_user_id', 'is', null), eb(eb.fn('lower', ['recipient_email']), 'in', emails.map((e) => e.toLowerCase()))])] : [])]))
        .execute();
      return rows.map((r) => r.id);
    },
    /** Student ids the institutions gave the person on their awards (redacted from the audit log too). */
    async earnerIdsOf(awardIds: readonly string[]): Promise<string[]> {
      if (awardIds.length === 0) return [];
      const rows = await db.selectFrom('awards').select('issuer_earner_id').where('id', 'in', awardIds).where('issuer_earner_id', 'is not', null).execute();
      return [...new Set(rows.map((r) => r.issuer_earner_id!))];
    },
    /** Identifiers other systems know the person by (SSO subjects, LTI subjects, wallet DIDs). */
    async externalIdsOf(userId: string): Promise<string[]> {
      const sso = await db.selectFrom('sso_identities').select('subject').where('user_id', '=', userId).execute();
      const wallets = await db.selectFrom('wallet_exchanges').select('holder_did').where('user_id', '=', userId).where('holder_did', 'is not', null).execute();
      return [...new Set([...sso.map((r) => r.subject), ...wallets.map((r) => r.holder_did!)])];
    },
    /**
     * The award stays as the issuer's record of what it signed (revoked by then), without the person:
     * name, address, student id and the link to the account go; the signed credential, which names the
     * earner only by a salted hash of the address, stays so the issuer can still show what it revoked.
     */
    async eraseAwardRecipients(awardIds: readonly string[], at: string): Promise<void> {
      if (awardIds.length === 0) return;
      await db
        .updateTable('awards')
        .set({ recipient_email: sql<string>`'erased-' || id || '@erased.invalid'`, recipient_name: '', issuer_earner_id: null, earner_user_id: null, evidence_url: null, evidence_narrative: null, claim_token_hash: sql<string>`'erased:' || id`, updated_at: at })
        .where('id', 'in', awardIds)
        .execute();
      await db.deleteFrom('award_terms').where('award_id', 'in', awardIds).execute();
      await db.updateTable('issue_batch_rows').set({ data: '{}', updated_at: at }).where('award_id', 'in', awardIds).execute();
      await db.updateTable('lti_learners').set({ email: null, name: null, updated_at: at }).where('award_id', 'in', awardIds).execute();
    },
    /** Everything else held about the account, then the account itself. Counts per table, for the audit event. */
    async deleteAccountData(userId: string, emails: readonly string[]): Promise<Record<string, number>> {
      const n: Record<string, number> = {};
      const del = async (table: string, q: { execute(): Promise<{ numDeletedRows: bigint }[]> }) => {
        n[table] = (n[table] ?? 0) + (await q.execute()).reduce((s, r) => s + Number(r.numDeletedRows), 0);
      };
      const upd = async (table: string, q: { execute(): Promise<{ numUpdatedRows: bigint }[]> }) => {
        n[table] = (n[table] ?? 0) + (await q.execute()).reduce((s, r) => s + Number(r.numUpdatedRows), 0);
      };
      const lower = emails.map((e) => e.toLowerCase());
      await del('sessions', db.deleteFrom('sessions').where('user_id', '=', userId));
      await del('api_tokens', db.deleteFrom('api_tokens').where('user_id', '=', userId));
      await upd('api_tokens', db.updateTable('api_tokens').set({ created_by: null }).where('created_by', '=', userId));
      await del('password_resets', db.deleteFrom('password_resets').where('user_id', '=', userId));
      await del('user_mfa', db.deleteFrom('user_mfa').where('user_id', '=', userId));
      await del('mfa_recovery_codes', db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId));
      await del('mfa_challenges', db.deleteFrom('mfa_challenges').where('user_id', '=', userId));
      await del('webauthn_credentials', db.deleteFrom('webauthn_credentials').where('user_id', '=', userId));
      await del('webauthn_challenges', db.deleteFrom('webauthn_challenges').where('user_id', '=', userId));
      await del('sso_identities', db.deleteFrom('sso_identities').where('user_id', '=', userId));
      await del('sso_logins', db.deleteFrom('sso_logins').where('user_id', '=', userId));
      await del('oauth_models', db.deleteFrom('oauth_models').where('account_id', '=', userId));
      await del('wallet_exchanges', db.deleteFrom('wallet_exchanges').where('user_id', '=', userId));
      await del('learner_records', db.deleteFrom('learner_records').where('user_id', '=', userId));
      await del('pathway_milestones', db.deleteFrom('pathway_milestones').where('user_id', '=', userId));
      await del('external_badges', db.deleteFrom('external_badges').where('user_id', '=', userId));
      await del('earner_emails', db.deleteFrom('earner_emails').where('user_id', '=', userId));
      await upd('invitations', db.updateTable('invitations').set({ invited_by: null }).where('invited_by', '=', userId));
      if (lower.length) {
        await del('invitations', db.deleteFrom('invitations').where((eb) => eb(eb.fn('lower', ['email']), 'in', lower)));
        await del('lti_frame_sessions', db.deleteFrom('lti_frame_sessions').where((eb) => eb(eb.fn('lower', ['email']), 'in', lower)));
        await upd('lti_learners', db.updateTable('lti_learners').set({ email: null, name: null }).where((eb) => eb(eb.fn('lower', ['email']), 'in', lower)));
        // Email to them not yet sent is not sent; sent email's job rows go. A job running now finishes.
        await del('jobs', db.deleteFrom('jobs').where('status', '<>', 'running').where((eb) => eb.or(emails.map((m) => eb('payload', 'like', `%${escapeLike(m)}%`)))));
        // Finished deliveries only: a pending one still tells the institution's system (it carries no more than it already had).
        await del('webhook_deliveries', db.deleteFrom('webhook_deliveries').where('next_attempt_at', 'is', null).where((eb) => eb.or(emails.map((m) => eb('payload', 'like', `%${escapeLike(m)}%`)))));
        await del('idempotency_keys', db.deleteFrom('idempotency_keys').where((eb) => eb.or(emails.map((m) => eb('response', 'like', `%${escapeLike(m)}%`)))));
      }
      await del('jobs', db.deleteFrom('jobs').where('status', '<>', 'running').where('payload', 'like', `%${escapeLike(userId)}%`));
      await del('users', db.deleteFrom('users').where('id', '=', userId));
      return n;
    },
    /** Audit events that may hold personal data about the account: by it, about it, or naming one of its addresses. */
    async auditEventsAbout(p: { userId: string; subjectIds: readonly string[]; needles: readonly string[] }): Promise<AuditRow[]> {
      const rows = await db
        .selectFrom('audit_events')
        .select(['id', 'actor_user_id', 'subject_type', 'subject_id', 'data', 'ip'])
        .where((eb) =>
          eb.or([
            eb('actor_user_id', '=', p.userId),
            eb('subject_id', 'in', [p.userId, ...p.subjectIds]),
            ...p.needles.map((m) => eb('data', 'like', `%${escapeLike(m)}%`)),
          ]),
        )
        .execute();
      return rows.map((r) => ({ id: r.id, actorUserId: r.actor_user_id, subjectType: r.subject_type, subjectId: r.subject_id, data: JSON.parse(r.data) as Record<string, unknown>, ip: r.ip }));
    },
    /**
     * The audit log's one sanctioned change (migration 0030): personal data out of `data`, the IP
     * address cleared, `redacted_at` stamped. The database refuses anything else.
     */
    async redactAuditEvent(id: string, p: { data: Record<string, unknown>; clearIp: boolean; at: string }): Promise<void> {
      await db
        .updateTable('audit_events')
        .set({ data: JSON.stringify(p.data), redacted_at: p.at, ...(p.clearIp ? { ip: null } : {}) })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type ErasureRepo = ReturnType<typeof erasureRepo>;
