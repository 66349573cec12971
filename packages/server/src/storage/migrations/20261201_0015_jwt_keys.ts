// VC-JWT (issue #15 item 3): RS256 and ES256 keys beside each Ed25519 key, and the JWTs of an award,
// signed once when it is issued and stored like its Data Integrity credential.
//
// organization_keys: a row stays one key *set* of seq N — the Ed25519 key (#key-N, Data Integrity), now
// with an RSA 2048 key (#key-N-rs256) and a P-256 key (#key-N-es256) for VC-JWT. The public halves are
// JWK JSON text, the private halves sealed with the master key like secret_sealed. Null for key sets made
// before this migration: the active set gets its JWT keys the first time it signs (or at start-up), since
// a migration has no master key to seal with; retired sets never sign again and need none.
// awards.jwt_rs256 / jwt_es256: the compact VC-JWTs of the award (the credential without its DI proof),
// signed at award time with the key set of that moment. Null for awards issued before this migration:
// the first download signs once with the then-current key set and stores them (a lazy backfill, for the
// same reason: signing needs the master key).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const c of ['rsa_public_jwk', 'rsa_secret_sealed', 'p256_public_jwk', 'p256_secret_sealed']) {
    await db.schema.alterTable('organization_keys').addColumn(c, 'text').execute();
  }
  await db.schema.alterTable('awards').addColumn('jwt_rs256', 'text').execute();
  await db.schema.alterTable('awards').addColumn('jwt_es256', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('awards').dropColumn('jwt_es256').execute();
  await db.schema.alterTable('awards').dropColumn('jwt_rs256').execute();
  for (const c of ['p256_secret_sealed', 'p256_public_jwk', 'rsa_secret_sealed', 'rsa_public_jwk']) {
    await db.schema.alterTable('organization_keys').dropColumn(c).execute();
  }
}
