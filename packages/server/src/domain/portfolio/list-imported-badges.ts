// The badges an earner imported from other issuers (private to them, like the rest of the portfolio).
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { canViewPortfolio } from '../policy.ts';
import type { ExternalBadge } from './badge-view.ts';

export async function listImportedBadges(deps: Deps, actor: Actor, input: { userId: string }): Promise<ExternalBadge[]> {
  if (!canViewPortfolio(actor, input.userId)) throw forbidden('A portfolio is visible only to its earner.');
  return repos(deps.db).externalBadges.forUser(input.userId);
}
