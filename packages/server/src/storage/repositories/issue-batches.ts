// Bulk issue batches (one uploaded CSV file) and their rows, with each row's result.
import type { Selectable } from 'kysely';
import type { IssueBatchesTable, IssueBatchRowsTable } from '../schema.ts';
import { batchTables, type RowFilter } from './batch-tables.ts';
import type { Executor } from './types.ts';

export type IssueBatchRow = Selectable<IssueBatchesTable>;
export type BatchRowStatus = IssueBatchRowsTable['status'];

export interface IssueBatch {
  readonly id: string;
  readonly organizationId: string;
  readonly badgeClassId: string;
  readonly filename: string;
  readonly status: IssueBatchesTable['status'];
  readonly reissue: boolean;
  readonly notify: boolean;
  readonly totalRows: number;
  readonly invalidRows: number;
  readonly createdBy: string | null;
  readonly actor: unknown;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly finishedAt: string | null;
}

function rowToBatch(r: IssueBatchRow): IssueBatch {
  return {
    id: r.id,
    organizationId: r.organization_id,
    badgeClassId: r.badge_class_id,
    filename: r.filename,
    status: r.status,
    reissue: Number(r.reissue) === 1,
    notify: Number(r.notify) === 1,
    totalRows: Number(r.total_rows),
    invalidRows: Number(r.invalid_rows),
    createdBy: r.created_by,
    actor: JSON.parse(r.actor) as unknown,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    finishedAt: r.finished_at,
  };
}

export interface BatchRow {
  readonly rowNumber: number;
  readonly data: Record<string, string>;
  readonly status: BatchRowStatus;
  readonly message: string | null;
  readonly awardId: string | null;
}

export function issueBatchesRepo(db: Executor) {
  const shared = batchTables<BatchRowStatus>(db, { batches: 'issue_batches', rows: 'issue_batch_rows' });
  return {
    async insert(b: Omit<IssueBatch, 'confirmedAt' | 'finishedAt'>): Promise<void> {
      await db
        .insertInto('issue_batches')
        .values({
          id: b.id,
          organization_id: b.organizationId,
          badge_class_id: b.badgeClassId,
          filename: b.filename,
          status: b.status,
          reissue: b.reissue ? 1 : 0,
          notify: b.notify ? 1 : 0,
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
    async insertRows(batchId: string, rows: readonly { rowNumber: number; data: Record<string, string>; status: BatchRowStatus; message: string | null }[], at: string): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200);
        await db
          .insertInto('issue_batch_rows')
          .values(chunk.map((r) => ({ batch_id: batchId, row_number: r.rowNumber, data: JSON.stringify(r.data), status: r.status, message: r.message, award_id: null, updated_at: at })))
          .execute();
      }
    },
    async findById(id: string): Promise<IssueBatch | undefined> {
      const r = await db.selectFrom('issue_batches').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToBatch(r);
    },
    async listForOrganization(organizationId: string, limit = 20): Promise<IssueBatch[]> {
      return (await db.selectFrom('issue_batches').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').limit(limit).execute()).map(rowToBatch);
    },
    confirm: shared.confirm,
    finishIfComplete: shared.finishIfComplete,
    async rows(batchId: string, opts: RowFilter<BatchRowStatus> = {}): Promise<BatchRow[]> {
      return (await shared.rows(batchId, opts)).map((x) => {
        const r = x as unknown as Selectable<IssueBatchRowsTable>;
        return { rowNumber: Number(r.row_number), data: JSON.parse(r.data) as Record<string, string>, status: r.status, message: r.message, awardId: r.award_id };
      });
    },
    countRows: shared.countRows,
    countsByStatus: (batchId: string) => shared.countsByStatus(batchId, ['invalid', 'pending', 'issued', 'failed'] as const),
    /** Marks rows issued, taking each row's award id from the awards table (one statement for a chunk). */
    async settleIssued(batchId: string, rows: readonly number[], at: string): Promise<void> {
      if (rows.length === 0) return;
      await db
        .updateTable('issue_batch_rows')
        .set((eb) => ({
          status: 'issued',
          message: null,
          updated_at: at,
          award_id: eb.selectFrom('awards').select('awards.id').whereRef('awards.batch_id', '=', 'issue_batch_rows.batch_id').whereRef('awards.batch_row', '=', 'issue_batch_rows.row_number').limit(1),
        }))
        .where('batch_id', '=', batchId)
        .where('row_number', 'in', rows)
        .where('status', '=', 'pending')
        .execute();
    },
    /** Settles a pending row; a row already settled (by a crashed run that committed) stays as it is. */
    async settleRow(batchId: string, row: number, p: { status: 'issued' | 'failed'; message: string | null; awardId: string | null; at: string }): Promise<void> {
      await db
        .updateTable('issue_batch_rows')
        .set({ status: p.status, message: p.message, award_id: p.awardId, updated_at: p.at })
        .where('batch_id', '=', batchId)
        .where('row_number', '=', row)
        .where('status', '=', 'pending')
        .execute();
    },
  };
}
