// Earners' extra email addresses (verified by a link), so awards sent to any of them reach one portfolio.
import type { Executor } from './types.ts';

export interface EarnerEmail {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  readonly verifiedAt: string | null;
  readonly createdAt: string;
}

export function earnerEmailsRepo(db: Executor) {
  const map = (r: { id: string; user_id: string; email: string; verified_at: string | null; created_at: string }): EarnerEmail => ({ id: r.id, userId: r.user_id, email: r.email, verifiedAt: r.verified_at, createdAt: r.created_at });
  return {
    async insert(e: { id: string; userId: string; email: string; tokenHash: string | null; verifiedAt: string | null; at: string }): Promise<void> {
      await db.insertInto('earner_emails').values({ id: e.id, user_id: e.userId, email: e.email, token_hash: e.tokenHash, verified_at: e.verifiedAt, created_at: e.at }).execute();
    },
    async forUser(userId: string): Promise<EarnerEmail[]> {
      return (await db.selectFrom('earner_emails').select(['id', 'user_id', 'email', 'verified_at', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute()).map(map);
    },
    async verifiedOwner(email: string): Promise<string | undefined> {
      const r = await db.selectFrom('earner_emails').select('user_id').where('email', '=', email).where('verified_at', 'is not', null).executeTakeFirst();
      return r?.user_id;
    },
    async findByToken(hash: string): Promise<(EarnerEmail & { tokenHash: string }) | undefined> {
      const r = await db.selectFrom('earner_emails').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      return r ? { ...map(r), tokenHash: r.token_hash! } : undefined;
    },
    async markVerified(id: string, at: string): Promise<void> {
      await db.updateTable('earner_emails').set({ verified_at: at, token_hash: null }).where('id', '=', id).execute();
    },
    async remove(id: string, userId: string): Promise<void> {
      await db.deleteFrom('earner_emails').where('id', '=', id).where('user_id', '=', userId).execute();
    },
  };
}
