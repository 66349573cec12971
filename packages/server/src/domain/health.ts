// Readiness: can this process reach its database.
import type { Deps } from './deps.ts';
import { pingDatabase as ping } from '../storage/db.ts';

export async function pingDatabase(deps: Pick<Deps, 'db'>): Promise<void> {
  await ping(deps.db);
}
