// What `laurel serve` does with the demo data as it starts: fill an empty database, and say which demo
// sign-ins exist.
import { repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';
import { DEMO_USERS, seedDemo } from './demo.ts';

/** Seeds the demo data only into a database with no user at all; whether it did. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if ((await repos(deps.db).users.count()) > 0) return false;
  await seedDemo(deps);
  return true;
}

/** The demo users that exist in this database (none after they were removed, or in a real install). */
export async function presentDemoUsers(deps: Deps): Promise<(typeof DEMO_USERS)[number][]> {
  const r = repos(deps.db);
  const present = await Promise.all(DEMO_USERS.map(async (u) => ((await r.users.findByEmail(u.email)) ? u : null)));
  return present.filter((u) => u !== null);
}
