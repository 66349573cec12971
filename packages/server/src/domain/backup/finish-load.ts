// What every load into a database ends with (restore, migrate-data): the schema brought up to date (a
// backup from an older Laurel), the inventory search rebuilt from the programs (it is derived, and
// shaped differently per dialect), the row counts read back, and one audit event.
import type { Config } from '../../config.ts';
import { migrateToLatest, openDatabase } from '../../storage/db.ts';
import { countRows, dataTables } from '../../storage/backup/catalog.ts';
import type { TableCount } from '../../storage/backup/copy.ts';
import { repos } from '../../storage/repositories/index.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { rebuildInventory } from '../inventory/sync.ts';

export interface LoadSummary {
  readonly tables: readonly TableCount[];
  readonly rows: number;
  /** Programs listed again in the inventory search. */
  readonly programsListed: number;
}

export async function finishLoad(opts: { config: Config; clock?: () => Date; action: string; data: Record<string, unknown> }): Promise<LoadSummary> {
  const db = openDatabase(opts.config.database);
  try {
    await migrateToLatest(db);
    const programsListed = await rebuildInventory({ db: db.kysely });
    const tables: TableCount[] = [];
    for (const t of await dataTables(db)) tables.push({ table: t.name, rows: await countRows(db, t.name) });
    const rows = tables.reduce((n, t) => n + t.rows, 0);
    await audit(repos(db.kysely), {
      actor: SYSTEM,
      at: (opts.clock ?? (() => new Date()))().toISOString(),
      action: opts.action,
      subjectType: 'database',
      subjectId: null,
      data: { ...opts.data, rows, programsListed },
    });
    return { tables, rows, programsListed };
  } finally {
    await db.close();
  }
}
