// Institutions the actor may start requests for (the New request form's choice): only where they are a
// program author or administrator.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { authoringOrganizationIds } from '../policy.ts';

export interface InstitutionRef {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

export async function listAuthoringInstitutions(deps: Deps, actor: Actor): Promise<InstitutionRef[]> {
  const mine = authoringOrganizationIds(actor);
  return (await repos(deps.db).organizations.list({ kind: 'institution' })).filter((o) => mine.includes(o.id)).map((o) => ({ id: o.id, slug: o.slug, name: o.name }));
}
