// What Laurel has published to the Credential Engine Registry, and what it still has to (migration 0025).
// A change marks the row pending in the changer's transaction; the publishing job records the outcome.
import type { Selectable } from 'kysely';
import type { CtdlPublicationsTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type CtdlPublicationRow = Selectable<CtdlPublicationsTable>;

export interface CtdlPublication {
  readonly entityId: string;
  readonly kind: CtdlPublicationsTable['kind'];
  readonly ctid: string;
  readonly organizationId: string | null;
  readonly wanted: CtdlPublicationsTable['wanted'];
  readonly state: CtdlPublicationsTable['state'];
  readonly changedAt: string;
  readonly publishedHash: string | null;
  readonly publishedAt: string | null;
  readonly attemptedAt: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
}

export function rowToCtdlPublication(r: CtdlPublicationRow): CtdlPublication {
  return {
    entityId: r.entity_id,
    kind: r.kind,
    ctid: r.registry_ctid,
    organizationId: r.organization_id,
    wanted: r.wanted,
    state: r.state,
    changedAt: r.changed_at,
    publishedHash: r.published_hash,
    publishedAt: r.published_at,
    attemptedAt: r.attempted_at,
    attempts: Number(r.attempts),
    lastError: r.last_error,
  };
}

export function ctdlPublicationsRepo(db: Executor) {
  return {
    async find(entityId: string): Promise<CtdlPublication | undefined> {
      const r = await db.selectFrom('ctdl_publications').selectAll().where('entity_id', '=', entityId).executeTakeFirst();
      return r ? rowToCtdlPublication(r) : undefined;
    },
    /** Something changed: the registry should now hold the current document (or nothing). Keeps what was last published. */
    async markChanged(o: { entityId: string; kind: CtdlPublication['kind']; ctid: string; organizationId: string | null; wanted: CtdlPublication['wanted']; at: string }): Promise<void> {
      await db
        .insertInto('ctdl_publications')
        .values({ entity_id: o.entityId, kind: o.kind, registry_ctid: o.ctid, organization_id: o.organizationId, wanted: o.wanted, state: 'pending', changed_at: o.at, attempts: 0 })
        .onConflict((oc) => oc.column('entity_id').doUpdateSet({ wanted: o.wanted, state: 'pending', changed_at: o.at, registry_ctid: o.ctid, organization_id: o.organizationId }))
        .execute();
    },
    /** The registry accepted the document (hash set) or the deletion (hash null). */
    async recordSuccess(o: { entityId: string; state: 'published' | 'deleted'; hash: string | null; at: string }): Promise<void> {
      await db
        .updateTable('ctdl_publications')
        .set({ state: o.state, published_hash: o.hash, published_at: o.at, attempted_at: o.at, attempts: 0, last_error: null })
        .where('entity_id', '=', o.entityId)
        .execute();
    },
    async recordFailure(o: { entityId: string; error: string; at: string }): Promise<void> {
      await db
        .updateTable('ctdl_publications')
        .set((eb) => ({ state: 'failed', last_error: o.error.slice(0, 2000), attempted_at: o.at, attempts: eb('attempts', '+', 1) }))
        .where('entity_id', '=', o.entityId)
        .execute();
    },
    /** Rows not in step with the registry: the ones "Publish now" queues again. */
    async unsettled(limit: number): Promise<CtdlPublication[]> {
      const rows = await db.selectFrom('ctdl_publications').selectAll().where('state', 'in', ['pending', 'failed']).orderBy('changed_at').orderBy('entity_id').limit(limit).execute();
      return rows.map(rowToCtdlPublication);
    },
    /** Newest change first, for the publishing page. */
    async list(o: { limit: number; offset: number }): Promise<CtdlPublication[]> {
      const rows = await db.selectFrom('ctdl_publications').selectAll().orderBy('changed_at', 'desc').orderBy('entity_id', 'desc').limit(o.limit).offset(o.offset).execute();
      return rows.map(rowToCtdlPublication);
    },
    async counts(): Promise<Record<CtdlPublication['state'], number>> {
      const rows = await db.selectFrom('ctdl_publications').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
      const out = { pending: 0, published: 0, deleted: 0, failed: 0 };
      for (const r of rows) out[r.state] = Number(r.n);
      return out;
    },
  };
}
