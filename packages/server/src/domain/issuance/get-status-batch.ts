// Reading a revoke / suspend file: its progress (also as JSON for the progress bar), a page of its rows,
// its error report, and the recent files of the actor's institutions.
import { csvLine } from '../../shared/csv.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { issuingOrganizationIds } from '../policy.ts';
import { getStatusBatchForIssuer, type StatusBatch, type StatusBatchRow } from './change-status-by-csv.ts';

export interface StatusBatchProgress {
  readonly id: string;
  readonly status: StatusBatch['status'];
  readonly action: StatusBatch['action'];
  readonly total: number;
  readonly invalid: number;
  readonly toApply: number;
  /** Rows applied (named `done` for the shared progress bar script). */
  readonly done: number;
  readonly failed: number;
  readonly pending: number;
  readonly percent: number;
  readonly finished: boolean;
}

export interface StatusBatchDetail {
  readonly batch: StatusBatch;
  readonly progress: StatusBatchProgress;
  readonly organizationName: string;
  readonly rows: StatusBatchRow[];
  readonly total: number;
}

export async function getStatusBatchProgress(deps: Deps, actor: Actor, batchId: string): Promise<StatusBatchProgress> {
  const b = await getStatusBatchForIssuer(deps, actor, batchId);
  const c = await repos(deps.db).statusBatches.countsByStatus(b.id);
  const toApply = c.pending + c.applied + c.failed;
  return {
    id: b.id,
    status: b.status,
    action: b.action,
    total: b.totalRows,
    invalid: c.invalid,
    toApply,
    done: c.applied,
    failed: c.failed,
    pending: c.pending,
    percent: b.status === 'preview' ? 0 : toApply === 0 ? 100 : Math.floor(((c.applied + c.failed) / toApply) * 100),
    finished: b.status === 'done',
  };
}

/** Every row in the preview (or only those with errors when asked); once confirmed, the rows with problems. */
export async function getStatusBatchDetail(deps: Deps, actor: Actor, batchId: string, input: { onlyProblems: boolean; page: number; perPage: number }): Promise<StatusBatchDetail> {
  const batch = await getStatusBatchForIssuer(deps, actor, batchId);
  const r = repos(deps.db);
  const progress = await getStatusBatchProgress(deps, actor, batchId);
  const status = batch.status !== 'preview' || input.onlyProblems ? (['invalid', 'failed'] as const) : undefined;
  const [rows, total, org] = await Promise.all([
    r.statusBatches.rows(batch.id, { ...(status ? { status: [...status] } : {}), limit: input.perPage, offset: (input.page - 1) * input.perPage }),
    r.statusBatches.countRows(batch.id, status ? [...status] : undefined),
    r.organizations.findById(batch.organizationId),
  ]);
  return { batch, progress, organizationName: org?.name ?? '', rows, total };
}

/** The rows that were not applied, with their award id, reason and error, as CSV to fix and upload again. */
export async function getStatusBatchErrorReport(deps: Deps, actor: Actor, batchId: string): Promise<string> {
  const b = await getStatusBatchForIssuer(deps, actor, batchId);
  const rows = await repos(deps.db).statusBatches.rows(b.id, { status: ['invalid', 'failed'] });
  const lines = [csvLine(['row', 'award_id', 'reason', 'error']), ...rows.map((x) => csvLine([x.rowNumber, x.awardId, x.reason, x.message ?? '']))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The latest files of the institutions the actor issues for (the upload page lists them). */
export async function listStatusBatches(deps: Deps, actor: Actor): Promise<StatusBatch[]> {
  return repos(deps.db).statusBatches.listForOrganizations(issuingOrganizationIds(actor));
}
