// Organization signing keys and Bitstring Status Lists. Same conventions as 0001: Kysely<any>, text ids,
// ISO-8601 text timestamps, integers for counters, so both dialects behave the same.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per key an organization has ever had. The DID (and so the key's absolute id) is derived from
  // LAUREL_PUBLIC_URL and the slug at read time; rows hold only what cannot be recomputed.
  await db.schema
    .createTable('organization_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    // 1, 2, 3 … → fragment #key-1, #key-2 …; the highest active one signs.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('public_key_multibase', 'text', (c) => c.notNull())
    // AES-256-GCM sealed secret key (see src/keys.ts createSecretBox); never plaintext.
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addUniqueConstraint('organization_keys_org_seq_uq', ['organization_id', 'seq'])
    .execute();

  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    // The list's number in its public URL: /orgs/<slug>/status/<purpose>/<seq>.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    // Allocation counter; handed out with one conditional UPDATE … RETURNING (safe across processes).
    .addColumn('allocated', 'integer', (c) => c.notNull().defaultTo(0))
    // Counter → index is an affine bijection on [0, length): indexes do not reveal issuance order.
    .addColumn('index_stride', 'integer', (c) => c.notNull())
    .addColumn('index_offset', 'integer', (c) => c.notNull())
    // Bitstring Status List encodedList ('u' + base64url(gzip(bits))).
    .addColumn('encoded_list', 'text', (c) => c.notNull())
    // Bumped on every bit change; optimistic concurrency for writers and the signed-copy cache key.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signed_credential', 'text')
    .addColumn('signed_version', 'integer')
    .addColumn('signed_key_id', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('status_lists_org_purpose_seq_uq', ['organization_id', 'purpose', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_lists').execute();
  await db.schema.dropTable('organization_keys').execute();
}
