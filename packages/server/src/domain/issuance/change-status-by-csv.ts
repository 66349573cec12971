// Revoking or suspending many awards from a CSV file (columns award_id, reason), like bulk issuing:
// upload → preview (every row with its errors) → confirm → background jobs of a few hundred rows on the
// status_batch queue → progress and an error report. Each row is applied at most once: its job claims the
// row (pending → applied, a conditional UPDATE) in the same transaction that re-reads the award and
// changes it, so a job retried after a crash, or run by two processes, never applies a row twice.
import { enqueueRowChunks } from '../jobs/job-queue.ts';
import { parse } from 'csv-parse/sync';
import { repos } from '../../storage/repositories/index.ts';
import type { StatusAction, StatusBatch, StatusBatchRow } from '../../storage/repositories/status-batches.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { canIssueBadges, issuingOrganizationIds } from '../policy.ts';
import { applyStatusChange, reasonProblem, statusChangeProblem } from './manage-awards.ts';

export type { StatusAction, StatusBatch, StatusBatchRow } from '../../storage/repositories/status-batches.ts';

export const STATUS_QUEUE = 'status_batch';
export const STATUS_CSV_MAX_ROWS = 50_000;
export const STATUS_CSV_MAX_BYTES = 10 * 1024 * 1024;
/** Rows per background job: one short transaction each, well within the job lease. */
export const STATUS_CHUNK_ROWS = 250;

export interface StatusChunkPayload {
  readonly batchId: string;
  readonly from: number;
  readonly to: number;
}

/** Who confirmed, kept so the jobs write the audit trail in their name (memberships are not needed there). */
function storedActor(actor: Actor): Actor {
  return actor.kind === 'user' ? { kind: 'user', userId: actor.userId, email: actor.email, name: actor.name, memberships: [] } : actor;
}

/** A file of one of the actor's institutions; any other answers "not found", so ids reveal nothing. */
export async function getStatusBatchForIssuer(deps: Deps, actor: Actor, batchId: string): Promise<StatusBatch> {
  const b = await repos(deps.db).statusBatches.findById(batchId);
  if (!b || !canIssueBadges(actor, b.organizationId)) throw notFound('The upload');
  return b;
}

function parseRecords(csv: string): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase().replace(/[\s-]+/g, '_')), skip_empty_lines: true, trim: true, relax_column_count: true, max_record_size: 20_000 }) as Record<string, string>[];
  } catch (err) {
    throw validationError({ file: `The file is not valid CSV: ${(err as Error).message}` });
  }
  if (records.length === 0) throw validationError({ file: 'The file has no rows under its header.' });
  if (records.length > STATUS_CSV_MAX_ROWS) throw validationError({ file: `At most ${STATUS_CSV_MAX_ROWS.toLocaleString('en-US')} rows per file. Split it.` });
  if (!('award_id' in records[0]!) || !('reason' in records[0]!)) throw validationError({ file: 'The header must name the columns award_id and reason.' });
  return records;
}

function organizationFor(actor: Actor, organizationId: string | undefined): string {
  const ids = issuingOrganizationIds(actor);
  if (ids.length === 0) throw forbidden('Issuing is for the issuers and administrators of an institution.');
  if (organizationId) {
    if (!ids.includes(organizationId)) throw forbidden('You do not issue badges for that institution.');
    return organizationId;
  }
  if (ids.length > 1) throw validationError({ organization: 'Choose the institution whose badges the file lists.' });
  return ids[0]!;
}

/** Reads and checks the file against the awards as they are now, and stores every row with its errors. Nothing changes yet. */
export async function createStatusBatch(deps: Deps, actor: Actor, input: { action: StatusAction; filename: string; csv: Buffer | string; organizationId?: string | undefined }): Promise<StatusBatch> {
  const organizationId = organizationFor(actor, input.organizationId);
  const size = typeof input.csv === 'string' ? Buffer.byteLength(input.csv) : input.csv.length;
  if (size === 0) throw validationError({ file: 'Choose a CSV file to upload.' });
  if (size > STATUS_CSV_MAX_BYTES) throw validationError({ file: 'The file is larger than 10 MB.' });
  const records = parseRecords(typeof input.csv === 'string' ? input.csv : input.csv.toString('utf8'));
  const r = repos(deps.db);
  const org = await r.organizations.findById(organizationId);
  const ids = [...new Set(records.map((x) => x.award_id ?? '').filter((id) => id && id.length <= 100))];
  const awards = new Map((await r.awards.findByIds(ids)).map((a) => [a.id, a]));
  const seen = new Map<string, number>();
  const rows: StatusBatchRow[] = records.map((rec, i) => {
    const rowNumber = i + 2; // the header is line 1, as in a spreadsheet
    const awardId = (rec.award_id ?? '').slice(0, 200);
    const reason = (rec.reason ?? '').slice(0, 2000);
    const a = awards.get(awardId);
    const first = seen.get(awardId);
    if (awardId && first === undefined) seen.set(awardId, rowNumber);
    const problem = !awardId
      ? 'Give the award’s id in the award_id column.'
      : first !== undefined
        ? `The same award is already on row ${first}.`
        : !a || !canIssueBadges(actor, a.organizationId)
          ? `No award of ${org?.name ?? 'your institution'} has this id.`
          : a.organizationId !== organizationId
            ? `This award was issued by another of your institutions, not ${org?.name ?? 'this one'}: upload it for that institution.`
            : (reasonProblem(reason) ?? statusChangeProblem(a, input.action));
    return { rowNumber, awardId, reason, status: problem ? 'invalid' : 'pending', message: problem ?? null };
  });
  const now = nowIso(deps);
  const invalid = rows.filter((x) => x.status === 'invalid').length;
  const batch = {
    id: newId(),
    organizationId,
    action: input.action,
    filename: input.filename.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'upload.csv',
    status: 'preview' as const,
    totalRows: rows.length,
    invalidRows: invalid,
    createdBy: actorUserId(actor),
    actor: storedActor(actor),
    createdAt: now,
  };
  await inTransaction(deps, async (tr) => {
    await tr.statusBatches.insert(batch);
    await tr.statusBatches.insertRows(batch.id, rows, now);
    await audit(tr, { actor, at: now, action: 'status_batch.uploaded', subjectType: 'status_batch', subjectId: batch.id, organizationId, data: { filename: batch.filename, action: input.action, rows: rows.length, invalid } });
  });
  return (await r.statusBatches.findById(batch.id))!;
}

/** Starts applying the valid rows in the background. Confirming twice queues the work once. */
export async function confirmStatusBatch(deps: Deps, actor: Actor, batchId: string): Promise<StatusBatch> {
  const b = await getStatusBatchForIssuer(deps, actor, batchId);
  if (b.status !== 'preview') return b;
  const r = repos(deps.db);
  const pending = (await r.statusBatches.rows(b.id, { status: 'pending' })).map((x) => x.rowNumber);
  if (pending.length === 0) throw new DomainError('invalid_transition', 'No row of this file can be applied: correct the file and upload it again.');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.statusBatches.confirm(b.id, now, storedActor(actor)))) return;
    await enqueueRowChunks(tr, { queue: STATUS_QUEUE, batchId: b.id, rows: pending, size: STATUS_CHUNK_ROWS, at: now });
    await audit(tr, { actor, at: now, action: 'status_batch.confirmed', subjectType: 'status_batch', subjectId: b.id, organizationId: b.organizationId, data: { action: b.action, rows: pending.length } });
  });
  deps.wake();
  return (await r.statusBatches.findById(b.id))!;
}

/** Applies one row in its own transaction; false when an earlier (or concurrent) run already settled it. */
async function applyRow(deps: Deps, b: StatusBatch, row: StatusBatchRow): Promise<'applied' | 'failed' | 'skipped'> {
  return inTransaction(deps, async (tr) => {
    const at = nowIso(deps);
    if (!(await tr.statusBatches.settleRow(b.id, row.rowNumber, { status: 'applied', message: null, at }))) return 'skipped';
    const award = await tr.awards.findById(row.awardId); // the award as it is now, in this transaction
    let problem = !award || award.organizationId !== b.organizationId ? 'The award was not found.' : statusChangeProblem(award, b.action);
    if (!problem && !(await applyStatusChange(deps, tr, { actor: b.actor as Actor, award: award!, action: b.action, reason: row.reason.trim(), at }))) problem = 'The award changed while this file was applied.';
    if (problem) await tr.statusBatches.failRow(b.id, row.rowNumber, { message: problem, at });
    return problem ? 'failed' : 'applied';
  });
}

/** The background job: applies the pending rows of one chunk. Safe to run again after a crash. */
export async function processStatusBatchChunk(deps: Deps, payload: StatusChunkPayload): Promise<{ applied: number; failed: number }> {
  const r = repos(deps.db);
  const b = await r.statusBatches.findById(payload.batchId);
  if (!b || b.status !== 'queued') return { applied: 0, failed: 0 };
  let applied = 0;
  let failed = 0;
  for (const row of await r.statusBatches.rows(b.id, { from: payload.from, to: payload.to, status: 'pending' })) {
    const result = await applyRow(deps, b, row);
    if (result === 'applied') applied++;
    else if (result === 'failed') failed++;
  }
  // Revocations queued award.revoked webhook deliveries.
  if (applied) deps.wake();
  if (await r.statusBatches.finishIfComplete(b.id, nowIso(deps))) {
    const c = await r.statusBatches.countsByStatus(b.id);
    await inTransaction(deps, (tr) => audit(tr, { actor: b.actor as Actor, at: nowIso(deps), action: 'status_batch.finished', subjectType: 'status_batch', subjectId: b.id, organizationId: b.organizationId, data: { action: b.action, applied: c.applied, failed: c.failed, invalid: c.invalid } }));
  }
  return { applied, failed };
}
