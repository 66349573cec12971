// Multi-factor: each user's sealed TOTP secret, their recovery-code hashes, and pending second steps.
import type { Executor } from './types.ts';

export interface MfaRecord {
  readonly userId: string;
  readonly secretSealed: string;
  readonly enabledAt: string | null;
  readonly lastStep: number | null;
}

export function mfaRepo(db: Executor) {
  return {
    async find(userId: string): Promise<MfaRecord | undefined> {
      const r = await db.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return r && { userId: r.user_id, secretSealed: r.secret_sealed, enabledAt: r.enabled_at, lastStep: r.last_step };
    },
    /** A fresh, not yet enabled secret (replaces an earlier unconfirmed one). */
    async putPending(userId: string, secretSealed: string, at: string): Promise<void> {
      await db
        .insertInto('user_mfa')
        .values({ user_id: userId, secret_sealed: secretSealed, enabled_at: null, last_step: null, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_sealed: secretSealed, enabled_at: null, last_step: null, updated_at: at }))
        .execute();
    },
    async enable(userId: string, step: number, at: string): Promise<boolean> {
      const res = await db.updateTable('user_mfa').set({ enabled_at: at, last_step: step, updated_at: at }).where('user_id', '=', userId).where('enabled_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /** Records an accepted step; false when this or a later step was already used (a replayed code). */
    async useStep(userId: string, step: number, at: string): Promise<boolean> {
      const res = await db
        .updateTable('user_mfa')
        .set({ last_step: step, updated_at: at })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async remove(userId: string): Promise<void> {
      await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      await db.deleteFrom('mfa_challenges').where('user_id', '=', userId).execute();
      await db.deleteFrom('user_mfa').where('user_id', '=', userId).execute();
    },
    async replaceRecoveryCodes(userId: string, codes: { id: string; hash: string }[], at: string): Promise<void> {
      await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      if (codes.length) await db.insertInto('mfa_recovery_codes').values(codes.map((c) => ({ id: c.id, user_id: userId, code_hash: c.hash, created_at: at, used_at: null }))).execute();
    },
    /** Spends an unused recovery code; false when it is unknown or already used. */
    async useRecoveryCode(userId: string, hash: string, at: string): Promise<boolean> {
      const res = await db.updateTable('mfa_recovery_codes').set({ used_at: at }).where('user_id', '=', userId).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async unusedRecoveryCodes(userId: string): Promise<number> {
      const r = await db.selectFrom('mfa_recovery_codes').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async insertChallenge(c: { id: string; tokenHash: string; userId: string; at: string; expiresAt: string }): Promise<void> {
      await db.insertInto('mfa_challenges').values({ id: c.id, token_hash: c.tokenHash, user_id: c.userId, created_at: c.at, expires_at: c.expiresAt, used_at: null }).execute();
    },
    async findChallenge(tokenHash: string): Promise<{ id: string; userId: string; expiresAt: string; usedAt: string | null } | undefined> {
      const r = await db.selectFrom('mfa_challenges').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && { id: r.id, userId: r.user_id, expiresAt: r.expires_at, usedAt: r.used_at };
    },
    /** Spends a challenge once; false when another request already used it. */
    async useChallenge(id: string, at: string): Promise<boolean> {
      const res = await db.updateTable('mfa_challenges').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async deleteExpiredChallenges(now: string): Promise<void> {
      await db.deleteFrom('mfa_challenges').where('expires_at', '<=', now).execute();
    },
  };
}
