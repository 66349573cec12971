// What bulk files share, whatever they do (issue badges, revoke or suspend): a batch row that goes
// preview → queued → done, and numbered rows with a status. Both repositories (issue-batches.ts,
// status-batches.ts) build their lifecycle and row queries here, so the once-only confirm and the
// finish-when-no-row-is-pending rules are written once.
import type { Kysely } from 'kysely';
import type { Executor } from './types.ts';

export interface RowFilter<S extends string> {
  readonly from?: number;
  readonly to?: number;
  readonly status?: S | S[];
  readonly limit?: number;
  readonly offset?: number;
}

/** The two tables of one kind of bulk file. Their shared columns are all these queries touch. */
export function batchTables<S extends string>(executor: Executor, tables: { readonly batches: 'issue_batches' | 'status_batches'; readonly rows: 'issue_batch_rows' | 'status_batch_rows' }) {
  // The two pairs of tables have the same shared columns; Kysely cannot type a query over "either
  // table", so these queries see them untyped and the callers map the rows.
  const db = executor as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const whereStatus = <Q extends { where: (...a: never[]) => Q }>(q: Q, status: S | S[] | undefined): Q =>
    status === undefined ? q : Array.isArray(status) ? (q.where as (c: string, o: string, v: unknown) => Q)('status', 'in', status) : (q.where as (c: string, o: string, v: unknown) => Q)('status', '=', status);
  return {
    /** preview → queued, once: a double-clicked Confirm or two processes confirming queue the work once. */
    async confirm(id: string, at: string, actor: unknown): Promise<boolean> {
      const r = await db.updateTable(tables.batches).set({ status: 'queued', confirmed_at: at, updated_at: at, actor: JSON.stringify(actor) }).where('id', '=', id).where('status', '=', 'preview').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** queued → done once no row is pending; true for the one caller that made the change. */
    async finishIfComplete(id: string, at: string): Promise<boolean> {
      const pending = await db.selectFrom(tables.rows).select('row_number').where('batch_id', '=', id).where('status', '=', 'pending').limit(1).executeTakeFirst();
      if (pending) return false;
      const r = await db.updateTable(tables.batches).set({ status: 'done', finished_at: at, updated_at: at }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** The raw rows of a batch in row order, filtered. */
    async rows(batchId: string, opts: RowFilter<S> = {}): Promise<Record<string, unknown>[]> {
      let q = db.selectFrom(tables.rows).selectAll().where('batch_id', '=', batchId);
      if (opts.from !== undefined) q = q.where('row_number', '>=', opts.from);
      if (opts.to !== undefined) q = q.where('row_number', '<=', opts.to);
      q = whereStatus(q, opts.status).orderBy('row_number');
      if (opts.limit !== undefined) q = q.limit(opts.limit).offset(opts.offset ?? 0);
      return q.execute();
    },
    async countRows(batchId: string, status?: S | S[]): Promise<number> {
      const q = whereStatus(db.selectFrom(tables.rows).select((eb) => eb.fn.countAll<string | number>().as('n')).where('batch_id', '=', batchId), status);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
    /** How many rows are in each status (every status in `all` present, 0 when none). */
    async countsByStatus<K extends S>(batchId: string, all: readonly K[]): Promise<Record<K, number>> {
      const rows = await db.selectFrom(tables.rows).select(['status', (eb) => eb.fn.countAll<string | number>().as('n')]).where('batch_id', '=', batchId).groupBy('status').execute();
      const out = Object.fromEntries(all.map((s) => [s, 0])) as Record<K, number>;
      for (const r of rows) out[r.status as K] = Number(r.n);
      return out;
    },
  };
}
