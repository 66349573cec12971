// Single sign-on with each organization's identity providers (SAML 2.0, OpenID Connect).
//
// identity_providers: one row per IdP an organization configured. settings holds the public,
// protocol-specific configuration as JSON (SAML: the IdP's entity id, endpoints and 1–2 signing
// certificates, the SP certificate, clock skew; OIDC: issuer, client id, scopes and the discovery
// document); secrets_sealed holds the secrets (the SP private key, the OIDC client secret), sealed with
// the app's secret box bound to the IdP id; mapping holds the attribute mapping and role rules.
// sso_identities: the IdP's stable id for a person (pairwise-id, eduPersonPrincipalName, `sub`) → the
// Laurel account it signs in; unique per IdP, so one person is one account.
// sso_logins: a sign-in under way: the hash of the state (RelayState / OAuth state), the hash of a
// cookie that binds it to the browser that started it, the SAML request id or the OIDC nonce and PKCE
// verifier, where to go next; ten minutes, single use. After the IdP's answer is verified it holds the
// account and the session facts until the browser that started it completes it.
// sso_replays: assertion ids and nonces already accepted, until they expire.
// organizations.password_sign_in: 0 when the organization signs its members in only through its IdPs.
// memberships.source: 'sso:<idp id>' for a role the IdP's mapping granted (the mapping may take it away
// again at a later sign-in); null for roles granted by hand or invitation.
// sessions.sso_*: which IdP a session came from and what single logout needs.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('secrets_sealed', 'text')
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identity_providers_org_idx').on('identity_providers').columns(['organization_id', 'status']).execute();

  await db.schema
    .createTable('sso_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idp_id', 'text', (c) => c.notNull().references('identity_providers.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .addUniqueConstraint('sso_identities_idp_subject_unique', ['idp_id', 'subject'])
    .execute();
  await db.schema.createIndex('sso_identities_user_idx').on('sso_identities').column('user_id').execute();

  await db.schema
    .createTable('sso_logins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('idp_id', 'text', (c) => c.notNull().references('identity_providers.id'))
    .addColumn('request_id', 'text')
    .addColumn('nonce', 'text')
    .addColumn('code_verifier', 'text')
    .addColumn('next', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('session_facts', 'text')
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('sso_replays')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('organizations').addColumn('password_sign_in', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('memberships').addColumn('source', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('sso_idp_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('sso_name_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('sso_facts', 'text').execute();
  await db.schema.createIndex('sessions_sso_idx').on('sessions').columns(['sso_idp_id', 'sso_name_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_sso_idx').execute();
  for (const c of ['sso_facts', 'sso_name_id', 'sso_idp_id']) await db.schema.alterTable('sessions').dropColumn(c).execute();
  await db.schema.alterTable('memberships').dropColumn('source').execute();
  await db.schema.alterTable('organizations').dropColumn('password_sign_in').execute();
  await db.schema.dropTable('sso_replays').execute();
  await db.schema.dropTable('sso_logins').execute();
  await db.schema.dropTable('sso_identities').execute();
  await db.schema.dropTable('identity_providers').execute();
}
