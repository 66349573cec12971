// Read models of programs for pages, the API and the inventory: a program with its institution, its live
// (or latest) revision's form, and its badge class.
import { repos, type Executor } from '../../storage/repositories/index.ts';
import type { BadgeClass } from '../../storage/repositories/badge-classes.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import type { Program } from '../../storage/repositories/programs.ts';
import { formOf, type ProgramForm } from './form.ts';

export interface ProgramView {
  readonly program: Program;
  readonly organization: Pick<Organization, 'id' | 'slug' | 'name' | 'institutionType' | 'city' | 'website'>;
  readonly revisionId: string;
  readonly revisionNumber: number;
  readonly form: ProgramForm;
  readonly badgeClass: BadgeClass | null;
}

/** A published program (active, with a live revision), or undefined. Suspended and retired are not public. */
export async function getPublishedProgram(db: Executor, programId: string): Promise<ProgramView | undefined> {
  const view = await getProgramView(db, programId);
  return view && view.program.status === 'active' && view.program.liveRevisionId ? view : undefined;
}

/** Any program with its live revision (or, before first approval, its latest revision). */
export async function getProgramView(db: Executor, programId: string): Promise<ProgramView | undefined> {
  const r = repos(db);
  const program = await r.programs.findById(programId);
  if (!program) return undefined;
  const org = await r.organizations.findById(program.organizationId);
  if (!org) return undefined;
  let revision = program.liveRevisionId ? await r.revisions.findById(program.liveRevisionId) : undefined;
  if (!revision) revision = (await r.revisions.listForProgram(program.id)).at(-1);
  if (!revision) return undefined;
  return {
    program,
    organization: { id: org.id, slug: org.slug, name: org.name, institutionType: org.institutionType, city: org.city, website: org.website },
    revisionId: revision.id,
    revisionNumber: revision.number,
    form: formOf(revision.form),
    badgeClass: (await r.badgeClasses.findByProgram(program.id)) ?? null,
  };
}

/** Every published program, in batches (for the search index rebuild, sitemap, exports). */
export async function* publishedPrograms(db: Executor, batch = 500): AsyncGenerator<ProgramView> {
  const r = repos(db);
  let after = '';
  for (;;) {
    const ids = await r.programs.publishedIdsAfter(after, batch);
    if (ids.length === 0) return;
    for (const id of ids) {
      const v = await getPublishedProgram(db, id);
      if (v) yield v;
    }
    after = ids.at(-1)!;
  }
}
