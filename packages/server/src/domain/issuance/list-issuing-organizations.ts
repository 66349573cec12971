// The institutions an actor issues for: the entry check of every issuing page.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { issuingOrganizationIds } from '../policy.ts';
import type { Organization } from './types.ts';

/** Refuses an actor who issues for no institution (earners, Regents staff). */
export async function listIssuingOrganizations(deps: Deps, actor: Actor): Promise<Organization[]> {
  const ids = issuingOrganizationIds(actor);
  if (ids.length === 0) throw forbidden('Issuing is for the issuers and administrators of an institution.');
  const r = repos(deps.db);
  return (await Promise.all(ids.map((id) => r.organizations.findById(id)))).filter((o) => o !== undefined);
}
