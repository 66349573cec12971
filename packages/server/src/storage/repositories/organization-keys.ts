import type { Selectable } from 'kysely';
import type { OrganizationKeysTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type OrganizationKeyRow = Selectable<OrganizationKeysTable>;

/** A key as stored: the secret stays sealed here; the domain opens it only to sign. */
export interface OrganizationKey {
  readonly id: string;
  readonly organizationId: string;
  readonly seq: number;
  readonly kind: 'Ed25519';
  readonly publicKeyMultibase: string;
  readonly secretSealed: string;
  readonly status: 'active' | 'retired';
  readonly createdAt: string;
  readonly retiredAt: string | null;
}

export function rowToOrganizationKey(r: OrganizationKeyRow): OrganizationKey {
  return {
    id: r.id,
    organizationId: r.organization_id,
    seq: Number(r.seq),
    kind: r.kind,
    publicKeyMultibase: r.public_key_multibase,
    secretSealed: r.secret_sealed,
    status: r.status,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  };
}

export function organizationKeysRepo(db: Executor) {
  return {
    async insert(k: OrganizationKey): Promise<void> {
      await db
        .insertInto('organization_keys')
        .values({
          id: k.id,
          organization_id: k.organizationId,
          seq: k.seq,
          kind: k.kind,
          public_key_multibase: k.publicKeyMultibase,
          secret_sealed: k.secretSealed,
          status: k.status,
          created_at: k.createdAt,
          retired_at: k.retiredAt,
        })
        .execute();
    },
    /** Every key of the organization, oldest first (all of them stay in the DID document). */
    async listForOrganization(organizationId: string): Promise<OrganizationKey[]> {
      const rows = await db.selectFrom('organization_keys').selectAll().where('organization_id', '=', organizationId).orderBy('seq').execute();
      return rows.map(rowToOrganizationKey);
    },
    /** The newest active key: the one that signs. */
    async current(organizationId: string): Promise<OrganizationKey | undefined> {
      const r = await db
        .selectFrom('organization_keys')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('status', '=', 'active')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r && rowToOrganizationKey(r);
    },
    async maxSeq(organizationId: string): Promise<number> {
      const r = await db.selectFrom('organization_keys').select((eb) => eb.fn.max('seq').as('m')).where('organization_id', '=', organizationId).executeTakeFirst();
      return r?.m == null ? 0 : Number(r.m);
    },
    /** Keeps the key published (old credentials still verify) but stops it signing. */
    async retireAllExcept(organizationId: string, keepId: string, at: string): Promise<void> {
      await db.updateTable('organization_keys').set({ status: 'retired', retired_at: at }).where('organization_id', '=', organizationId).where('id', '!=', keepId).where('status', '=', 'active').execute();
    },
    /** Organizations that have no key yet (created before keys existed). */
    async organizationsWithoutKeys(): Promise<string[]> {
      const rows = await db
        .selectFrom('organizations')
        .select('organizations.id')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('organization_keys').select('organization_keys.id').whereRef('organization_keys.organization_id', '=', 'organizations.id'))))
        .orderBy('organizations.created_at')
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
