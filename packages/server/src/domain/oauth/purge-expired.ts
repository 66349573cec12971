// Expired OAuth artefacts (codes, tokens, sessions, interactions, grants past their lifetime) are
// already refused on read; this removes their rows, hourly, so the table holds only what still counts.
import { repos } from '../../storage/repositories/index.ts';
import { nowIso, type Deps } from '../deps.ts';

export async function purgeExpiredOAuth(deps: Deps): Promise<number> {
  return repos(deps.db).oauthModels.purgeExpired(nowIso(deps));
}
