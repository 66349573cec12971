// Table types of migration 0008 (claim links that expire; revoke / suspend by CSV as jobs), merged into
// schema.ts's Database and AwardsTable by declaration merging. Kept here while schema.ts is being
// reworked elsewhere; fold it into schema.ts when that lands.
import type {} from './schema.ts';

export interface StatusBatchesTable {
  id: string;
  organization_id: string;
  action: 'revoke' | 'suspend';
  filename: string;
  status: 'preview' | 'queued' | 'done';
  total_rows: number;
  invalid_rows: number;
  created_by: string | null;
  /** Who confirmed the file (JSON), so the background jobs audit as them. */
  actor: string;
  created_at: string;
  confirmed_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface StatusBatchRowsTable {
  batch_id: string;
  row_number: number;
  /** The award id as written in the file (it may name no award: the row is then invalid). */
  award_id: string;
  reason: string;
  status: 'invalid' | 'pending' | 'applied' | 'failed';
  message: string | null;
  updated_at: string;
}

declare module './schema.ts' {
  interface AwardsTable {
    /** When the current claim link was emailed (migration 0008); null for awards from before it. */
    claim_sent_at: string | null;
  }
  interface Database {
    status_batches: StatusBatchesTable;
    status_batch_rows: StatusBatchRowsTable;
  }
}
