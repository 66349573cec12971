// The CTDL publishing page's read: whether publishing is on, how many programs are in step with the
// registry, and each publication newest change first, with what went wrong last.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { assertAllowed, canManageCtdlPublishing } from '../policy.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { CtdlPublication } from '../../storage/repositories/ctdl-publications.ts';

export type { CtdlPublication };

export interface CtdlPublishingItem extends CtdlPublication {
  /** The program's title or the organization's name, as it is now. */
  readonly name: string;
  /** Where its CTDL document is served (listed programs only; organizations are in the organizations feed). */
  readonly documentPath: string | null;
}

export interface CtdlPublishing {
  /** The Assistant's base URL, when publishing is on (never the API key). */
  readonly registryUrl: string | null;
  readonly counts: Readonly<Record<CtdlPublication['state'], number>>;
  readonly items: readonly CtdlPublishingItem[];
  readonly total: number;
}

export async function getCtdlPublishing(deps: Pick<Deps, 'db' | 'config'>, actor: Actor, input: { readonly page: number; readonly perPage: number }): Promise<CtdlPublishing> {
  assertAllowed(canManageCtdlPublishing(actor), 'CTDL publishing is managed by system administrators.');
  const r = repos(deps.db);
  const counts = await r.ctdlPublications.counts();
  const rows = await r.ctdlPublications.list({ limit: input.perPage, offset: (input.page - 1) * input.perPage });
  const items: CtdlPublishingItem[] = [];
  for (const row of rows) {
    if (row.kind === 'credential') {
      const program = await r.programs.findById(row.entityId);
      const revision = program?.liveRevisionId ? await r.revisions.findById(program.liveRevisionId) : undefined;
      const listed = program?.status === 'active' && Boolean(revision);
      items.push({ ...row, name: revision?.title ?? 'A program no longer listed', documentPath: listed ? `/programs/${row.entityId}.ctdl.json` : null });
    } else {
      const org = await r.organizations.findById(row.entityId);
      items.push({ ...row, name: org?.name ?? 'An organization', documentPath: null });
    }
  }
  return { registryUrl: deps.config.ctdlRegistry?.url ?? null, counts, items, total: counts.pending + counts.published + counts.deleted + counts.failed };
}
