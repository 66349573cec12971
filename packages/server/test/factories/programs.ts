// Programs built through the repositories and the lifecycle: a draft (a revision, never published), or a
// listed one (published, so it is in the inventory), optionally suspended or retired afterwards.
import { inTransaction, type Deps } from '../../src/domain/deps.ts';
import { newId } from '../../src/domain/ids.ts';
import { emptyForm, type ProgramForm } from '../../src/domain/programs/form.ts';
import { publishRevision, setProgramStatus } from '../../src/domain/programs/lifecycle.ts';
import { repos } from '../../src/storage/repositories/index.ts';
import type { Organization } from '../../src/storage/repositories/organizations.ts';

let seq = 0;
const letters = (n: number) => n.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26)));

export interface FactoryProgram {
  readonly id: string;
  readonly title: string;
  readonly revisionId: string;
}

/**
 * A program of `organization` with one revision. `state` says how far it got: 'draft' (never published),
 * 'listed' (published), or 'suspended' / 'retired' after publication. Titles carry a unique word, so a
 * search for the title finds only this program.
 */
export async function makeProgram(
  deps: Deps,
  organization: Pick<Organization, 'id'>,
  over: { state?: 'draft' | 'listed' | 'suspended' | 'retired'; endorsement?: 'endorsed' | 'not_endorsed'; form?: Partial<ProgramForm> } = {},
): Promise<FactoryProgram> {
  const at = () => deps.clock().toISOString();
  // Letters only: the search tokenizer keeps digits, but stems and prefixes are simpler to reason about.
  const word = `zq${letters(Date.now() % 100_000)}${letters(++seq)}`;
  const title = over.form?.title ?? `Factory ${word} Program`;
  const form: ProgramForm = { ...emptyForm(), title, narrative: `What earners of ${title} can do.`, skills: ['Teamwork'], ...over.form };
  const id = newId();
  const revisionId = newId();
  const r = repos(deps.db);
  await r.programs.insert({ id, organizationId: organization.id, status: 'draft', endorsement: null, liveRevisionId: null, publishedAt: null, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt: at(), updatedAt: at() });
  await r.revisions.insert({ id: revisionId, programId: id, number: 1, title, form, createdBy: null, at: at() });
  const state = over.state ?? 'listed';
  if (state !== 'draft') {
    await inTransaction(deps, (tr) => publishRevision(tr, { programId: id, revisionId, endorsement: over.endorsement ?? 'not_endorsed', at: at(), rereviewMonths: 12 }));
    if (state !== 'listed') await inTransaction(deps, (tr) => setProgramStatus(tr, { programId: id, status: state, reason: 'Factory', at: at() }));
  }
  return { id, title, revisionId };
}
