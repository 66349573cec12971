// LTI 1.3: Laurel as a tool inside campus learning platforms (Canvas, Moodle, D2L Brightspace,
// Blackboard), issue #14. Independent of every migration after 0005 (it references organizations and
// badge_classes only), so it merges beside 0012 (webhooks) in either order.
//
// lti_platforms: one registration of Laurel in a platform, owned by one institution. A platform is
// identified by (issuer, client_id): Canvas Cloud uses one issuer for every school, each with its own
// developer key (client id). auth_login_url is the platform's OIDC authorization endpoint, auth_token_url
// its OAuth 2 token endpoint (for the services items 3–4 call), jwks_url its signing keys. registered_via
// 'manual' | 'dynamic' (LTI Dynamic Registration); product_family is the platform's product_family_code
// (canvas, moodle, desire2learn, BlackboardLearn) when it said so.
// lti_deployments: the deployment ids of a platform registration (an install of the tool in an account,
// a site or an org unit); a launch naming another deployment is refused.
// lti_tool_keys: Laurel's own signing keys as a tool (deep-linking responses, later the services' client
// assertions). id is the JWK kid. The private JWK is sealed with the secret box; public_jwk is published
// at /lti/jwks.json. One active key at a time (a partial unique index, so two processes cannot both make
// the first one); a retired key stays published for seven days so platforms that cached the JWKS still
// verify what it signed.
// lti_logins: an OIDC login initiation under way: the hash of the state, the nonce sent to the platform,
// the hash of a cookie binding it to the browser when the public URL is https (null otherwise), ten
// minutes, single use. After the launch is verified, launch holds what the next step needs (JSON), and
// continue_hash the hash of the token the deep-linking page's form carries.
// lti_nonces: nonces of accepted id_tokens per platform until they expire (replay).
// lti_placements: what deep linking created: a badge class placed in a course (context) of a platform.
// resource_link_id is filled in by the first launch of the link (the platform assigns it after the deep
// linking response). Items 3–4 add the award rules that hang off a placement.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lti_platforms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('auth_login_url', 'text', (c) => c.notNull())
    .addColumn('auth_token_url', 'text', (c) => c.notNull())
    .addColumn('jwks_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('registered_via', 'text', (c) => c.notNull())
    .addColumn('product_family', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('lti_platforms_issuer_client_unique', ['issuer', 'client_id'])
    .execute();
  await db.schema.createIndex('lti_platforms_org_idx').on('lti_platforms').column('organization_id').execute();

  await db.schema
    .createTable('lti_deployments')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id'))
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_deployments_pk', ['platform_id', 'deployment_id'])
    .execute();

  await db.schema
    .createTable('lti_tool_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema.createIndex('lti_tool_keys_one_active').on('lti_tool_keys').column('status').unique().where(sql.ref('status'), '=', 'active').execute();

  await db.schema
    .createTable('lti_logins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('browser_hash', 'text')
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id'))
    .addColumn('target_link_uri', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('launch', 'text')
    .addColumn('continue_hash', 'text', (c) => c.unique())
    .addColumn('continue_expires_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('lti_logins_expires_idx').on('lti_logins').column('expires_at').execute();

  await db.schema
    .createTable('lti_nonces')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id'))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_nonces_pk', ['platform_id', 'nonce'])
    .execute();

  await db.schema
    .createTable('lti_placements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id'))
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('context_id', 'text', (c) => c.notNull())
    .addColumn('context_title', 'text', (c) => c.notNull())
    .addColumn('resource_link_id', 'text')
    .addColumn('badge_class_id', 'text', (c) => c.notNull().references('badge_classes.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lti_placements_context_idx').on('lti_placements').columns(['platform_id', 'context_id']).execute();
  await db.schema.createIndex('lti_placements_link_uq').on('lti_placements').columns(['platform_id', 'resource_link_id']).unique().where(sql.ref('resource_link_id'), 'is not', null).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lti_placements').execute();
  await db.schema.dropTable('lti_nonces').execute();
  await db.schema.dropTable('lti_logins').execute();
  await db.schema.dropTable('lti_tool_keys').execute();
  await db.schema.dropTable('lti_deployments').execute();
  await db.schema.dropTable('lti_platforms').execute();
}
