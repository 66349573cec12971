// Authorization, in one place. Every page, API route and CLI command asks these functions; none decides
// on its own. The rule that matters most: institution data is visible and changeable only by that
// institution's people (and the system admin), whatever URL or API call is tried.
import { hasRole, type Actor } from './actor.ts';
import { forbidden } from './errors.ts';
import { INSTITUTION_ROLES, REGENTS_ROLES, type Role } from '../shared/roles.ts';

interface OrgRef {
  readonly id: string;
  readonly kind: 'regents' | 'institution';
}

export function isSystemAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || hasRole(actor, 'system_admin');
}

export function canManageInstitutions(actor: Actor): boolean {
  return isSystemAdmin(actor);
}

/** Profile fields of an institution: its own admin or the system admin. */
export function canEditOrganization(actor: Actor, org: OrgRef): boolean {
  return isSystemAdmin(actor) || (org.kind === 'institution' && hasRole(actor, 'institution_admin', org.id));
}

/** An organization's identity providers and whether its members may use passwords: its admin; the Regents' by the system admin. */
export function canManageSignIn(actor: Actor, org: OrgRef): boolean {
  return isSystemAdmin(actor) || (org.kind === 'institution' && hasRole(actor, 'institution_admin', org.id));
}

/** An organization's webhook endpoints and their delivery logs: its admin; the Regents' by the system admin. */
export function canManageWebhooks(actor: Actor, org: OrgRef): boolean {
  return isSystemAdmin(actor) || (org.kind === 'institution' && hasRole(actor, 'institution_admin', org.id));
}

/** An institution's LTI platform registrations (its courses in Canvas, Moodle, D2L, Blackboard): its admin; the system admin for all. */
export function canManageLti(actor: Actor, org: OrgRef): boolean {
  return isSystemAdmin(actor) || (org.kind === 'institution' && hasRole(actor, 'institution_admin', org.id));
}

/** Laurel's own signing keys as an LTI tool serve every institution: system administrators only. */
export function canManageLtiToolKeys(actor: Actor): boolean {
  return isSystemAdmin(actor);
}

/** Seeing and managing an organization's people. */
export function canManageMembers(actor: Actor, org: OrgRef): boolean {
  return isSystemAdmin(actor) || (org.kind === 'institution' && hasRole(actor, 'institution_admin', org.id));
}

/** Organizations whose members this actor may list: 'all', or a list of ids (possibly empty). */
export function manageableOrganizationIds(actor: Actor): 'all' | string[] {
  if (isSystemAdmin(actor)) return 'all';
  if (actor.kind !== 'user') return [];
  return actor.memberships.filter((m) => m.role === 'institution_admin' && m.organizationKind === 'institution').map((m) => m.organizationId);
}

/**
 * Complete exports: everything of an institution, by its own admin (or the system admin); the whole
 * state's, by the system admin only. Organization tokens hold no role, so they never export.
 */
export function canExport(actor: Actor, target: { scope: 'institution' | 'state'; org?: OrgRef | null }): boolean {
  if (isSystemAdmin(actor)) return true;
  if (target.scope === 'state' || !target.org) return false;
  return target.org.kind === 'institution' && hasRole(actor, 'institution_admin', target.org.id);
}

/** Removing someone's second factor (lost phone and recovery codes): system administrators only. */
export function canResetUserMfa(actor: Actor): boolean {
  return isSystemAdmin(actor);
}

export function canUseAdminPages(actor: Actor): boolean {
  return manageableOrganizationIds(actor) === 'all' || (manageableOrganizationIds(actor) as string[]).length > 0;
}

/** Which roles the actor may grant in this organization. Institution admins never grant Regents roles. */
export function assignableRoles(actor: Actor, org: OrgRef): readonly Role[] {
  const forKind = org.kind === 'regents' ? REGENTS_ROLES : INSTITUTION_ROLES;
  if (isSystemAdmin(actor)) return forKind;
  if (canManageMembers(actor, org)) return INSTITUTION_ROLES;
  return [];
}

/** A user record is visible to themselves, the system admin, and admins of an organization they belong to. */
export function canViewUser(actor: Actor, target: { id: string; organizationIds: readonly string[] }): boolean {
  if (isSystemAdmin(actor)) return true;
  if (actor.kind !== 'user') return false;
  if (actor.userId === target.id) return true;
  const mine = manageableOrganizationIds(actor);
  return mine !== 'all' && target.organizationIds.some((id) => mine.includes(id));
}

export function canViewMailbox(actor: Actor): boolean {
  return isSystemAdmin(actor);
}

export function canViewAuditLog(actor: Actor): boolean {
  return isSystemAdmin(actor);
}

/** Signing with an organization's key: only that organization's own API token (and the system, for the CLI). */
export function canIssueCredentials(actor: Actor, org: OrgRef): boolean {
  if (actor.kind === 'system') return true;
  return actor.kind === 'organization' && actor.organizationId === org.id;
}

/** Rotating signing keys changes what every verifier trusts: system administrators only. */
export function canManageOrganizationKeys(actor: Actor, _org: OrgRef): boolean {
  return isSystemAdmin(actor);
}

/** Institution API tokens act for the whole organization: its own admin or the system admin creates them. */
export function canManageOrganizationTokens(actor: Actor, org: OrgRef): boolean {
  return isSystemAdmin(actor) || (org.kind === 'institution' && hasRole(actor, 'institution_admin', org.id));
}

export function assertAllowed(allowed: boolean, message?: string): void {
  if (!allowed) throw forbidden(message);
}

// ---- Requests and programs (the review workflow) -------------------------------------------------------

/** The capacities in which an actor may act on a request of `organizationId` (see review/workflow.ts). */
export function requestParties(actor: Actor, organizationId: string): ('institution' | 'reviewer' | 'chancellor')[] {
  if (actor.kind !== 'user') return [];
  const parties: ('institution' | 'reviewer' | 'chancellor')[] = [];
  if (hasRole(actor, 'program_author', organizationId) || hasRole(actor, 'institution_admin', organizationId)) parties.push('institution');
  if (hasRole(actor, 'regents_reviewer')) parties.push('reviewer');
  if (hasRole(actor, 'chancellor')) parties.push('chancellor');
  return parties;
}

/** Requests are visible to their institution's authors, admins and issuers, to Regents staff, the Chancellor and system admins. Drafts stay with the institution. */
export function canViewRequest(actor: Actor, request: { organizationId: string; state: string }): boolean {
  if (actor.kind === 'system') return true;
  const own = INSTITUTION_ROLES.some((r) => hasRole(actor, r, request.organizationId));
  if (own) return true;
  if (request.state === 'draft') return false;
  return hasRole(actor, 'regents_reviewer') || hasRole(actor, 'chancellor') || hasRole(actor, 'system_admin');
}

/** Starting a request (or a revision) for an institution: its program authors and admins. */
export function canAuthorRequests(actor: Actor, organizationId: string): boolean {
  return hasRole(actor, 'program_author', organizationId) || hasRole(actor, 'institution_admin', organizationId);
}

/** Institutions whose requests this actor authors. */
export function authoringOrganizationIds(actor: Actor): string[] {
  if (actor.kind !== 'user') return [];
  return [...new Set(actor.memberships.filter((m) => m.role === 'program_author' || m.role === 'institution_admin').map((m) => m.organizationId))];
}

/** Institutions whose request list this actor sees: where they author requests or issue badges. */
export function requestListOrganizationIds(actor: Actor): string[] {
  if (actor.kind !== 'user') return [];
  return authoringOrganizationIds(actor).concat(actor.memberships.filter((m) => m.role === 'issuer').map((m) => m.organizationId));
}

export function isRegentsStaff(actor: Actor): boolean {
  return hasRole(actor, 'regents_reviewer') || hasRole(actor, 'chancellor');
}

export function canEditPolicy(actor: Actor): boolean {
  return isSystemAdmin(actor);
}

// ---- Issuing badges ---------------------------------------------------------------------------------

/** Issuing, revoking and seeing an institution's awards: its issuers and admins, its own API token, the system (CLI, jobs). */
export function canIssueBadges(actor: Actor, organizationId: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'organization') return actor.organizationId === organizationId;
  return hasRole(actor, 'issuer', organizationId) || hasRole(actor, 'institution_admin', organizationId);
}

/** Institutions whose awards this actor manages. */
export function issuingOrganizationIds(actor: Actor): string[] {
  if (actor.kind === 'organization') return [actor.organizationId];
  if (actor.kind !== 'user') return [];
  return [...new Set(actor.memberships.filter((m) => m.role === 'issuer' || m.role === 'institution_admin').filter((m) => m.organizationKind === 'institution').map((m) => m.organizationId))];
}

// ---- Earners' badges (portfolio, badge pages, hosted documents) -----------------------------------------

/** A portfolio (its badges, imports and addresses) is its earner's alone; the system reads it for exports. */
export function canViewPortfolio(actor: Actor | null, userId: string): boolean {
  if (!actor) return false;
  return actor.kind === 'system' || (actor.kind === 'user' && actor.userId === userId);
}

/**
 * Learner records (CLR 2.0) are made, listed and downloaded by their earner only: the record names the
 * person and is signed for them at their request, so not even the system actor makes one on their behalf.
 */
export function canManageLearnerRecords(actor: Actor | null, userId: string): boolean {
  return actor?.kind === 'user' && actor.userId === userId;
}

/** A badge page: anyone when public and accepted; otherwise its earner and the issuing institution. */
export function canViewAward(actor: Actor | null, award: { organizationId: string; visibility: string; claimState: string }, isOwner: boolean): boolean {
  if (award.visibility === 'public' && award.claimState === 'accepted') return true;
  return isOwner || (actor !== null && canIssueBadges(actor, award.organizationId));
}

/**
 * The OB 2.0 hosted assertion is public by design (hosted verification fetches it without credentials),
 * so it is served only for an award meant to be verifiable: one its earner accepted. A revoked accepted
 * award is still served (with `revoked: true`), so verifiers learn of the revocation. A pending
 * (unclaimed) or declined award is not: its issue date, evidence and salted email hash are nobody's
 * business until the earner accepts it (docs/CREDENTIALS.md, "OB 2.0 hosted assertions").
 */
export function canServeHostedAssertion(award: { claimState: string }): boolean {
  return award.claimState === 'accepted';
}

/** Only the earner sends their badge to their own wallet: issuers may download it, but not hand it to a wallet in the earner's name. */
export function canSendAwardToWallet(actor: Actor | null, isOwner: boolean): boolean {
  return actor?.kind === 'user' && isOwner;
}

/** The CTDL publishing page and "Publish now": the system admin, who holds the registry's API key. */
export function canManageCtdlPublishing(actor: Actor): boolean {
  return isSystemAdmin(actor);
}

// ---- Pathways -------------------------------------------------------------------------------------

/** Authoring an institution's pathways: its program authors and admins, and the system admin. */
export function canAuthorPathways(actor: Actor, organizationId: string): boolean {
  return isSystemAdmin(actor) || hasRole(actor, 'program_author', organizationId) || hasRole(actor, 'institution_admin', organizationId);
}

/** Accepting a cross-institution pathway, or sending it back: the Regents' reviewers and the system admin. */
export function canReviewPathways(actor: Actor): boolean {
  return isSystemAdmin(actor) || hasRole(actor, 'regents_reviewer');
}

/** A published pathway is public; the others are seen by their authors, and by reviewers once sent for review. */
export function canViewPathway(actor: Actor | null, p: { organizationId: string; status: string; reviewState: string }): boolean {
  if (p.status === 'published') return true;
  if (!actor) return false;
  if (canAuthorPathways(actor, p.organizationId) || INSTITUTION_ROLES.some((r) => hasRole(actor, r, p.organizationId))) return true;
  return p.reviewState !== 'not_required' && (canReviewPathways(actor) || isRegentsStaff(actor));
}
