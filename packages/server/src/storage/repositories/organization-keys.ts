import type { Selectable } from 'kysely';
import type { OrganizationKeysTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type OrganizationKeyRow = Selectable<OrganizationKeysTable>;

/** The VC-JWT keys of a key set (migration 0015): public JWKs as JSON text, private JWKs sealed. */
export interface SealedJwtKeys {
  readonly rsaPublicJwk: string;
  readonly rsaSecretSealed: string;
  readonly p256PublicJwk: string;
  readonly p256SecretSealed: string;
}

/** A key set as stored: the secrets stay sealed here; the domain opens them only to sign. */
export interface OrganizationKey {
  readonly id: string;
  readonly organizationId: string;
  readonly seq: number;
  readonly kind: 'Ed25519';
  readonly publicKeyMultibase: string;
  readonly secretSealed: string;
  /** RS256 (#key-N-rs256) and ES256 (#key-N-es256) keys; null for a set made before 0015 that has not signed since. */
  readonly jwt: SealedJwtKeys | null;
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
    jwt: r.rsa_public_jwk && r.rsa_secret_sealed && r.p256_public_jwk && r.p256_secret_sealed
      ? { rsaPublicJwk: r.rsa_public_jwk, rsaSecretSealed: r.rsa_secret_sealed, p256PublicJwk: r.p256_public_jwk, p256SecretSealed: r.p256_secret_sealed }
      : null,
    status: r.status,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  };
}

function jwtColumns(j: SealedJwtKeys | null) {
  return { rsa_public_jwk: j?.rsaPublicJwk ?? null, rsa_secret_sealed: j?.rsaSecretSealed ?? null, p256_public_jwk: j?.p256PublicJwk ?? null, p256_secret_sealed: j?.p256SecretSealed ?? null };
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
          ...jwtColumns(k.jwt),
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
    /** Gives a key set from before 0015 its JWT keys, unless another process did first (false then). */
    async addJwtKeys(id: string, jwt: SealedJwtKeys): Promise<boolean> {
      const res = await db.updateTable('organization_keys').set(jwtColumns(jwt)).where('id', '=', id).where('rsa_public_jwk', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    /** Active key sets without JWT keys (made before 0015). */
    async activeWithoutJwtKeys(): Promise<OrganizationKey[]> {
      const rows = await db.selectFrom('organization_keys').selectAll().where('status', '=', 'active').where('rsa_public_jwk', 'is', null).execute();
      return rows.map(rowToOrganizationKey);
    },
    async findById(id: string): Promise<OrganizationKey | undefined> {
      const r = await db.selectFrom('organization_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToOrganizationKey(r);
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
