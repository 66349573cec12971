// The earner's badge list: every award sent to their account or to one of their confirmed addresses.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { canViewPortfolio } from '../policy.ts';
import { badgeView, earnerEmails, type BadgeView } from './badge-view.ts';

/** The portfolio of `input.userId` (by default the actor's own); nobody else's. */
export async function listPortfolio(deps: Deps, actor: Actor, input: { userId?: string } = {}): Promise<BadgeView[]> {
  const userId = input.userId ?? (actor.kind === 'user' ? actor.userId : '');
  if (!canViewPortfolio(actor, userId)) throw forbidden('A portfolio is visible only to its earner.');
  const awards = await repos(deps.db).awards.forEarner(userId, await earnerEmails(deps, userId));
  return Promise.all(awards.map((a) => badgeView(deps, a)));
}
