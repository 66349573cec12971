// Complete exports (migration 0020): one row per export and its zip in numbered 1 MiB parts.
import type { ColumnType, Generated } from 'kysely';

/** bigint: PostgreSQL hands it back as a string. */
type Big = ColumnType<number | string, number | undefined, number>;

export interface ExportsTable {
  id: string;
  scope: 'institution' | 'state';
  organization_id: string | null;
  state: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  phase: Generated<string>;
  done_items: Big;
  total_items: Big;
  /** JSON: rows written per file kind, once done. */
  counts: string | null;
  size: ColumnType<number | string | null, number | null | undefined, number | null>;
  sha256: string | null;
  parts: Generated<number>;
  run_token: string | null;
  attempts: Generated<number>;
  error: string | null;
  requested_by: string | null;
  /** Who asked (JSON), so the job audits as them. */
  actor: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string;
  updated_at: string;
}

export interface ExportPartsTable {
  export_id: string;
  part: number;
  data: Buffer;
}
