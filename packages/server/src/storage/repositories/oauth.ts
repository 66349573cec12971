// oidc-provider's artefacts (clients, grants, codes, tokens, sessions, interactions), one row per
// (kind, id), and the authorization server's sealed signing key. The domain's adapter
// (domain/oauth/adapter.ts) maps the library's interface onto these.
import type { Executor } from './types.ts';

export interface OauthModel {
  readonly kind: string;
  readonly id: string;
  readonly payload: Record<string, unknown>;
  readonly expiresAt: string | null;
  readonly consumedAt: string | null;
}

export interface OauthModelWrite {
  readonly kind: string;
  readonly id: string;
  readonly payload: Record<string, unknown>;
  readonly grantId: string | null;
  readonly uid: string | null;
  readonly userCode: string | null;
  readonly accountId: string | null;
  readonly clientId: string | null;
  readonly expiresAt: string | null;
}

interface Row {
  kind: string;
  id: string;
  payload: string;
  expires_at: string | null;
  consumed_at: string | null;
}

const COLUMNS = ['kind', 'id', 'payload', 'expires_at', 'consumed_at'] as const;

function map(r: Row): OauthModel {
  return { kind: r.kind, id: r.id, payload: JSON.parse(r.payload) as Record<string, unknown>, expiresAt: r.expires_at, consumedAt: r.consumed_at };
}

export function oauthModelsRepo(db: Executor) {
  return {
    async upsert(m: OauthModelWrite): Promise<void> {
      const values = { payload: JSON.stringify(m.payload), grant_id: m.grantId, uid: m.uid, user_code: m.userCode, account_id: m.accountId, client_id: m.clientId, expires_at: m.expiresAt, consumed_at: null };
      await db
        .insertInto('oauth_models')
        .values({ kind: m.kind, id: m.id, ...values })
        .onConflict((oc) => oc.columns(['kind', 'id']).doUpdateSet(values))
        .execute();
    },
    /** Live rows only: one past its expiry is as good as gone (the purge removes it later). */
    async find(kind: string, id: string, now: string): Promise<OauthModel | undefined> {
      const r = await db
        .selectFrom('oauth_models')
        .select(COLUMNS)
        .where('kind', '=', kind)
        .where('id', '=', id)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst();
      return r ? map(r) : undefined;
    },
    async findBy(kind: string, column: 'uid' | 'user_code', value: string, now: string): Promise<OauthModel | undefined> {
      const r = await db
        .selectFrom('oauth_models')
        .select(COLUMNS)
        .where('kind', '=', kind)
        .where(column, '=', value)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst();
      return r ? map(r) : undefined;
    },
    /** Marks a single-use artefact (an authorization code) used; true when this call was the first. */
    async consume(kind: string, id: string, now: string): Promise<boolean> {
      const r = await db.updateTable('oauth_models').set({ consumed_at: now }).where('kind', '=', kind).where('id', '=', id).where('consumed_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async destroy(kind: string, id: string): Promise<void> {
      await db.deleteFrom('oauth_models').where('kind', '=', kind).where('id', '=', id).execute();
    },
    /** Every token and code issued under one grant, whatever its kind. */
    async destroyByGrant(grantId: string): Promise<number> {
      const r = await db.deleteFrom('oauth_models').where('grant_id', '=', grantId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    /** An earner's live grants (kind Grant), newest first. */
    async grantsOf(accountId: string, now: string): Promise<OauthModel[]> {
      const rows = await db
        .selectFrom('oauth_models')
        .select(COLUMNS)
        .where('kind', '=', 'Grant')
        .where('account_id', '=', accountId)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .orderBy('id')
        .execute();
      return rows.map(map);
    },
    /** Removes what expired before `now`; returns how many rows went. */
    async purgeExpired(now: string): Promise<number> {
      const r = await db.deleteFrom('oauth_models').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function oauthKeysRepo(db: Executor) {
  return {
    async current(): Promise<{ id: string; sealed: string } | undefined> {
      const r = await db.selectFrom('oauth_keys').select(['id', 'private_jwk_sealed']).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      return r ? { id: r.id, sealed: r.private_jwk_sealed } : undefined;
    },
    /** Stores the first key; a second process racing to do the same keeps the one already there. */
    async insertFirst(k: { id: string; sealed: string; createdAt: string }): Promise<void> {
      await db.insertInto('oauth_keys').values({ id: k.id, private_jwk_sealed: k.sealed, created_at: k.createdAt }).onConflict((oc) => oc.column('id').doNothing()).execute();
    },
  };
}
