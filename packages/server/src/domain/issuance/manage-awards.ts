// Reading, revoking, suspending and reinstating an institution's awards. The revocation bit changes in
// the same transaction as the award and its audit event, so a verifier sees the change at once.
//
// Suspension: an OB 3.0 credential carries one credentialStatus entry (the canonical schema types it as
// one object), and ours is the revocation entry. A suspension is therefore held by Laurel: it shows on
// every Laurel page and API answer and blocks sharing, but a third-party verifier reading the status
// list sees only revocations.
import { parse } from 'csv-parse/sync';
import { repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import type { AuditEvent } from '../../storage/repositories/audit.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, notFound, validationError } from '../errors.ts';
import { canIssueBadges } from '../policy.ts';
import { setStatusBitFor } from '../credentials/status-lists.ts';

export type AwardStatus = 'revoked' | 'suspended' | 'expired' | 'pending' | 'accepted' | 'declined';

export const AWARD_STATUS_LABELS: Record<AwardStatus, string> = {
  revoked: 'Revoked',
  suspended: 'Suspended',
  expired: 'Expired',
  pending: 'Issued, not yet claimed',
  accepted: 'Accepted',
  declined: 'Declined',
};

export function awardStatus(a: Pick<Award, 'revokedAt' | 'suspendedAt' | 'expiresAt' | 'claimState'>, now: string): AwardStatus {
  if (a.revokedAt) return 'revoked';
  if (a.suspendedAt) return 'suspended';
  if (a.expiresAt && a.expiresAt <= now) return 'expired';
  return a.claimState;
}

/** An award of an institution the actor issues for; others answer "not found", so ids reveal nothing. */
export async function getAwardForIssuer(deps: Deps, actor: Actor, awardId: string): Promise<Award> {
  const a = await repos(deps.db).awards.findById(awardId);
  if (!a || !canIssueBadges(actor, a.organizationId)) throw notFound('The award');
  return a;
}

export async function awardHistory(deps: Deps, actor: Actor, awardId: string): Promise<AuditEvent[]> {
  await getAwardForIssuer(deps, actor, awardId);
  return (await repos(deps.db).audit.list({ subjectId: awardId, page: 1, perPage: 100 })).items.slice().reverse();
}

function reasonOf(raw: unknown): string {
  const reason = typeof raw === 'string' ? raw.trim() : '';
  if (!reason) throw validationError({ reason: 'Give a reason; the earner and the award’s history will show it.' });
  if (reason.length > 500) throw validationError({ reason: 'Use at most 500 characters.' });
  return reason;
}

export async function revokeAward(deps: Deps, actor: Actor, input: { awardId: string; reason: unknown }): Promise<Award> {
  const a = await getAwardForIssuer(deps, actor, input.awardId);
  const reason = reasonOf(input.reason);
  if (a.revokedAt) throw new DomainError('invalid_transition', 'This award is already revoked.');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.awards.setRevoked(a.id, now, reason))) throw new DomainError('invalid_transition', 'This award is already revoked.');
    await setStatusBitFor(deps, { organizationId: a.organizationId, purpose: 'revocation', listSeq: a.statusListSeq, index: a.statusIndex, value: true }, tr);
    await audit(tr, { actor, at: now, action: 'award.revoked', subjectType: 'award', subjectId: a.id, organizationId: a.organizationId, data: { reason } });
  });
  return (await repos(deps.db).awards.findById(a.id))!;
}

export async function suspendAward(deps: Deps, actor: Actor, input: { awardId: string; reason: unknown }): Promise<Award> {
  const a = await getAwardForIssuer(deps, actor, input.awardId);
  const reason = reasonOf(input.reason);
  if (a.revokedAt) throw new DomainError('invalid_transition', 'A revoked award cannot be suspended.');
  if (a.suspendedAt) throw new DomainError('invalid_transition', 'This award is already suspended.');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.awards.setSuspended(a.id, now, reason))) throw new DomainError('invalid_transition', 'This award is already suspended or revoked.');
    await audit(tr, { actor, at: now, action: 'award.suspended', subjectType: 'award', subjectId: a.id, organizationId: a.organizationId, data: { reason } });
  });
  return (await repos(deps.db).awards.findById(a.id))!;
}

export async function reinstateAward(deps: Deps, actor: Actor, input: { awardId: string; reason: unknown }): Promise<Award> {
  const a = await getAwardForIssuer(deps, actor, input.awardId);
  const reason = reasonOf(input.reason);
  if (a.revokedAt) throw new DomainError('invalid_transition', 'Revocation is permanent: issue the badge again instead.');
  if (!a.suspendedAt) throw new DomainError('invalid_transition', 'Only a suspended award can be reinstated.');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.awards.setSuspended(a.id, null, null))) throw new DomainError('invalid_transition', 'This award is not suspended any more.');
    await audit(tr, { actor, at: now, action: 'award.reinstated', subjectType: 'award', subjectId: a.id, organizationId: a.organizationId, data: { reason } });
  });
  return (await repos(deps.db).awards.findById(a.id))!;
}

export const REVOKE_CSV_MAX_ROWS = 5_000;

/** Revokes (or suspends) awards listed in a CSV with columns `award_id` and `reason`; one result per row. */
export async function changeStatusByCsv(deps: Deps, actor: Actor, input: { csv: string; action: 'revoke' | 'suspend' }): Promise<{ row: number; awardId: string; ok: boolean; message: string }[]> {
  let records: Record<string, string>[];
  try {
    records = parse(input.csv.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
  } catch (err) {
    throw validationError({ file: `The file is not valid CSV: ${(err as Error).message}` });
  }
  if (records.length === 0) throw validationError({ file: 'The file has no rows under its header.' });
  if (records.length > REVOKE_CSV_MAX_ROWS) throw validationError({ file: `At most ${REVOKE_CSV_MAX_ROWS.toLocaleString('en-US')} rows per file.` });
  if (!('award_id' in records[0]!) || !('reason' in records[0]!)) throw validationError({ file: 'The header must name the columns award_id and reason.' });
  const out = [];
  for (const [i, rec] of records.entries()) {
    const awardId = rec.award_id ?? '';
    try {
      if (input.action === 'revoke') await revokeAward(deps, actor, { awardId, reason: rec.reason });
      else await suspendAward(deps, actor, { awardId, reason: rec.reason });
      out.push({ row: i + 2, awardId, ok: true, message: input.action === 'revoke' ? 'Revoked' : 'Suspended' });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      out.push({ row: i + 2, awardId, ok: false, message: Object.values(err.fields)[0] ?? err.message });
    }
  }
  return out;
}
