// An institution as its edit form shows it: only for its own admin and the system admin.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { assertAllowed, canEditOrganization } from '../policy.ts';
import { getInstitution } from './get-institution.ts';
import type { Organization } from './institutions.ts';

export async function getEditableInstitution(deps: Deps, actor: Actor, input: { slug: string }): Promise<Organization> {
  const org = await getInstitution(deps, actor, input);
  assertAllowed(canEditOrganization(actor, org), 'You can only edit your own institution.');
  return org;
}
