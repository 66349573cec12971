// The system admin's list of organizations, with how many people hold a role in each.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { assertAllowed, canManageInstitutions } from '../policy.ts';
import type { Organization } from './institutions.ts';

export interface InstitutionSummary extends Organization {
  readonly people: number;
}

export async function listInstitutionSummaries(deps: Deps, actor: Actor, _input: Record<string, never> = {}): Promise<InstitutionSummary[]> {
  assertAllowed(canManageInstitutions(actor), 'Only system administrators can manage institutions.');
  const r = repos(deps.db);
  const [orgs, members] = await Promise.all([r.organizations.list(), r.memberships.countByOrganization()]);
  return orgs.map((o) => ({ ...o, people: members.get(o.id) ?? 0 }));
}
