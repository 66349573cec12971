// The retention purges (domain/privacy/purge.ts): rows older than a cut-off that are finished with. Nothing
// pending or running is touched, so a purge never loses work.
import type { Executor } from './types.ts';

/** Audit actions that record a sign-in attempt: their IP addresses and typed addresses go after LAUREL_RETAIN_SIGN_IN_DAYS. */
export const SIGN_IN_ACTIONS = ['user.signed_in', 'user.locked_out', 'user.sign_in_failed', 'sso.sign_in_refused', 'user.signed_out'] as const;

export function retentionRepo(db: Executor) {
  const deleted = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  return {
    /** Finished jobs of the queues named (or of all queues but those when `except`) last changed before `before`. */
    async deleteFinishedJobs(p: { before: string; queues?: readonly string[]; except?: readonly string[] }): Promise<{ ids: string[] }> {
      let q = db.selectFrom('jobs').select('id').where('status', 'in', ['done', 'failed']).where('updated_at', '<', p.before);
      if (p.queues) q = q.where('queue', 'in', p.queues);
      if (p.except?.length) q = q.where('queue', 'not in', p.except);
      const ids = (await q.execute()).map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) await db.deleteFrom('jobs').where('id', 'in', ids.slice(i, i + 500)).execute();
      return { ids };
    },
    /** Deliveries that are over (delivered, or given up) and were created before `before`. */
    async deleteFinishedWebhookDeliveries(before: string): Promise<number> {
      return deleted(await db.deleteFrom('webhook_deliveries').where('next_attempt_at', 'is', null).where('created_at', '<', before).executeTakeFirst());
    },
    /** Sign-in leftovers that ended before `before`: sessions, single sign-on attempts, reset links, second-step challenges. */
    async deleteEndedSignIns(before: string): Promise<number> {
      let n = deleted(await db.deleteFrom('sessions').where('expires_at', '<', before).executeTakeFirst());
      n += deleted(await db.deleteFrom('sso_logins').where('expires_at', '<', before).executeTakeFirst());
      n += deleted(await db.deleteFrom('password_resets').where('expires_at', '<', before).executeTakeFirst());
      n += deleted(await db.deleteFrom('mfa_challenges').where('expires_at', '<', before).executeTakeFirst());
      n += deleted(await db.deleteFrom('webauthn_challenges').where('expires_at', '<', before).executeTakeFirst());
      return n;
    },
    /** Audit events before `before` that still hold an IP address, or are sign-in attempts not yet redacted. */
    async auditEventsWithIp(before: string, limit: number): Promise<{ id: string; action: string; data: Record<string, unknown> }[]> {
      const rows = await db
        .selectFrom('audit_events')
        .select(['id', 'action', 'data'])
        .where('at', '<', before)
        .where((eb) => eb.or([eb('ip', 'is not', null), eb.and([eb('action', 'in', [...SIGN_IN_ACTIONS]), eb('redacted_at', 'is', null)])]))
        .orderBy('at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, action: r.action, data: JSON.parse(r.data) as Record<string, unknown> }));
    },
  };
}
