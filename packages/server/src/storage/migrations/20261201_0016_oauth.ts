// The OAuth 2.0 authorization server of the Open Badges 3.0 API (issue #15 item 1): oidc-provider keeps
// its artefacts (registered clients, grants, authorization codes, access and refresh tokens, interactions,
// sessions) here through a database adapter, so every app process sees the same state and a restart
// loses nothing. One table for every kind, as the library's adapter interface is keyed by (kind, id):
// payload is the library's JSON; grant_id, uid, user_code, account_id and client_id are copied out of it
// so tokens can be revoked by grant, interactions found by uid, and an earner's connected apps listed.
// expires_at / consumed_at are ISO-8601 UTC like every timestamp here.
//
// oauth_keys: the server's own signing key (RS256, sealed with the master key): oidc-provider signs
// nothing an OB client needs without OpenID Connect, but it requires one key, and it must be the same on
// every process.
//
// external_badges.credential_id: the `id` of a credential pushed through upsertCredential (or imported),
// so a second push of the same credential updates it instead of adding a copy.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oauth_models')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('user_code', 'text')
    .addColumn('account_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('oauth_models_pk', ['kind', 'id'])
    .execute();
  await db.schema.createIndex('oauth_models_grant_idx').on('oauth_models').column('grant_id').execute();
  await db.schema.createIndex('oauth_models_uid_idx').on('oauth_models').column('uid').execute();
  await db.schema.createIndex('oauth_models_account_idx').on('oauth_models').columns(['kind', 'account_id']).execute();
  await db.schema.createIndex('oauth_models_expiry_idx').on('oauth_models').column('expires_at').execute();
  await db.schema
    .createTable('oauth_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('private_jwk_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('external_badges').addColumn('credential_id', 'text').execute();
  await db.schema.alterTable('external_badges').addColumn('updated_at', 'text').execute();
  await db.schema.createIndex('external_badges_credential_idx').on('external_badges').columns(['user_id', 'credential_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('external_badges_credential_idx').execute();
  await db.schema.alterTable('external_badges').dropColumn('updated_at').execute();
  await db.schema.alterTable('external_badges').dropColumn('credential_id').execute();
  await db.schema.dropTable('oauth_keys').execute();
  await db.schema.dropTable('oauth_models').execute();
}
