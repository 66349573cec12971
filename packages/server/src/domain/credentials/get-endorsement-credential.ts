// The Regents' endorsement of a program, as signed: the one in force, else the newest revoked one
// (verifiers check its status). Public, like every credential a badge points to.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { latestEndorsement } from './endorsement.ts';

export async function getEndorsementCredential(deps: Deps, _actor: Actor | null, input: { programId: string }): Promise<string> {
  const row = await latestEndorsement(deps.db, input.programId);
  if (!row) throw new DomainError('not_found', 'This program has no endorsement by the State Regents.');
  return row.credential;
}
