// The staff's "Pathways" list: every pathway (any status) of the institutions the actor authors for;
// the system admin sees every institution's.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { authoringOrganizationIds, canAuthorPathways, isSystemAdmin } from '../policy.ts';
import { describePathways, type InstitutionRef, type PathwayView } from './views.ts';

export interface InstitutionPathways {
  readonly institution: InstitutionRef;
  readonly pathways: readonly PathwayView[];
}

export async function listPathways(deps: Pick<Deps, 'db'>, actor: Actor, input: { institution?: string | undefined } = {}): Promise<InstitutionPathways[]> {
  const r = repos(deps.db);
  const all = (await r.organizations.list({ kind: 'institution' })).filter((o) => (isSystemAdmin(actor) ? true : authoringOrganizationIds(actor).includes(o.id)));
  const orgs = input.institution ? all.filter((o) => o.slug === input.institution) : all;
  if (orgs.length === 0 || orgs.some((o) => !canAuthorPathways(actor, o.id))) throw forbidden('Pathways are authored by institutions’ program authors and administrators.');
  const out: InstitutionPathways[] = [];
  for (const o of orgs) out.push({ institution: { id: o.id, slug: o.slug, name: o.name }, pathways: await describePathways(r, await r.pathways.listForOrganization(o.id)) });
  return out;
}
