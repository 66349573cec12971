// VC-API exchanges through which an earner's wallet collects one award (migration 0017). Every change
// of state is a conditional UPDATE, so two requests racing on one exchange cannot both complete it.
import type { Executor } from './types.ts';

export type WalletExchangeState = 'pending' | 'completed' | 'expired';

export interface WalletExchange {
  readonly id: string;
  readonly awardId: string;
  readonly userId: string;
  readonly challenge: string;
  readonly state: WalletExchangeState;
  readonly holderDid: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly completedAt: string | null;
}

type Row = {
  id: string;
  award_id: string;
  user_id: string;
  challenge: string;
  state: WalletExchangeState;
  holder_did: string | null;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
};

function rowToExchange(r: Row): WalletExchange {
  return {
    id: r.id,
    awardId: r.award_id,
    userId: r.user_id,
    challenge: r.challenge,
    state: r.state,
    holderDid: r.holder_did,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    completedAt: r.completed_at,
  };
}

export function walletExchangesRepo(db: Executor) {
  return {
    async insert(e: { id: string; awardId: string; userId: string; challenge: string; at: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('wallet_exchanges')
        .values({ id: e.id, award_id: e.awardId, user_id: e.userId, challenge: e.challenge, state: 'pending', holder_did: null, created_at: e.at, expires_at: e.expiresAt, completed_at: null })
        .execute();
    },
    async find(id: string): Promise<WalletExchange | undefined> {
      const r = await db.selectFrom('wallet_exchanges').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToExchange(r);
    },
    /** The newest exchange of this award for this person that a wallet can still use at `now`. */
    async findUsable(awardId: string, userId: string, now: string): Promise<WalletExchange | undefined> {
      const r = await db
        .selectFrom('wallet_exchanges')
        .selectAll()
        .where('award_id', '=', awardId)
        .where('user_id', '=', userId)
        .where('state', '=', 'pending')
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return r && rowToExchange(r);
    },
    /** Ends every pending exchange of this award for this person (a fresh code replaces them); returns how many. */
    async expirePending(awardId: string, userId: string): Promise<number> {
      const res = await db.updateTable('wallet_exchanges').set({ state: 'expired' }).where('award_id', '=', awardId).where('user_id', '=', userId).where('state', '=', 'pending').executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
    /** Marks one exchange found past its expiry; false if it was no longer pending. */
    async markExpired(id: string): Promise<boolean> {
      const res = await db.updateTable('wallet_exchanges').set({ state: 'expired' }).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /**
     * Forgets one person's codes that can no longer be used (expired, replaced, or pending past their
     * expiry); completed ones stay as the record of a delivery. Per person, so concurrent starts by
     * different people never lock each other's rows.
     */
    async deleteDead(userId: string, now: string): Promise<void> {
      await db.deleteFrom('wallet_exchanges').where('user_id', '=', userId).where('state', '!=', 'completed').where('expires_at', '<=', now).execute();
    },
    /** Completes a pending, unexpired exchange once: false when another request completed it first, it was replaced, or it expired. */
    async complete(c: { id: string; challenge: string; holderDid: string; now: string }): Promise<boolean> {
      const res = await db
        .updateTable('wallet_exchanges')
        .set({ state: 'completed', holder_did: c.holderDid, completed_at: c.now })
        .where('id', '=', c.id)
        .where('challenge', '=', c.challenge)
        .where('state', '=', 'pending')
        .where('expires_at', '>', c.now)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
  };
}
