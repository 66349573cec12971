// Revoke / suspend files (one uploaded CSV) and their rows, with each row's result. A row goes from
// pending to applied or failed once: the conditional UPDATE that settles it runs in the same transaction
// as the award's change, so a job run twice (or by two processes) changes nothing twice.
import type { Selectable } from 'kysely';
import type { StatusBatchesTable, StatusBatchRowsTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type StatusBatchRowStatus = StatusBatchRowsTable['status'];
export type StatusAction = StatusBatchesTable['action'];

export interface StatusBatch {
  readonly id: string;
  readonly organizationId: string;
  readonly action: StatusAction;
  readonly filename: string;
  readonly status: StatusBatchesTable['status'];
  readonly totalRows: number;
  readonly invalidRows: number;
  readonly createdBy: string | null;
  readonly actor: unknown;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly finishedAt: string | null;
}

export interface StatusBatchRow {
  readonly rowNumber: number;
  readonly awardId: string;
  readonly reason: string;
  readonly status: StatusBatchRowStatus;
  readonly message: string | null;
}

function rowToBatch(r: Selectable<StatusBatchesTable>): StatusBatch {
  return {
    id: r.id,
    organizationId: r.organization_id,
    action: r.action,
    filename: r.filename,
    status: r.status,
    totalRows: Number(r.total_rows),
    invalidRows: Number(r.invalid_rows),
    createdBy: r.created_by,
    actor: JSON.parse(r.actor) as unknown,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    finishedAt: r.finished_at,
  };
}

function rowToRow(r: Selectable<StatusBatchRowsTable>): StatusBatchRow {
  return { rowNumber: Number(r.row_number), awardId: r.award_id, reason: r.reason, status: r.status, message: r.message };
}

export function statusBatchesRepo(db: Executor) {
  return {
    async insert(b: Omit<StatusBatch, 'confirmedAt' | 'finishedAt'>): Promise<void> {
      await db
        .insertInto('status_batches')
        .values({
          id: b.id,
          organization_id: b.organizationId,
          action: b.action,
          filename: b.filename,
          status: b.status,
          total_rows: b.totalRows,
          invalid_rows: b.invalidRows,
          created_by: b.createdBy,
          actor: JSON.stringify(b.actor),
          created_at: b.createdAt,
          confirmed_at: null,
          finished_at: null,
          updated_at: b.createdAt,
        })
        .execute();
    },
    async insertRows(batchId: string, rows: readonly StatusBatchRow[], at: string): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200);
        if (chunk.length) {
          await db
            .insertInto('status_batch_rows')
            .values(chunk.map((r) => ({ batch_id: batchId, row_number: r.rowNumber, award_id: r.awardId, reason: r.reason, status: r.status, message: r.message, updated_at: at })))
            .execute();
        }
      }
    },
    async findById(id: string): Promise<StatusBatch | undefined> {
      const r = await db.selectFrom('status_batches').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToBatch(r);
    },
    async listForOrganizations(organizationIds: readonly string[], limit = 20): Promise<StatusBatch[]> {
      if (organizationIds.length === 0) return [];
      return (await db.selectFrom('status_batches').selectAll().where('organization_id', 'in', organizationIds).orderBy('created_at', 'desc').limit(limit).execute()).map(rowToBatch);
    },
    /** preview → queued, once: a double-clicked Confirm queues the work once. */
    async confirm(id: string, at: string, actor: unknown): Promise<boolean> {
      const r = await db.updateTable('status_batches').set({ status: 'queued', confirmed_at: at, updated_at: at, actor: JSON.stringify(actor) }).where('id', '=', id).where('status', '=', 'preview').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async finishIfComplete(id: string, at: string): Promise<boolean> {
      const pending = await db.selectFrom('status_batch_rows').select('row_number').where('batch_id', '=', id).where('status', '=', 'pending').limit(1).executeTakeFirst();
      if (pending) return false;
      const r = await db.updateTable('status_batches').set({ status: 'done', finished_at: at, updated_at: at }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async rows(batchId: string, opts: { from?: number; to?: number; status?: StatusBatchRowStatus | StatusBatchRowStatus[]; limit?: number; offset?: number } = {}): Promise<StatusBatchRow[]> {
      let q = db.selectFrom('status_batch_rows').selectAll().where('batch_id', '=', batchId);
      if (opts.from !== undefined) q = q.where('row_number', '>=', opts.from);
      if (opts.to !== undefined) q = q.where('row_number', '<=', opts.to);
      if (opts.status) q = Array.isArray(opts.status) ? q.where('status', 'in', opts.status) : q.where('status', '=', opts.status);
      q = q.orderBy('row_number');
      if (opts.limit !== undefined) q = q.limit(opts.limit).offset(opts.offset ?? 0);
      return (await q.execute()).map(rowToRow);
    },
    async countRows(batchId: string, status?: StatusBatchRowStatus | StatusBatchRowStatus[]): Promise<number> {
      let q = db.selectFrom('status_batch_rows').select((eb) => eb.fn.countAll<string | number>().as('n')).where('batch_id', '=', batchId);
      if (status) q = Array.isArray(status) ? q.where('status', 'in', status) : q.where('status', '=', status);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
    async countsByStatus(batchId: string): Promise<Record<StatusBatchRowStatus, number>> {
      const rows = await db.selectFrom('status_batch_rows').select(['status', (eb) => eb.fn.countAll<string | number>().as('n')]).where('batch_id', '=', batchId).groupBy('status').execute();
      const out: Record<StatusBatchRowStatus, number> = { invalid: 0, pending: 0, applied: 0, failed: 0 };
      for (const r of rows) out[r.status] = Number(r.n);
      return out;
    },
    /**
     * Settles a pending row. False when it was not pending any more (settled by an earlier run that
     * committed, or by another process now: on PostgreSQL this waits for that transaction, then finds 0 rows).
     */
    async settleRow(batchId: string, row: number, p: { status: 'applied' | 'failed'; message: string | null; at: string }): Promise<boolean> {
      const r = await db
        .updateTable('status_batch_rows')
        .set({ status: p.status, message: p.message, updated_at: p.at })
        .where('batch_id', '=', batchId)
        .where('row_number', '=', row)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** A row this run claimed (in the same transaction) that could not be applied after all. */
    async failRow(batchId: string, row: number, p: { message: string; at: string }): Promise<void> {
      await db.updateTable('status_batch_rows').set({ status: 'failed', message: p.message, updated_at: p.at }).where('batch_id', '=', batchId).where('row_number', '=', row).execute();
    },
  };
}
