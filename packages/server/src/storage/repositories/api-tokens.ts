import type { Executor } from './types.ts';

export interface ApiToken {
  readonly id: string;
  readonly prefix: string;
  readonly name: string;
  readonly userId: string | null;
  readonly organizationId: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export function apiTokensRepo(db: Executor) {
  const map = (r: { id: string; prefix: string; name: string; user_id: string | null; organization_id: string | null; created_at: string; last_used_at: string | null; revoked_at: string | null }): ApiToken => ({
    id: r.id,
    prefix: r.prefix,
    name: r.name,
    userId: r.user_id,
    organizationId: r.organization_id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  });
  return {
    async insert(t: { id: string; tokenHash: string; prefix: string; name: string; userId: string | null; organizationId: string | null; createdBy: string | null; at: string }): Promise<void> {
      await db
        .insertInto('api_tokens')
        .values({
          id: t.id,
          token_hash: t.tokenHash,
          prefix: t.prefix,
          name: t.name,
          user_id: t.userId,
          organization_id: t.organizationId,
          created_by: t.createdBy,
          created_at: t.at,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
    },
    async findActiveByHash(tokenHash: string): Promise<ApiToken | undefined> {
      const r = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
      return r && map(r);
    },
    async listForUser(userId: string): Promise<ApiToken[]> {
      return (await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute()).map(map);
    },
    async listForOrganization(organizationId: string): Promise<ApiToken[]> {
      return (await db.selectFrom('api_tokens').selectAll().where('organization_id', '=', organizationId).where('user_id', 'is', null).orderBy('created_at', 'desc').execute()).map(map);
    },
    async findById(id: string): Promise<ApiToken | undefined> {
      const r = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && map(r);
    },
    async revoke(id: string, at: string): Promise<void> {
      await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },
    async touch(id: string, at: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}
