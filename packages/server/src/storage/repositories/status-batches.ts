// Revoke / suspend files (one uploaded CSV) and their rows, with each row's result. A row goes from
// pending to applied or failed once: the conditional UPDATE that settles it runs in the same transaction
// as the award's change, so a job run twice (or by two processes) changes nothing twice.
import type { Selectable } from 'kysely';
import type { StatusBatchesTable, StatusBatchRowsTable } from '../schema.ts';
import { batchTables, type RowFilter } from './batch-tables.ts';
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
  const shared = batchTables<StatusBatchRowStatus>(db, { batches: 'status_batches', rows: 'status_batch_rows' });
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
    confirm: shared.confirm,
    finishIfComplete: shared.finishIfComplete,
    async rows(batchId: string, opts: RowFilter<StatusBatchRowStatus> = {}): Promise<StatusBatchRow[]> {
      return (await shared.rows(batchId, opts)).map((r) => rowToRow(r as unknown as Selectable<StatusBatchRowsTable>));
    },
    countRows: shared.countRows,
    countsByStatus: (batchId: string) => shared.countsByStatus(batchId, ['invalid', 'pending', 'applied', 'failed'] as const),
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
