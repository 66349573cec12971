// Table types as Kysely sees them, assembled from one file per area under schema/. Timestamps are
// ISO-8601 UTC text and booleans are 0/1 integers on both dialects, so rows read the same from SQLite
// and PostgreSQL and compare correctly as text.
import type { ApiTokensTable, AuditEventsTable, InvitationsTable, JobsTable, MembershipsTable, MfaChallengesTable, MfaRecoveryCodesTable, OrganizationKeysTable, OrganizationsTable, PasswordResetsTable, SessionsTable, StatusListsTable, UserMfaTable, UsersTable, WebauthnChallengesTable, WebauthnCredentialsTable } from './schema/accounts.ts';
import type { InventoryChangesTable, InventoryEntriesTable, InventoryStateTable, InventoryTermsTable } from './schema/inventory.ts';
import type { AwardsTable, EarnerEmailsTable, EndorsementsTable, ExternalBadgesTable, IdempotencyKeysTable, IssueBatchesTable, IssueBatchRowsTable, StatusBatchesTable, StatusBatchRowsTable } from './schema/issuance.ts';
import type { IdentityProvidersTable, SsoIdentitiesTable, SsoLoginsTable, SsoReplaysTable } from './schema/sso.ts';
import type { WebhookCursorsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './schema/webhooks.ts';
import type { LtiDeploymentsTable, LtiFrameSessionsTable, LtiLearnersTable, LtiLoginsTable, LtiNoncesTable, LtiPlacementsTable, LtiPlatformsTable, LtiToolKeysTable } from './schema/lti.ts';
import type { OauthKeysTable, OauthModelsTable } from './schema/oauth.ts';
import type { WalletExchangesTable } from './schema/wallet.ts';
import type { AttachmentsTable, BadgeClassesTable, ProgramRevisionsTable, ProgramsTable, RequestEventsTable, RequestsTable, SettingsTable } from './schema/programs.ts';

export type * from './schema/accounts.ts';
export type * from './schema/inventory.ts';
export type * from './schema/issuance.ts';
export type * from './schema/programs.ts';
export type * from './schema/sso.ts';
export type * from './schema/webhooks.ts';
export type * from './schema/lti.ts';
export type * from './schema/oauth.ts';
export type * from './schema/wallet.ts';

export interface Database {
  identity_providers: IdentityProvidersTable;
  sso_identities: SsoIdentitiesTable;
  sso_logins: SsoLoginsTable;
  sso_replays: SsoReplaysTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  api_tokens: ApiTokensTable;
  organization_keys: OrganizationKeysTable;
  status_lists: StatusListsTable;
  programs: ProgramsTable;
  endorsements: EndorsementsTable;
  program_revisions: ProgramRevisionsTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  attachments: AttachmentsTable;
  badge_classes: BadgeClassesTable;
  settings: SettingsTable;
  inventory_entries: InventoryEntriesTable;
  inventory_terms: InventoryTermsTable;
  inventory_state: InventoryStateTable;
  inventory_changes: InventoryChangesTable;
  awards: AwardsTable;
  issue_batches: IssueBatchesTable;
  issue_batch_rows: IssueBatchRowsTable;
  status_batches: StatusBatchesTable;
  status_batch_rows: StatusBatchRowsTable;
  earner_emails: EarnerEmailsTable;
  idempotency_keys: IdempotencyKeysTable;
  external_badges: ExternalBadgesTable;
  user_mfa: UserMfaTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  webauthn_challenges: WebauthnChallengesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_cursors: WebhookCursorsTable;
  lti_platforms: LtiPlatformsTable;
  lti_deployments: LtiDeploymentsTable;
  lti_tool_keys: LtiToolKeysTable;
  lti_logins: LtiLoginsTable;
  lti_nonces: LtiNoncesTable;
  lti_placements: LtiPlacementsTable;
  lti_learners: LtiLearnersTable;
  lti_frame_sessions: LtiFrameSessionsTable;
  oauth_models: OauthModelsTable;
  oauth_keys: OauthKeysTable;
  wallet_exchanges: WalletExchangesTable;
}
