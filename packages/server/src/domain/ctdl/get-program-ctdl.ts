// A listed program's CTDL document (/programs/{id}.ctdl.json): public, like the program's page.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { CtdlNode } from './ctdl.ts';
import { listedProgramDocument } from './documents.ts';

export async function getProgramCtdl(deps: Pick<Deps, 'db' | 'config'>, _actor: Actor | null, input: { readonly programId: string }): Promise<CtdlNode> {
  const found = await listedProgramDocument(deps, input.programId);
  if (!found) throw new DomainError('not_found', 'This program is not listed in the inventory, so it has no CTDL document. It may have been suspended or retired.');
  return found.doc;
}
