// One institution's public profile, by slug.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { Organization } from './institutions.ts';

export async function getInstitution(deps: Deps, _actor: Actor | null, input: { slug: string }): Promise<Organization> {
  const org = await repos(deps.db).organizations.findBySlug(input.slug);
  if (!org) throw notFound('The institution');
  return org;
}
