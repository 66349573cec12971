// The dashboard's data: one part per role the person holds, each read only for the organizations where
// they hold it, so someone with several roles sees all their work in one place and nobody else's.
import { repos } from '../../storage/repositories/index.ts';
import type { AuditEvent } from '../../storage/repositories/audit.ts';
import type { BadgeClass } from '../../storage/repositories/badge-classes.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import type { Role } from '../../shared/roles.ts';
import type { UserActor } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { listPortfolio, type BadgeView } from '../portfolio/portfolio.ts';
import { requestStats, type RequestStats } from '../review/queues.ts';
import { countDueForRereview } from '../review/rereview.ts';

export type { AuditEvent, Organization };

export interface SystemAdminPart {
  readonly organizations: number;
  readonly users: number;
  readonly pendingInvitations: number;
  readonly emailCounts: Record<string, number>;
  readonly recent: AuditEvent[];
}

export interface RegentsPart {
  readonly institutions: Organization[];
  readonly members: Map<string, number>;
  readonly stats: RequestStats;
  readonly dueForRereview: number;
}

export interface InstitutionPart {
  readonly organization: Organization;
  readonly roles: Role[];
  readonly isAdmin: boolean;
  /** Request counts, for program authors and admins. */
  readonly stats: RequestStats | null;
  /** Badge classes and their award counts, for issuers and admins. */
  readonly issuing: { classes: BadgeClass[]; counts: Map<string, { issued: number; accepted: number }> } | null;
  /** How many people belong to the institution, for its admins. */
  readonly people: number | null;
}

export interface Dashboard {
  readonly roles: Role[];
  readonly systemAdmin: SystemAdminPart | null;
  readonly regents: RegentsPart | null;
  readonly institutions: InstitutionPart[];
  /** The person's own badges (the earner part). */
  readonly badges: BadgeView[];
}

async function systemAdminPart(deps: Deps): Promise<SystemAdminPart> {
  const r = repos(deps.db);
  const [organizations, users, invites, emailCounts, recent] = await Promise.all([r.organizations.count(), r.users.count(), r.invitations.pending({ now: nowIso(deps) }), r.jobs.counts('email'), r.audit.list({ page: 1, perPage: 8 })]);
  return { organizations, users, pendingInvitations: invites.length, emailCounts, recent: recent.items };
}

async function regentsPart(deps: Deps): Promise<RegentsPart> {
  const r = repos(deps.db);
  const [institutions, members, stats, due] = await Promise.all([r.organizations.list({ kind: 'institution' }), r.memberships.countByOrganization(), requestStats(deps), countDueForRereview(deps)]);
  return { institutions, members, stats, dueForRereview: due };
}

async function institutionPart(deps: Deps, actor: UserActor, orgId: string): Promise<InstitutionPart | null> {
  const r = repos(deps.db);
  const organization = await r.organizations.findById(orgId);
  if (!organization) return null;
  const roles = actor.memberships.filter((m) => m.organizationKind === 'institution' && m.organizationId === orgId).map((m) => m.role);
  const isAdmin = roles.includes('institution_admin');
  const authoring = roles.includes('program_author') || isAdmin;
  const people = isAdmin ? (await r.users.list({ organizationIds: [orgId], page: 1, perPage: 1 })).total : null;
  const stats = authoring ? await requestStats(deps, orgId) : null;
  const issuing = roles.includes('issuer') || isAdmin ? { classes: await r.badgeClasses.listForOrganization(orgId), counts: await r.awards.countsByBadgeClass(orgId) } : null;
  return { organization, roles, isAdmin, stats, issuing, people };
}

export async function getDashboard(deps: Deps, actor: UserActor): Promise<Dashboard> {
  const roles = [...new Set(actor.memberships.map((m) => m.role))];
  const systemAdmin = roles.includes('system_admin') ? await systemAdminPart(deps) : null;
  const regents = roles.includes('regents_reviewer') || roles.includes('chancellor') ? await regentsPart(deps) : null;
  const institutions: InstitutionPart[] = [];
  for (const orgId of new Set(actor.memberships.filter((m) => m.organizationKind === 'institution').map((m) => m.organizationId))) {
    const part = await institutionPart(deps, actor, orgId);
    if (part) institutions.push(part);
  }
  return { roles, systemAdmin, regents, institutions, badges: await listPortfolio(deps, actor) };
}
