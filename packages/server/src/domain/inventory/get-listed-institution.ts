// An institution's public page in the inventory: its public profile (the programs come from the search,
// search-inventory.ts). Any institution of the system has one; the Regents organization does not.
import type { Organization } from '../../storage/repositories/organizations.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';

/** What the public page shows of an institution (no members, keys or status). */
export type InstitutionProfile = Pick<Organization, 'slug' | 'name' | 'description' | 'city' | 'website'>;

export async function getListedInstitution(deps: Pick<Deps, 'db'>, _actor: Actor | null, input: { readonly slug: string }): Promise<InstitutionProfile> {
  const org = await repos(deps.db).organizations.findBySlug(input.slug);
  if (!org || org.kind !== 'institution') throw new DomainError('not_found', `There is no institution "${input.slug}".`);
  return { slug: org.slug, name: org.name, description: org.description, city: org.city, website: org.website };
}
