// The inventory's "Stacks into" facet: a listed program's entry carries the destinations of the
// published pathways it is a component of. When a pathway enters or leaves the published set, or a
// published one changes, its component programs' entries are written again — in the pathway's own
// transaction, through the same writer as a program's publication, so the facet moves with the commit.
import type { Repos } from '../../storage/repositories/index.ts';
import { syncProgramInInventory } from '../inventory/sync.ts';
import type { Pathway } from './types.ts';

const programIds = (p: Pathway | undefined): string[] => (p ? p.components.flatMap((c) => (c.kind === 'program' && c.programId ? [c.programId] : [])) : []);

/** Re-lists the component programs of `before` and `after` when either is published. */
export async function resyncStacking(r: Repos, before: Pathway | undefined, after: Pathway | undefined): Promise<void> {
  const touched = new Set<string>();
  for (const p of [before, after]) if (p?.status === 'published') for (const id of programIds(p)) touched.add(id);
  for (const id of [...touched].sort()) await syncProgramInInventory(r, id);
}
