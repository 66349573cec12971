// A program's public page: only a listed program (active, with a live revision) can be read there — by
// anyone, its own institution included, since a draft, suspended or retired program is not public. Its
// institution's people see those on their own pages (domain/programs, requests).
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { getPublishedProgram, type ProgramView } from '../programs/published.ts';

export type { ProgramView } from '../programs/published.ts';

export async function getListedProgram(deps: Pick<Deps, 'db'>, _actor: Actor | null, input: { readonly programId: string }): Promise<ProgramView> {
  const v = await getPublishedProgram(deps.db, input.programId);
  if (!v) throw new DomainError('not_found', 'This program is not listed in the inventory. It may have been suspended or retired.');
  return v;
}
