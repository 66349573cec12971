// Single sign-on: each organization's identity providers, the identities they vouch for, sign-ins
// under way (state bound to a browser) and the assertion ids / nonces already accepted.
import type { Selectable } from 'kysely';
import type { IdentityProvidersTable } from '../schema.ts';
import type { Executor } from './types.ts';

export interface IdentityProviderRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly protocol: 'saml' | 'oidc';
  readonly name: string;
  readonly status: 'active' | 'disabled';
  /** Parsed JSON: protocol settings (public). */
  readonly settings: Record<string, unknown>;
  readonly secretsSealed: string | null;
  /** Parsed JSON: attribute mapping and role rules. */
  readonly mapping: Record<string, unknown>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toRecord(r: Selectable<IdentityProvidersTable>): IdentityProviderRecord {
  return {
    id: r.id,
    organizationId: r.organization_id,
    protocol: r.protocol,
    name: r.name,
    status: r.status,
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    secretsSealed: r.secrets_sealed,
    mapping: JSON.parse(r.mapping) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface SsoLoginRecord {
  readonly id: string;
  readonly browserHash: string;
  readonly idpId: string;
  readonly requestId: string | null;
  readonly nonce: string | null;
  readonly codeVerifier: string | null;
  readonly next: string;
  readonly expiresAt: string;
  readonly verifiedAt: string | null;
  readonly userId: string | null;
  readonly sessionFacts: string | null;
  readonly usedAt: string | null;
}

export function identityProvidersRepo(db: Executor) {
  return {
    async insert(p: Omit<IdentityProviderRecord, 'createdAt' | 'updatedAt'> & { at: string }): Promise<void> {
      await db
        .insertInto('identity_providers')
        .values({
          id: p.id,
          organization_id: p.organizationId,
          protocol: p.protocol,
          name: p.name,
          status: p.status,
          settings: JSON.stringify(p.settings),
          secrets_sealed: p.secretsSealed,
          mapping: JSON.stringify(p.mapping),
          created_at: p.at,
          updated_at: p.at,
        })
        .execute();
    },
    async update(id: string, p: { name: string; settings: Record<string, unknown>; secretsSealed: string | null; mapping: Record<string, unknown>; at: string }): Promise<void> {
      await db
        .updateTable('identity_providers')
        .set({ name: p.name, settings: JSON.stringify(p.settings), secrets_sealed: p.secretsSealed, mapping: JSON.stringify(p.mapping), updated_at: p.at })
        .where('id', '=', id)
        .execute();
    },
    async setStatus(id: string, status: 'active' | 'disabled', at: string): Promise<void> {
      await db.updateTable('identity_providers').set({ status, updated_at: at }).where('id', '=', id).execute();
    },
    async findById(id: string): Promise<IdentityProviderRecord | undefined> {
      const r = await db.selectFrom('identity_providers').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRecord(r);
    },
    async forOrganization(organizationId: string): Promise<IdentityProviderRecord[]> {
      const rows = await db.selectFrom('identity_providers').selectAll().where('organization_id', '=', organizationId).orderBy('name').orderBy('id').execute();
      return rows.map(toRecord);
    },
    /** Every active IdP with its organization's name: the sign-in page's choices. */
    async activeWithOrganization(): Promise<Array<IdentityProviderRecord & { organizationName: string; organizationSlug: string }>> {
      const rows = await db
        .selectFrom('identity_providers')
        .innerJoin('organizations', 'organizations.id', 'identity_providers.organization_id')
        .selectAll('identity_providers')
        .select(['organizations.name as org_name', 'organizations.slug as org_slug'])
        .where('identity_providers.status', '=', 'active')
        .where('organizations.status', '=', 'active')
        .orderBy('organizations.name')
        .orderBy('identity_providers.name')
        .execute();
      return rows.map((r) => ({ ...toRecord(r), organizationName: r.org_name, organizationSlug: r.org_slug }));
    },
    /** Every IdP but one (its email domains must not overlap another organization's). */
    async allExcept(id: string | null): Promise<IdentityProviderRecord[]> {
      let q = db.selectFrom('identity_providers').selectAll();
      if (id) q = q.where('id', '!=', id);
      return (await q.execute()).map(toRecord);
    },
    /** Removes an IdP with its identities and sign-ins under way (accounts stay; sessions end). */
    async delete(id: string): Promise<void> {
      await db.deleteFrom('sso_logins').where('idp_id', '=', id).execute();
      await db.deleteFrom('sso_identities').where('idp_id', '=', id).execute();
      await db.deleteFrom('sessions').where('sso_idp_id', '=', id).execute();
      await db.updateTable('memberships').set({ source: null }).where('source', '=', `sso:${id}`).execute();
      await db.deleteFrom('identity_providers').where('id', '=', id).execute();
    },
    async countIdentities(idpId: string): Promise<number> {
      const r = await db.selectFrom('sso_identities').select((eb) => eb.fn.countAll<string | number>().as('n')).where('idp_id', '=', idpId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export function ssoIdentitiesRepo(db: Executor) {
  return {
    async find(idpId: string, subject: string): Promise<{ id: string; userId: string } | undefined> {
      const r = await db.selectFrom('sso_identities').select(['id', 'user_id']).where('idp_id', '=', idpId).where('subject', '=', subject).executeTakeFirst();
      return r && { id: r.id, userId: r.user_id };
    },
    async insert(i: { id: string; idpId: string; subject: string; userId: string; at: string }): Promise<void> {
      await db.insertInto('sso_identities').values({ id: i.id, idp_id: i.idpId, subject: i.subject, user_id: i.userId, created_at: i.at, last_sign_in_at: i.at }).execute();
    },
    async touch(id: string, at: string): Promise<void> {
      await db.updateTable('sso_identities').set({ last_sign_in_at: at }).where('id', '=', id).execute();
    },
    /** The identity providers a user signs in with (their organization ids decide whether passwords are allowed). */
    async forUser(userId: string): Promise<Array<{ idpId: string; organizationId: string; idpName: string; createdAt: string; lastSignInAt: string | null }>> {
      const rows = await db
        .selectFrom('sso_identities')
        .innerJoin('identity_providers', 'identity_providers.id', 'sso_identities.idp_id')
        .select(['sso_identities.idp_id', 'identity_providers.organization_id', 'identity_providers.name', 'sso_identities.created_at', 'sso_identities.last_sign_in_at'])
        .where('sso_identities.user_id', '=', userId)
        .orderBy('identity_providers.name')
        .execute();
      return rows.map((r) => ({ idpId: r.idp_id, organizationId: r.organization_id, idpName: r.name, createdAt: r.created_at, lastSignInAt: r.last_sign_in_at }));
    },
  };
}

export function ssoLoginsRepo(db: Executor) {
  return {
    async insert(l: { id: string; stateHash: string; browserHash: string; idpId: string; requestId: string | null; nonce: string | null; codeVerifier: string | null; next: string; at: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('sso_logins')
        .values({
          id: l.id,
          state_hash: l.stateHash,
          browser_hash: l.browserHash,
          idp_id: l.idpId,
          request_id: l.requestId,
          nonce: l.nonce,
          code_verifier: l.codeVerifier,
          next: l.next,
          created_at: l.at,
          expires_at: l.expiresAt,
          verified_at: null,
          user_id: null,
          session_facts: null,
          used_at: null,
        })
        .execute();
    },
    async findByState(stateHash: string): Promise<SsoLoginRecord | undefined> {
      const r = await db.selectFrom('sso_logins').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
      return (
        r && {
          id: r.id,
          browserHash: r.browser_hash,
          idpId: r.idp_id,
          requestId: r.request_id,
          nonce: r.nonce,
          codeVerifier: r.code_verifier,
          next: r.next,
          expiresAt: r.expires_at,
          verifiedAt: r.verified_at,
          userId: r.user_id,
          sessionFacts: r.session_facts,
          usedAt: r.used_at,
        }
      );
    },
    /** Records the verified answer once; false when it was already answered (a second response for one request). */
    async markVerified(id: string, p: { userId: string; sessionFacts: string; at: string }): Promise<boolean> {
      const res = await db
        .updateTable('sso_logins')
        .set({ verified_at: p.at, user_id: p.userId, session_facts: p.sessionFacts, code_verifier: null })
        .where('id', '=', id)
        .where('verified_at', 'is', null)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /** Spends a sign-in; false when it was already spent. */
    async markUsed(id: string, at: string): Promise<boolean> {
      const res = await db.updateTable('sso_logins').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async deleteExpired(now: string): Promise<void> {
      await db.deleteFrom('sso_logins').where('expires_at', '<=', now).execute();
      await db.deleteFrom('sso_replays').where('expires_at', '<=', now).execute();
    },
    /** Remembers an assertion id / nonce; false when it was seen before (a replay). */
    async remember(key: string, expiresAt: string): Promise<boolean> {
      const res = await db.insertInto('sso_replays').values({ key, expires_at: expiresAt }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}
