// What the pathway form offers besides the pathway itself: the owner institution, its badge classes
// (the milestone badge), and — when the author searched — listed programs of any institution to add.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { authoringOrganizationIds, canAuthorPathways, isSystemAdmin } from '../policy.ts';
import { totalCreditHours } from '../programs/form.ts';
import { getPublishedProgram } from '../programs/published.ts';
import type { InstitutionRef } from './views.ts';

export interface ProgramChoice {
  readonly programId: string;
  readonly title: string;
  readonly institutionName: string;
  readonly creditHours: number;
}

export interface PathwayFormOptions {
  readonly institution: InstitutionRef;
  /** Institutions the author may choose as owner (when starting a pathway). */
  readonly institutions: readonly InstitutionRef[];
  readonly badgeClasses: readonly { id: string; name: string }[];
  readonly results: readonly ProgramChoice[] | null;
  readonly total: number;
  /** The programs named in the form (components, destination) as they are listed now; unlisted ones are absent. */
  readonly programs: ReadonlyMap<string, ProgramChoice>;
}

export const PROGRAM_SEARCH_LIMIT = 10;

export async function getPathwayFormOptions(deps: Deps, actor: Actor, input: { institution?: string | undefined; organizationId?: string | undefined; q?: string | undefined; programIds?: readonly string[] }): Promise<PathwayFormOptions> {
  const r = repos(deps.db);
  const own = authoringOrganizationIds(actor);
  const mine = (await r.organizations.list({ kind: 'institution' })).filter((o) => (isSystemAdmin(actor) ? true : own.includes(o.id)));
  const org = input.organizationId ? await r.organizations.findById(input.organizationId) : input.institution ? await r.organizations.findBySlug(input.institution) : mine[0];
  if (!org) throw notFound('The institution');
  if (!canAuthorPathways(actor, org.id)) throw forbidden('Only the institution’s program authors and administrators can author its pathways.');
  const badgeClasses = (await r.badgeClasses.listForOrganization(org.id)).map((b) => ({ id: b.id, name: b.name })).sort((a, b) => a.name.localeCompare(b.name));
  const q = (input.q ?? '').trim().slice(0, 200);
  let results: ProgramChoice[] | null = null;
  let total = 0;
  if (q) {
    // The inventory's own index: 100,000 programs are searched, never listed.
    const res = await deps.search.search({ q, filters: {}, sort: 'relevance', page: 1, perPage: PROGRAM_SEARCH_LIMIT });
    total = res.total;
    results = res.items.map((i) => ({ programId: i.programId, title: i.title, institutionName: i.institutionName, creditHours: i.creditHours }));
  }
  const programs = new Map<string, ProgramChoice>();
  for (const id of new Set((input.programIds ?? []).filter(Boolean).slice(0, 40))) {
    const v = await getPublishedProgram(r.executor, id);
    if (v) programs.set(id, { programId: id, title: v.form.title, institutionName: v.organization.name, creditHours: totalCreditHours(v.form) });
  }
  return { programs, institution: { id: org.id, slug: org.slug, name: org.name }, institutions: mine.map((o) => ({ id: o.id, slug: o.slug, name: o.name })), badgeClasses, results, total };
}
