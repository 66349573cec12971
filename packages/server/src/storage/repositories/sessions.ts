import type { Executor } from './types.ts';

export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastSeenAt: string;
  /** The user's roles require multi-factor and they had none at sign-in: only enrolment is open. */
  readonly mfaEnrolRequired: boolean;
  /** The identity provider the session came from, and what its single logout needs (JSON). */
  readonly ssoIdpId: string | null;
  readonly ssoFacts: string | null;
}

export function sessionsRepo(db: Executor) {
  return {
    async insert(s: { id: string; tokenHash: string; userId: string; at: string; expiresAt: string; ip: string | null; userAgent: string | null; mfaEnrolRequired?: boolean; sso?: { idpId: string; nameId: string; facts: string } }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          id: s.id,
          token_hash: s.tokenHash,
          user_id: s.userId,
          created_at: s.at,
          expires_at: s.expiresAt,
          last_seen_at: s.at,
          ip: s.ip,
          user_agent: s.userAgent?.slice(0, 400) ?? null,
          mfa_enrol_required: s.mfaEnrolRequired ? 1 : 0,
          sso_idp_id: s.sso?.idpId ?? null,
          sso_name_id: s.sso?.nameId ?? null,
          sso_facts: s.sso?.facts ?? null,
        })
        .execute();
    },
    async findValid(tokenHash: string, now: string): Promise<SessionRecord | undefined> {
      const r = await db
        .selectFrom('sessions')
        .select(['id', 'user_id', 'created_at', 'expires_at', 'last_seen_at', 'mfa_enrol_required', 'sso_idp_id', 'sso_facts'])
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return r && { id: r.id, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at, mfaEnrolRequired: Number(r.mfa_enrol_required) === 1, ssoIdpId: r.sso_idp_id, ssoFacts: r.sso_facts };
    },
    async touch(id: string, at: string, expiresAt: string): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('id', '=', id).execute();
    },
    async clearMfaEnrolRequired(userId: string): Promise<void> {
      await db.updateTable('sessions').set({ mfa_enrol_required: 0 }).where('user_id', '=', userId).execute();
    },
    async deleteById(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteForUser(userId: string, exceptId?: string): Promise<void> {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId) q = q.where('id', '!=', exceptId);
      await q.execute();
    },
    async findById(id: string): Promise<{ ssoIdpId: string | null; ssoFacts: string | null } | undefined> {
      const r = await db.selectFrom('sessions').select(['sso_idp_id', 'sso_facts']).where('id', '=', id).executeTakeFirst();
      return r && { ssoIdpId: r.sso_idp_id, ssoFacts: r.sso_facts };
    },
    /** Ends the sessions an identity provider's single logout names; the number ended. */
    async deleteForSsoSubject(idpId: string, nameId: string): Promise<number> {
      const res = await db.deleteFrom('sessions').where('sso_idp_id', '=', idpId).where('sso_name_id', '=', nameId).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
    async deleteExpired(now: string): Promise<void> {
      await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    },
  };
}
