// The Regents and every institution: public information (the API lists them without signing in).
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import type { Organization } from './institutions.ts';

export async function listInstitutions(deps: Deps, _actor: Actor | null, _input: Record<string, never> = {}): Promise<Organization[]> {
  return repos(deps.db).organizations.list();
}
