// API idempotency keys: a retried request with the same key and body gets the first answer.
import type { Executor } from './types.ts';

export function idempotencyRepo(db: Executor) {
  return {
    async find(scope: string, key: string): Promise<{ requestHash: string; statusCode: number | null; response: string | null } | undefined> {
      const r = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
      return r && { requestHash: r.request_hash, statusCode: r.status_code === null ? null : Number(r.status_code), response: r.response };
    },
    /** Reserves the key; false when someone else holds it already. */
    async reserve(scope: string, key: string, requestHash: string, at: string): Promise<boolean> {
      const r = await db.insertInto('idempotency_keys').values({ scope, key, request_hash: requestHash, status_code: null, response: null, created_at: at }).onConflict((oc) => oc.columns(['scope', 'key']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async complete(scope: string, key: string, statusCode: number, response: string): Promise<void> {
      await db.updateTable('idempotency_keys').set({ status_code: statusCode, response }).where('scope', '=', scope).where('key', '=', key).execute();
    },
    async release(scope: string, key: string): Promise<void> {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status_code', 'is', null).execute();
    },
  };
}
