import { apiTokensRepo } from './api-tokens.ts';
import { awardRegisterRepo } from './award-register.ts';
import { awardsRepo } from './awards.ts';
import { earnerEmailsRepo } from './earner-emails.ts';
import { erasureRepo } from './erasure.ts';
import { retentionRepo } from './retention.ts';
import { externalBadgesRepo } from './external-badges.ts';
import { learnerRecordsRepo } from './learner-records.ts';
import { idempotencyRepo } from './idempotency.ts';
import { identityProvidersRepo, ssoIdentitiesRepo, ssoLoginsRepo } from './identity-providers.ts';
import { issueBatchesRepo } from './issue-batches.ts';
import { ltiLoginsRepo, ltiPlacementsRepo, ltiPlatformsRepo, ltiToolKeysRepo } from './lti.ts';
import { ltiFrameSessionsRepo, ltiLearnersRepo, ltiPlacementRulesRepo } from './lti-awards.ts';
import { attachmentsRepo } from './attachments.ts';
import { badgeClassesRepo } from './badge-classes.ts';
import { ctdlPublicationsRepo } from './ctdl-publications.ts';
import { programsRepo } from './programs.ts';
import { requestEventsRepo } from './request-events.ts';
import { requestReviewStateRepo } from './request-review-state.ts';
import { requestsRepo } from './requests.ts';
import { reportsRepo } from './reports.ts';
import { revisionsRepo } from './revisions.ts';
import { settingsRepo } from './settings.ts';
import { auditRepo } from './audit.ts';
import { endorsementsRepo } from './endorsements.ts';
import { exportSourceRepo } from './export-source.ts';
import { exportsRepo } from './exports.ts';
import { invitationsRepo } from './invitations.ts';
import { jobsRepo } from './jobs.ts';
import { mfaRepo } from './mfa.ts';
import { oauthKeysRepo, oauthModelsRepo } from './oauth.ts';
import { organizationKeysRepo } from './organization-keys.ts';
import { organizationsRepo } from './organizations.ts';
import { passkeysRepo } from './passkeys.ts';
import { passwordResetsRepo } from './password-resets.ts';
import { sessionsRepo } from './sessions.ts';
import { statusBatchesRepo } from './status-batches.ts';
import { statusListsRepo } from './status-lists.ts';
import type { Executor } from './types.ts';
import { inventoryWriter } from '../search/index.ts';
import { membershipsRepo, usersRepo } from './users.ts';
import { walletExchangesRepo } from './wallet-exchanges.ts';
import { reportMailingsRepo } from './report-mailings.ts';
import { webhooksRepo } from './webhooks.ts';
import { pathwayMilestonesRepo, pathwaysRepo } from './pathways.ts';
import { pathwayHoldingsRepo } from './pathway-holdings.ts';

// The repositories are stateless closures over their executor: built once per executor (the app's
// database handle, or one transaction) rather than ~55 objects on every call — a hot path's cost
// (POST /api/v1/verify asked for them ~10 times per request; 11% of its CPU).
const built = new WeakMap<Executor, ReturnType<typeof build>>();

/** All repositories over one executor (the database, or a transaction so they share it). */
export function repos(db: Executor) {
  let r = built.get(db);
  if (!r) built.set(db, (r = build(db)));
  return r;
}

function build(db: Executor) {
  return Object.freeze({
    organizations: organizationsRepo(db),
    users: usersRepo(db),
    memberships: membershipsRepo(db),
    sessions: sessionsRepo(db),
    mfa: mfaRepo(db),
    identityProviders: identityProvidersRepo(db),
    ssoIdentities: ssoIdentitiesRepo(db),
    ssoLogins: ssoLoginsRepo(db),
    passkeys: passkeysRepo(db),
    invitations: invitationsRepo(db),
    passwordResets: passwordResetsRepo(db),
    audit: auditRepo(db),
    erasure: erasureRepo(db),
    retention: retentionRepo(db),
    jobs: jobsRepo(db),
    apiTokens: apiTokensRepo(db),
    programs: programsRepo(db),
    revisions: revisionsRepo(db),
    requests: requestsRepo(db),
    requestEvents: requestEventsRepo(db),
    requestReviewState: requestReviewStateRepo(db),
    attachments: attachmentsRepo(db),
    badgeClasses: badgeClassesRepo(db),
    settings: settingsRepo(db),
    organizationKeys: organizationKeysRepo(db),
    oauthModels: oauthModelsRepo(db),
    oauthKeys: oauthKeysRepo(db),
    statusLists: statusListsRepo(db),
    endorsements: endorsementsRepo(db),
    inventory: inventoryWriter(db),
    awards: awardsRepo(db),
    awardRegister: awardRegisterRepo(db),
    reports: reportsRepo(db),
    issueBatches: issueBatchesRepo(db),
    statusBatches: statusBatchesRepo(db),
    earnerEmails: earnerEmailsRepo(db),
    idempotency: idempotencyRepo(db),
    externalBadges: externalBadgesRepo(db),
    webhooks: webhooksRepo(db),
    ltiPlatforms: ltiPlatformsRepo(db),
    ltiToolKeys: ltiToolKeysRepo(db),
    ltiLogins: ltiLoginsRepo(db),
    ltiPlacements: ltiPlacementsRepo(db),
    ltiPlacementRules: ltiPlacementRulesRepo(db),
    ltiLearners: ltiLearnersRepo(db),
    ltiFrameSessions: ltiFrameSessionsRepo(db),
    walletExchanges: walletExchangesRepo(db),
    reportMailings: reportMailingsRepo(db),
    exports: exportsRepo(db),
    exportSource: exportSourceRepo(db),
    pathways: pathwaysRepo(db),
    pathwayMilestones: pathwayMilestonesRepo(db),
    learnerRecords: learnerRecordsRepo(db),
    pathwayHoldings: pathwayHoldingsRepo(db),
    ctdlPublications: ctdlPublicationsRepo(db),
    /** The executor itself, for read models that take one (domain/programs/published.ts). */
    executor: db,
  });
}
export type Repos = ReturnType<typeof repos>;
export type { Executor } from './types.ts';
