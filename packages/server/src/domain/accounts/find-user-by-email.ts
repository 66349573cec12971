// Users named by email, for the system's own tools (the `laurel` command), which have no session.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor, UserActor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { assertAllowed, isSystemAdmin } from '../policy.ts';
import { actorForUser } from './sessions.ts';

function normalise(email: string): string {
  return email.trim().toLowerCase();
}

/** The id of the user with this email, whatever their status; system administrators only. */
export async function findUserByEmail(deps: Deps, actor: Actor, email: string): Promise<{ id: string } | undefined> {
  assertAllowed(isSystemAdmin(actor));
  const user = await repos(deps.db).users.findByEmail(normalise(email));
  return user ? { id: user.id } : undefined;
}

/** The actor of the active user with this email, to act as them (`laurel issue --as`); system administrators only. */
export async function actorForEmail(deps: Deps, actor: Actor, email: string): Promise<UserActor | undefined> {
  const user = await findUserByEmail(deps, actor, email);
  return user ? actorForUser(deps, user.id) : undefined;
}
