// oidc-provider's storage adapter over Laurel's database (storage/repositories/oauth.ts): every app process
// shares clients, grants, codes and tokens, and they survive restarts. The library's contract: upsert with a
// lifetime in seconds, find (undefined once expired), consume for single-use codes (the library then
// refuses a reused code and revokes what was issued from it), revokeByGrantId for a whole grant.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { repos } from '../../storage/repositories/index.ts';
import { nowIso, type Deps } from '../deps.ts';

function text(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

export type AdapterClass = new (kind: string) => Adapter;

export function databaseAdapter(deps: Pick<Deps, 'db' | 'clock'>): AdapterClass {
  const r = repos(deps.db);
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly kind: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const now = deps.clock().getTime();
      await r.oauthModels.upsert({
        kind: this.kind,
        id,
        payload,
        grantId: text(payload.grantId),
        uid: text(payload.uid),
        userCode: text(payload.userCode),
        accountId: text(payload.accountId),
        clientId: text(payload.clientId) ?? text(payload.client_id),
        expiresAt: typeof expiresIn === 'number' ? new Date(now + expiresIn * 1000).toISOString() : null,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const m = await r.oauthModels.find(this.kind, id, nowIso(deps));
      if (!m) return undefined;
      return m.consumedAt ? { ...m.payload, consumed: Math.floor(Date.parse(m.consumedAt) / 1000) } : m.payload;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await r.oauthModels.findBy(this.kind, 'uid', uid, nowIso(deps)))?.payload;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return (await r.oauthModels.findBy(this.kind, 'user_code', userCode, nowIso(deps)))?.payload;
    }

    async consume(id: string): Promise<void> {
      await r.oauthModels.consume(this.kind, id, nowIso(deps));
    }

    async destroy(id: string): Promise<void> {
      await r.oauthModels.destroy(this.kind, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await r.oauthModels.destroyByGrant(grantId);
    }
  };
}
