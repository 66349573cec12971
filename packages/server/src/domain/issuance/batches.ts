// Bulk issuing from a CSV file: upload → preview (every row with its errors) → confirm → background
// jobs of a few hundred rows each. Every row is issued at most once (awards are unique per batch and
// row), so a crash, a retried job or two processes sharing the work never issue a row twice; a
// re-uploaded file meets the duplicate rule instead.
import { enqueueRowChunks } from '../jobs/job-queue.ts';
import { parse } from 'csv-parse/sync';
import { csvLine } from '../../shared/csv.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { BatchRow, BatchRowStatus, IssueBatch } from '../../storage/repositories/issue-batches.ts';
import type { Actor } from '../actor.ts';
import { actorUserId } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { canIssueBadges } from '../policy.ts';
import { badgeClassContext } from './achievement.ts';
import { readAwardInput } from './award-input.ts';
import { issuableBadgeClass, issueAwards, type SignMany } from './issue-awards.ts';

export const BULK_MAX_ROWS = 50_000;
export const BULK_MAX_BYTES = 10 * 1024 * 1024;
export const ISSUE_QUEUE = 'issue_batch';
/** Rows per background job: small enough to finish well within a job lease, large enough to batch writes. */
export const CHUNK_ROWS = 250;

export const CSV_COLUMNS = ['recipient_email', 'first_name', 'last_name', 'recipient_name', 'issued_at', 'expires_at', 'evidence_url', 'evidence_narrative', 'issuer_earner_id'] as const;

export interface ChunkPayload {
  readonly batchId: string;
  readonly from: number;
  readonly to: number;
}

/** Who confirmed a batch, kept so the background jobs write the audit trail in their name. */
function storedActor(actor: Actor): Actor {
  if (actor.kind === 'user') return { kind: 'user', userId: actor.userId, email: actor.email, name: actor.name, memberships: [] };
  return actor;
}

export async function getBatchForIssuer(deps: Deps, actor: Actor, batchId: string): Promise<IssueBatch> {
  const b = await repos(deps.db).issueBatches.findById(batchId);
  if (!b || !canIssueBadges(actor, b.organizationId)) throw notFound('The upload');
  return b;
}

function parseCsv(csv: string): Record<string, string>[] {
  try {
    return parse(csv.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_')),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      max_record_size: 20_000,
    }) as Record<string, string>[];
  } catch (err) {
    throw validationError({ file: `The file is not valid CSV: ${(err as Error).message}` });
  }
}

/** Reads and checks the file, and stores it with every row and its errors, for the preview. Nothing is issued yet. */
export async function createBatch(deps: Deps, actor: Actor, input: { badgeClassId: string; filename: string; csv: Buffer | string; reissue?: boolean; notify?: boolean }): Promise<IssueBatch> {
  const ctx = await issuableBadgeClass(deps, actor, input.badgeClassId);
  const size = typeof input.csv === 'string' ? Buffer.byteLength(input.csv) : input.csv.length;
  if (size === 0) throw validationError({ file: 'Choose a CSV file to upload.' });
  if (size > BULK_MAX_BYTES) throw validationError({ file: 'The file is larger than 10 MB.' });
  const records = parseCsv(typeof input.csv === 'string' ? input.csv : input.csv.toString('utf8'));
  if (records.length === 0) throw validationError({ file: 'The file has a header but no rows.' });
  if (records.length > BULK_MAX_ROWS) throw validationError({ file: `The file has ${records.length.toLocaleString('en-US')} rows; at most ${BULK_MAX_ROWS.toLocaleString('en-US')} can be issued from one file. Split it.` });
  const header = Object.keys(records[0]!);
  if (!header.includes('recipient_email')) throw validationError({ file: 'The first line must be a header naming the columns; recipient_email is required (see the template).' });
  if (!header.includes('recipient_name') && !header.includes('first_name') && !header.includes('last_name')) throw validationError({ file: 'The header needs first_name and last_name (or recipient_name).' });
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h) && h !== '');
  if (unknown.length) throw validationError({ file: `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Allowed: ${CSV_COLUMNS.join(', ')}.` });

  const now = nowIso(deps);
  const r = repos(deps.db);
  const seen = new Map<string, number>();
  const rows: { rowNumber: number; data: Record<string, string>; status: BatchRowStatus; message: string | null }[] = [];
  const emails: string[] = [];
  for (const [i, rec] of records.entries()) {
    const rowNumber = i + 2; // the header is line 1, as in a spreadsheet
    const data = Object.fromEntries(Object.entries(rec).filter(([k, v]) => k !== '' && v !== '')) as Record<string, string>;
    const { value, errors } = readAwardInput(data, { now, expiresAfterMonths: ctx.badgeClass.expiresAfterMonths });
    const messages = Object.values(errors);
    if (value) {
      for (const k of [`e:${value.recipientEmail}`, ...(value.issuerEarnerId ? [`i:${value.issuerEarnerId}`] : [])]) {
        const first = seen.get(k);
        if (first !== undefined) messages.push(`The same recipient is already on row ${first}.`);
        else seen.set(k, rowNumber);
      }
      emails.push(value.recipientEmail);
    }
    rows.push({ rowNumber, data, status: messages.length ? 'invalid' : 'pending', message: messages.length ? [...new Set(messages)].join(' ') : null });
  }
  if (!input.reissue) {
    const holders = await r.awards.liveEmails(ctx.badgeClass.id, emails);
    for (const row of rows) {
      if (row.status === 'pending' && holders.has((row.data.recipient_email ?? '').trim().toLowerCase())) {
        row.status = 'invalid';
        row.message = 'This recipient already has this badge. Upload again with “Re-issue” ticked to replace it.';
      }
    }
  }
  const invalid = rows.filter((x) => x.status === 'invalid').length;
  const batch = {
    id: newId(),
    organizationId: ctx.organization.id,
    badgeClassId: ctx.badgeClass.id,
    filename: input.filename.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'upload.csv',
    status: 'preview' as const,
    reissue: input.reissue ?? false,
    notify: input.notify ?? true,
    totalRows: rows.length,
    invalidRows: invalid,
    createdBy: actorUserId(actor),
    actor: storedActor(actor),
    createdAt: now,
  };
  await inTransaction(deps, async (tr) => {
    await tr.issueBatches.insert(batch);
    await tr.issueBatches.insertRows(batch.id, rows, now);
    await audit(tr, { actor, at: now, action: 'issue_batch.uploaded', subjectType: 'issue_batch', subjectId: batch.id, organizationId: batch.organizationId, data: { filename: batch.filename, rows: rows.length, invalid } });
  });
  return (await r.issueBatches.findById(batch.id))!;
}

/** Starts issuing the valid rows in the background. Confirming twice queues the work once. */
export async function confirmBatch(deps: Deps, actor: Actor, batchId: string): Promise<IssueBatch> {
  const b = await getBatchForIssuer(deps, actor, batchId);
  await issuableBadgeClass(deps, actor, b.badgeClassId);
  if (b.status !== 'preview') return b;
  const r = repos(deps.db);
  const pending = (await r.issueBatches.rows(b.id, { status: 'pending' })).map((x) => x.rowNumber);
  if (pending.length === 0) throw new DomainError('invalid_transition', 'No row of this file can be issued: correct the file and upload it again.');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.issueBatches.confirm(b.id, now, storedActor(actor)))) return;
    await enqueueRowChunks(tr, { queue: ISSUE_QUEUE, batchId: b.id, rows: pending, size: CHUNK_ROWS, at: now });
    await audit(tr, { actor, at: now, action: 'issue_batch.confirmed', subjectType: 'issue_batch', subjectId: b.id, organizationId: b.organizationId, data: { rows: pending.length } });
  });
  deps.wake();
  return (await r.issueBatches.findById(b.id))!;
}

/** The background job: issues the pending rows of one chunk. Safe to run again after a crash. */
export async function processBatchChunk(deps: Deps, payload: ChunkPayload, opts: { signMany?: SignMany } = {}): Promise<{ issued: number; failed: number }> {
  const r = repos(deps.db);
  const b = await r.issueBatches.findById(payload.batchId);
  if (!b || b.status !== 'queued') return { issued: 0, failed: 0 };
  const rows = await r.issueBatches.rows(b.id, { from: payload.from, to: payload.to, status: 'pending' });
  let issued = 0;
  let failed = 0;
  if (rows.length) {
    const actor = b.actor as Actor;
    const ctx = await badgeClassContext(deps, b.badgeClassId);
    if (!ctx.programActive || ctx.organization.status !== 'active') {
      const now = nowIso(deps);
      await inTransaction(deps, async (tr) => {
        for (const row of rows) await tr.issueBatches.settleRow(b.id, row.rowNumber, { status: 'failed', message: 'The program was suspended or retired before this row was issued.', awardId: null, at: now });
      });
      failed = rows.length;
    } else {
      const results = await issueAwards(deps, actor, {
        badgeClassId: b.badgeClassId,
        items: rows.map((row) => ({ raw: { ...row.data, ...(b.notify ? {} : { suppress_notification: true }) }, batchRow: row.rowNumber })),
        reissue: b.reissue,
        batchId: b.id,
        context: ctx,
        ...(opts.signMany ? { signMany: opts.signMany } : {}),
      });
      const now = nowIso(deps);
      const failures = results.map((res, i) => ({ res, row: rows[i]! })).filter((x) => !x.res.ok);
      if (failures.length) {
        await inTransaction(deps, async (tr) => {
          for (const { res, row } of failures) if (!res.ok) await tr.issueBatches.settleRow(b.id, row.rowNumber, { status: 'failed', message: res.message, awardId: null, at: now });
        });
      }
      // Rows issued by an earlier, crashed run were settled in that run's transaction.
      for (const x of results) if (x.ok) issued++;
      failed = failures.length;
    }
  }
  if (await r.issueBatches.finishIfComplete(b.id, nowIso(deps))) {
    const counts = await r.issueBatches.countsByStatus(b.id);
    await inTransaction(deps, (tr) => audit(tr, { actor: b.actor as Actor, at: nowIso(deps), action: 'issue_batch.finished', subjectType: 'issue_batch', subjectId: b.id, organizationId: b.organizationId, data: { issued: counts.issued, failed: counts.failed, invalid: counts.invalid } }));
  }
  return { issued, failed };
}

export interface BatchProgress {
  readonly id: string;
  readonly status: IssueBatch['status'];
  readonly total: number;
  readonly invalid: number;
  readonly toIssue: number;
  readonly issued: number;
  readonly failed: number;
  readonly pending: number;
  readonly percent: number;
  readonly finished: boolean;
}

export async function batchProgress(deps: Deps, actor: Actor, batchId: string): Promise<BatchProgress> {
  const b = await getBatchForIssuer(deps, actor, batchId);
  const c = await repos(deps.db).issueBatches.countsByStatus(b.id);
  const toIssue = c.pending + c.issued + c.failed;
  const doneRows = c.issued + c.failed;
  return {
    id: b.id,
    status: b.status,
    total: b.totalRows,
    invalid: c.invalid,
    toIssue,
    issued: c.issued,
    failed: c.failed,
    pending: c.pending,
    percent: b.status === 'preview' ? 0 : toIssue === 0 ? 100 : Math.floor((doneRows / toIssue) * 100),
    finished: b.status === 'done',
  };
}

export async function batchRows(deps: Deps, actor: Actor, batchId: string, opts: { onlyProblems?: boolean; page: number; perPage: number }): Promise<{ rows: BatchRow[]; total: number }> {
  const b = await getBatchForIssuer(deps, actor, batchId);
  const r = repos(deps.db);
  const status: BatchRowStatus[] | undefined = opts.onlyProblems ? ['invalid', 'failed'] : undefined;
  const [rows, total] = await Promise.all([r.issueBatches.rows(b.id, { ...(status ? { status } : {}), limit: opts.perPage, offset: (opts.page - 1) * opts.perPage }), r.issueBatches.countRows(b.id, status)]);
  return { rows, total };
}

/** The rows that were not issued, with the original columns and the reason, as CSV to fix and re-upload. */
export async function batchErrorReport(deps: Deps, actor: Actor, batchId: string): Promise<string> {
  const b = await getBatchForIssuer(deps, actor, batchId);
  const rows = await repos(deps.db).issueBatches.rows(b.id, { status: ['invalid', 'failed'] });
  const lines = [csvLine(['row', ...CSV_COLUMNS, 'error'])];
  for (const row of rows) lines.push(csvLine([row.rowNumber, ...CSV_COLUMNS.map((c) => row.data[c] ?? ''), row.message ?? '']));
  return `${lines.join('\r\n')}\r\n`;
}

export function csvTemplate(): string {
  return `${CSV_COLUMNS.join(',')}\r\nalex.rivera@example.com,Alex,Rivera,,2026-05-15,,https://example.edu/portfolio/alex,Completed all requirements,S00012345\r\n`;
}

export async function listBatches(deps: Deps, actor: Actor, organizationId: string): Promise<IssueBatch[]> {
  if (!canIssueBadges(actor, organizationId)) throw forbidden();
  return repos(deps.db).issueBatches.listForOrganization(organizationId);
}
