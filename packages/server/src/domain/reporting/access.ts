// Who reads which report: the Regents' (statewide) report is for Regents staff (reviewers, the
// Chancellor) and the system admin; an institution's is for its admins and issuers, and for everyone who
// reads the statewide one. The pages ask here which reports to offer and which institution a link names.
import { hasRole, type Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { isRegentsStaff, isSystemAdmin } from '../policy.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';

export type { Organization };

export function canReadStateReport(actor: Actor): boolean {
  return isSystemAdmin(actor) || isRegentsStaff(actor);
}

export function canReadInstitutionReport(actor: Actor, organizationId: string): boolean {
  return canReadStateReport(actor) || hasRole(actor, 'institution_admin', organizationId) || hasRole(actor, 'issuer', organizationId);
}

export interface ReportChoices {
  /** Whether the statewide report is open to the actor. */
  readonly state: boolean;
  /** The institutions whose report the actor may read (all of them for Regents staff), by name. */
  readonly institutions: Organization[];
}

export async function reportChoices(deps: Pick<Deps, 'db'>, actor: Actor): Promise<ReportChoices> {
  const all = await repos(deps.db).organizations.list({ kind: 'institution' });
  const institutions = all.filter((o) => canReadInstitutionReport(actor, o.id)).sort((a, b) => a.name.localeCompare(b.name));
  return { state: canReadStateReport(actor), institutions };
}

/** The institution a report link names, if the actor may read its report. */
export async function institutionForReport(deps: Pick<Deps, 'db'>, actor: Actor, slug: string): Promise<Organization> {
  const org = await repos(deps.db).organizations.findBySlug(slug);
  if (!org || org.kind !== 'institution') throw notFound('The institution');
  if (!canReadInstitutionReport(actor, org.id)) throw forbidden('Only the institution’s admins and issuers, and State Regents staff, can read its report.');
  return org;
}
