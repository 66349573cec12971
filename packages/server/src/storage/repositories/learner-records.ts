// Learner records (migration 0024): an earner's signed ClrCredentials, stored as signed.
import type { Executor } from './types.ts';

export interface LearnerRecord {
  readonly id: string;
  readonly userId: string;
  readonly credentialId: string;
  readonly name: string;
  readonly awardIds: readonly string[];
  readonly badgeCount: number;
  readonly partial: boolean;
  readonly credential: string;
  readonly createdAt: string;
}

export function learnerRecordsRepo(db: Executor) {
  const map = (r: { id: string; user_id: string; credential_id: string; name: string; award_ids: string; badge_count: number; partial: number; credential: string; created_at: string }): LearnerRecord => ({
    id: r.id,
    userId: r.user_id,
    credentialId: r.credential_id,
    name: r.name,
    awardIds: JSON.parse(r.award_ids) as string[],
    badgeCount: Number(r.badge_count),
    partial: Number(r.partial) === 1,
    credential: r.credential,
    createdAt: r.created_at,
  });
  return {
    async insert(e: LearnerRecord): Promise<void> {
      await db
        .insertInto('learner_records')
        .values({ id: e.id, user_id: e.userId, credential_id: e.credentialId, name: e.name, award_ids: JSON.stringify(e.awardIds), badge_count: e.badgeCount, partial: e.partial ? 1 : 0, credential: e.credential, created_at: e.createdAt })
        .execute();
    },
    async findById(id: string): Promise<LearnerRecord | undefined> {
      const r = await db.selectFrom('learner_records').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? map(r) : undefined;
    },
    /** Newest first. */
    async forUser(userId: string): Promise<LearnerRecord[]> {
      return (await db.selectFrom('learner_records').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(map);
    },
  };
}
