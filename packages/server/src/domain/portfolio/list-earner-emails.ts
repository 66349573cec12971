// The portfolio's address settings: the sign-in address and the extra addresses whose badges land in
// the portfolio, confirmed or waiting for confirmation.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { canViewPortfolio } from '../policy.ts';
import type { EarnerEmail } from './badge-view.ts';

export async function listEarnerEmails(deps: Deps, actor: Actor, input: { userId: string }): Promise<EarnerEmail[]> {
  if (!canViewPortfolio(actor, input.userId)) throw forbidden('These addresses are visible only to their owner.');
  return repos(deps.db).earnerEmails.forUser(input.userId);
}
