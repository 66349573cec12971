import type { Executor } from './types.ts';

export interface PasswordReset {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

export function passwordResetsRepo(db: Executor) {
  return {
    async insert(r: { id: string; tokenHash: string; userId: string; at: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('password_resets')
        .values({ id: r.id, token_hash: r.tokenHash, user_id: r.userId, created_at: r.at, expires_at: r.expiresAt, used_at: null })
        .execute();
    },
    async findByTokenHash(tokenHash: string): Promise<PasswordReset | undefined> {
      const r = await db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && { id: r.id, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at };
    },
    /** Single use: only the first of two concurrent uses updates the row. */
    async markUsed(id: string, at: string): Promise<boolean> {
      const r = await db.updateTable('password_resets').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async invalidateForUser(userId: string, at: string): Promise<void> {
      await db.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    },
    async countRecent(userId: string, since: string): Promise<number> {
      const r = await db
        .selectFrom('password_resets')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('user_id', '=', userId)
        .where('created_at', '>', since)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
