// The hourly check (app/compose.ts): exports finished (or failed) more than 7 days ago lose their zip;
// the row stays, marked expired, so its page can say so. Safe to run in several processes at once.
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { repos } from '../../storage/repositories/index.ts';

export async function purgeExpiredExports(deps: Deps): Promise<number> {
  let purged = 0;
  for (;;) {
    const ids = await repos(deps.db).exports.expiredIds(nowIso(deps), 50);
    if (ids.length === 0) return purged;
    for (const id of ids) {
      await inTransaction(deps, async (r) => {
        const at = nowIso(deps);
        await r.exports.deleteParts(id);
        await r.exports.markExpired(id, at);
        await audit(r, { actor: SYSTEM, at, action: 'export.expired', subjectType: 'export', subjectId: id, organizationId: (await r.exports.findById(id))?.organizationId ?? null });
      });
      purged++;
    }
  }
}
