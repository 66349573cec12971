// LTI 1.3: platform registrations and their deployments, Laurel's own signing keys as a tool, login
// initiations under way (state bound to a browser, single use), accepted nonces, and placements (a badge
// class put in a course by deep linking).
import type { Selectable } from 'kysely';
import type { LtiLoginsTable, LtiPlacementsTable, LtiPlatformsTable, LtiToolKeysTable } from '../schema.ts';
import type { Executor } from './types.ts';

export interface LtiPlatform {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly authLoginUrl: string;
  readonly authTokenUrl: string;
  readonly jwksUrl: string;
  readonly status: 'active' | 'disabled';
  readonly registeredVia: 'manual' | 'dynamic';
  readonly productFamily: string | null;
  /** The client assertion's audience at the token endpoint; null: the token URL. */
  readonly tokenAudience: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type LtiPlatformFields = Pick<LtiPlatform, 'name' | 'issuer' | 'clientId' | 'authLoginUrl' | 'authTokenUrl' | 'jwksUrl' | 'tokenAudience'>;

function toPlatform(r: Selectable<LtiPlatformsTable>): LtiPlatform {
  return {
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    issuer: r.issuer,
    clientId: r.client_id,
    authLoginUrl: r.auth_login_url,
    authTokenUrl: r.auth_token_url,
    jwksUrl: r.jwks_url,
    status: r.status,
    registeredVia: r.registered_via,
    productFamily: r.product_family,
    tokenAudience: r.token_audience,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function platformColumns(p: LtiPlatformFields) {
  return { name: p.name, issuer: p.issuer, client_id: p.clientId, auth_login_url: p.authLoginUrl, auth_token_url: p.authTokenUrl, jwks_url: p.jwksUrl, token_audience: p.tokenAudience };
}

export function ltiPlatformsRepo(db: Executor) {
  return {
    async insert(p: LtiPlatformFields & Pick<LtiPlatform, 'id' | 'organizationId' | 'status' | 'registeredVia' | 'productFamily'> & { at: string }): Promise<void> {
      await db
        .insertInto('lti_platforms')
        .values({ id: p.id, organization_id: p.organizationId, ...platformColumns(p), status: p.status, registered_via: p.registeredVia, product_family: p.productFamily, created_at: p.at, updated_at: p.at })
        .execute();
    },
    async update(id: string, p: LtiPlatformFields & { at: string }): Promise<void> {
      await db
        .updateTable('lti_platforms')
        .set({ ...platformColumns(p), updated_at: p.at })
        .where('id', '=', id)
        .execute();
    },
    async setStatus(id: string, status: 'active' | 'disabled', at: string): Promise<void> {
      await db.updateTable('lti_platforms').set({ status, updated_at: at }).where('id', '=', id).execute();
    },
    async findById(id: string): Promise<LtiPlatform | undefined> {
      const r = await db.selectFrom('lti_platforms').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toPlatform(r);
    },
    async findByIssuerAndClient(issuer: string, clientId: string): Promise<LtiPlatform | undefined> {
      const r = await db.selectFrom('lti_platforms').selectAll().where('issuer', '=', issuer).where('client_id', '=', clientId).executeTakeFirst();
      return r && toPlatform(r);
    },
    /** Every registration under one issuer (Canvas Cloud: one per school), with their deployment ids. */
    async withIssuer(issuer: string): Promise<Array<LtiPlatform & { deploymentIds: string[] }>> {
      const rows = await db.selectFrom('lti_platforms').selectAll().where('issuer', '=', issuer).orderBy('id').execute();
      const out = [];
      for (const r of rows) out.push({ ...toPlatform(r), deploymentIds: await ltiPlatformsRepo(db).deployments(r.id) });
      return out;
    },
    async forOrganization(organizationId: string): Promise<LtiPlatform[]> {
      return (await db.selectFrom('lti_platforms').selectAll().where('organization_id', '=', organizationId).orderBy('name').orderBy('id').execute()).map(toPlatform);
    },
    async deployments(platformId: string): Promise<string[]> {
      return (await db.selectFrom('lti_deployments').select('deployment_id').where('platform_id', '=', platformId).orderBy('created_at').orderBy('deployment_id').execute()).map((r) => r.deployment_id);
    },
    /** False when the platform already had this deployment. */
    async addDeployment(platformId: string, deploymentId: string, at: string): Promise<boolean> {
      const res = await db
        .insertInto('lti_deployments')
        .values({ platform_id: platformId, deployment_id: deploymentId, created_at: at })
        .onConflict((oc) => oc.columns(['platform_id', 'deployment_id']).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async removeDeployment(platformId: string, deploymentId: string): Promise<boolean> {
      const res = await db.deleteFrom('lti_deployments').where('platform_id', '=', platformId).where('deployment_id', '=', deploymentId).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },
    async hasDeployment(platformId: string, deploymentId: string): Promise<boolean> {
      return (await db.selectFrom('lti_deployments').select('deployment_id').where('platform_id', '=', platformId).where('deployment_id', '=', deploymentId).executeTakeFirst()) !== undefined;
    },
    async countPlacements(platformId: string): Promise<number> {
      const r = await db.selectFrom('lti_placements').select((eb) => eb.fn.countAll<string | number>().as('n')).where('platform_id', '=', platformId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Removes a registration with its deployments, logins, nonces and placements. */
    async delete(id: string): Promise<void> {
      const placements = db.selectFrom('lti_placements').select('id').where('platform_id', '=', id);
      for (const table of ['lti_learners', 'lti_frame_sessions'] as const) await db.deleteFrom(table).where('placement_id', 'in', placements).execute();
      for (const table of ['lti_placements', 'lti_nonces', 'lti_logins', 'lti_deployments'] as const) await db.deleteFrom(table).where('platform_id', '=', id).execute();
      await db.deleteFrom('lti_platforms').where('id', '=', id).execute();
    },
  };
}

export interface LtiToolKey {
  readonly id: string;
  readonly privateKeySealed: string;
  readonly publicJwk: Record<string, unknown>;
  readonly status: 'active' | 'retired';
  readonly createdAt: string;
  readonly retiredAt: string | null;
}

function toToolKey(r: Selectable<LtiToolKeysTable>): LtiToolKey {
  return { id: r.id, privateKeySealed: r.private_key_sealed, publicJwk: JSON.parse(r.public_jwk) as Record<string, unknown>, status: r.status, createdAt: r.created_at, retiredAt: r.retired_at };
}

export function ltiToolKeysRepo(db: Executor) {
  return {
    /** Throws a unique violation when another key is already active (a concurrent first key or rotation). */
    async insertActive(k: { id: string; privateKeySealed: string; publicJwk: Record<string, unknown>; at: string }): Promise<void> {
      await db.insertInto('lti_tool_keys').values({ id: k.id, private_key_sealed: k.privateKeySealed, public_jwk: JSON.stringify(k.publicJwk), status: 'active', created_at: k.at, retired_at: null }).execute();
    },
    async active(): Promise<LtiToolKey | undefined> {
      const r = await db.selectFrom('lti_tool_keys').selectAll().where('status', '=', 'active').executeTakeFirst();
      return r && toToolKey(r);
    },
    /** The active key and the keys retired after `since`: what /lti/jwks.json publishes. */
    async published(since: string): Promise<LtiToolKey[]> {
      const rows = await db
        .selectFrom('lti_tool_keys')
        .selectAll()
        .where((eb) => eb.or([eb('status', '=', 'active'), eb('retired_at', '>', since)]))
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toToolKey);
    },
    async all(): Promise<LtiToolKey[]> {
      return (await db.selectFrom('lti_tool_keys').selectAll().orderBy('created_at', 'desc').orderBy('id').execute()).map(toToolKey);
    },
    async retireActive(at: string): Promise<void> {
      await db.updateTable('lti_tool_keys').set({ status: 'retired', retired_at: at }).where('status', '=', 'active').execute();
    },
  };
}

export interface LtiLogin {
  readonly id: string;
  readonly browserHash: string | null;
  readonly nonce: string;
  readonly platformId: string;
  readonly targetLinkUri: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
  /** Parsed JSON: what the verified launch left for the next step (deep linking). */
  readonly launch: Record<string, unknown> | null;
  readonly continueExpiresAt: string | null;
  readonly finishedAt: string | null;
}

function toLogin(r: Selectable<LtiLoginsTable>): LtiLogin {
  return {
    id: r.id,
    browserHash: r.browser_hash,
    nonce: r.nonce,
    platformId: r.platform_id,
    targetLinkUri: r.target_link_uri,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
    launch: r.launch === null ? null : (JSON.parse(r.launch) as Record<string, unknown>),
    continueExpiresAt: r.continue_expires_at,
    finishedAt: r.finished_at,
  };
}

export function ltiLoginsRepo(db: Executor) {
  return {
    async insert(l: { id: string; stateHash: string; browserHash: string | null; nonce: string; platformId: string; targetLinkUri: string; at: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('lti_logins')
        .values({ id: l.id, state_hash: l.stateHash, browser_hash: l.browserHash, nonce: l.nonce, platform_id: l.platformId, target_link_uri: l.targetLinkUri, created_at: l.at, expires_at: l.expiresAt, used_at: null, launch: null, continue_hash: null, continue_expires_at: null, finished_at: null })
        .execute();
    },
    async findByState(stateHash: string): Promise<LtiLogin | undefined> {
      const r = await db.selectFrom('lti_logins').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
      return r && toLogin(r);
    },
    async findByContinue(continueHash: string): Promise<LtiLogin | undefined> {
      const r = await db.selectFrom('lti_logins').selectAll().where('continue_hash', '=', continueHash).executeTakeFirst();
      return r && toLogin(r);
    },
    /** Spends the login on a verified launch; false when it was already spent (a replay or a race). */
    async markUsed(id: string, p: { at: string; launch: Record<string, unknown> | null; continueHash: string | null; continueExpiresAt: string | null }): Promise<boolean> {
      const res = await db
        .updateTable('lti_logins')
        .set({ used_at: p.at, launch: p.launch === null ? null : JSON.stringify(p.launch), continue_hash: p.continueHash, continue_expires_at: p.continueExpiresAt })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /** Completes the step after the launch (the deep-linking answer) once; false when already completed. */
    async markFinished(id: string, at: string): Promise<boolean> {
      const res = await db.updateTable('lti_logins').set({ finished_at: at }).where('id', '=', id).where('finished_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /** Remembers an accepted id_token's nonce; false when the platform's nonce was seen before. */
    async rememberNonce(platformId: string, nonce: string, expiresAt: string): Promise<boolean> {
      const res = await db
        .insertInto('lti_nonces')
        .values({ platform_id: platformId, nonce, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['platform_id', 'nonce']).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async deleteExpired(now: string): Promise<void> {
      await db
        .deleteFrom('lti_logins')
        .where('expires_at', '<=', now)
        .where((eb) => eb.or([eb('continue_expires_at', 'is', null), eb('continue_expires_at', '<=', now)]))
        .execute();
      await db.deleteFrom('lti_nonces').where('expires_at', '<=', now).execute();
    },
  };
}

export interface LtiPlacement {
  readonly id: string;
  readonly platformId: string;
  readonly deploymentId: string;
  readonly contextId: string;
  readonly contextTitle: string;
  readonly resourceLinkId: string | null;
  readonly badgeClassId: string;
  readonly createdBy: string | null;
  readonly createdByName: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** What earns the badge here (migration 0014); kind 'none' until the instructor sets it. */
  readonly rule: LtiAwardRule;
  /** The course's services, as the last instructor launch named them. */
  readonly services: { readonly lineItemsUrl: string | null; readonly membershipsUrl: string | null; readonly agsScopes: readonly string[] };
  readonly check: { readonly requestedAt: string | null; readonly checkedAt: string | null; readonly error: string | null };
}

export interface LtiAwardRule {
  readonly kind: 'none' | 'score' | 'completion';
  /** Percent of the line item's maximum (score rules). */
  readonly threshold: number | null;
  readonly lineItemUrl: string | null;
  readonly lineItemLabel: string | null;
  readonly autoIssue: boolean;
  readonly updatedBy: string | null;
}

function toPlacement(r: Selectable<LtiPlacementsTable>): LtiPlacement {
  return {
    id: r.id,
    platformId: r.platform_id,
    deploymentId: r.deployment_id,
    contextId: r.context_id,
    contextTitle: r.context_title,
    resourceLinkId: r.resource_link_id,
    badgeClassId: r.badge_class_id,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    rule: { kind: r.rule_kind, threshold: r.rule_threshold === null ? null : Number(r.rule_threshold), lineItemUrl: r.line_item_url, lineItemLabel: r.line_item_label, autoIssue: Number(r.auto_issue) === 1, updatedBy: r.rule_updated_by },
    services: { lineItemsUrl: r.lineitems_url, membershipsUrl: r.memberships_url, agsScopes: r.ags_scopes ? r.ags_scopes.split(' ') : [] },
    check: { requestedAt: r.check_requested_at, checkedAt: r.checked_at, error: r.check_error },
  };
}

export function ltiPlacementsRepo(db: Executor) {
  return {
    async insert(p: Omit<LtiPlacement, 'createdAt' | 'updatedAt' | 'rule' | 'services' | 'check'> & { at: string }): Promise<void> {
      await db
        .insertInto('lti_placements')
        .values({
          id: p.id,
          platform_id: p.platformId,
          deployment_id: p.deploymentId,
          context_id: p.contextId,
          context_title: p.contextTitle,
          resource_link_id: p.resourceLinkId,
          badge_class_id: p.badgeClassId,
          created_by: p.createdBy,
          created_by_name: p.createdByName,
          created_at: p.at,
          updated_at: p.at,
        })
        .execute();
    },
    async findById(id: string): Promise<LtiPlacement | undefined> {
      const r = await db.selectFrom('lti_placements').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toPlacement(r);
    },
    async findByLink(platformId: string, resourceLinkId: string): Promise<LtiPlacement | undefined> {
      const r = await db.selectFrom('lti_placements').selectAll().where('platform_id', '=', platformId).where('resource_link_id', '=', resourceLinkId).executeTakeFirst();
      return r && toPlacement(r);
    },
    /** Ties a placement to the resource link the platform made for it, once; false when already tied. */
    async bindLink(id: string, resourceLinkId: string, at: string): Promise<boolean> {
      const res = await db.updateTable('lti_placements').set({ resource_link_id: resourceLinkId, updated_at: at }).where('id', '=', id).where('resource_link_id', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /** The institution's badge classes an instructor may place: those of its active (listed) programs, by name. */
    async placeableBadgeClasses(organizationId: string): Promise<Array<{ id: string; name: string; description: string; criteria: string }>> {
      return db
        .selectFrom('badge_classes')
        .innerJoin('programs', 'programs.id', 'badge_classes.program_id')
        .select(['badge_classes.id', 'badge_classes.name', 'badge_classes.description', 'badge_classes.criteria'])
        .where('badge_classes.organization_id', '=', organizationId)
        .where('programs.status', '=', 'active')
        .orderBy('badge_classes.name')
        .orderBy('badge_classes.id')
        .execute();
    },
    async forPlatform(platformId: string): Promise<LtiPlacement[]> {
      return (await db.selectFrom('lti_placements').selectAll().where('platform_id', '=', platformId).orderBy('created_at', 'desc').orderBy('id').execute()).map(toPlacement);
    },
  };
}
