// Reading, revoking, suspending and reinstating an institution's awards. The revocation bit changes in
// the same transaction as the award and its audit event, so a verifier sees the change at once.
//
// Suspension: an OB 3.0 credential carries one credentialStatus entry (the canonical schema types it as
// one object), and ours is the revocation entry. A suspension is therefore held by Laurel: it shows on
// every Laurel page and API answer and blocks sharing, but a third-party verifier reading the status
// list sees only revocations.
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import type { AuditEvent } from '../../storage/repositories/audit.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, notFound, validationError } from '../errors.ts';
import { canIssueBadges } from '../policy.ts';
import { setStatusBitFor } from '../credentials/status-lists.ts';
import { emitWebhookEvent } from '../webhooks/emit.ts';
import { awardEvent } from '../webhooks/payloads.ts';

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

/** The reason every status change gives (shown to the earner and in the history). */
export function reasonProblem(raw: unknown): string | undefined {
  const reason = typeof raw === 'string' ? raw.trim() : '';
  if (!reason) return 'Give a reason; the earner and the award’s history will show it.';
  if (reason.length > 500) return 'Use at most 500 characters.';
  return undefined;
}

function reasonOf(raw: unknown): string {
  const problem = reasonProblem(raw);
  if (problem) throw validationError({ reason: problem });
  return (raw as string).trim();
}

/** Why revoking or suspending cannot apply to the award as it is now, or undefined when it can. */
export function statusChangeProblem(a: Pick<Award, 'revokedAt' | 'suspendedAt'>, action: 'revoke' | 'suspend'): string | undefined {
  if (a.revokedAt) return action === 'revoke' ? 'This award is already revoked.' : 'A revoked award cannot be suspended.';
  if (action === 'suspend' && a.suspendedAt) return 'This award is already suspended.';
  return undefined;
}

/**
 * Revokes or suspends inside the caller's transaction: the award, its revocation bit and its audit event
 * together. False when the award changed meanwhile (the conditional UPDATE found it revoked or suspended).
 */
export async function applyStatusChange(deps: Deps, tr: Repos, p: { actor: Actor; award: Award; action: 'revoke' | 'suspend'; reason: string; at: string }): Promise<boolean> {
  const { actor, award: a, reason, at } = p;
  if (p.action === 'revoke') {
    if (!(await tr.awards.setRevoked(a.id, at, reason))) return false;
    await setStatusBitFor(deps, { organizationId: a.organizationId, purpose: 'revocation', listSeq: a.statusListSeq, index: a.statusIndex, value: true }, tr);
  } else if (!(await tr.awards.setSuspended(a.id, at, reason))) return false;
  await audit(tr, { actor, at, action: p.action === 'revoke' ? 'award.revoked' : 'award.suspended', subjectType: 'award', subjectId: a.id, organizationId: a.organizationId, data: { reason } });
  if (p.action === 'revoke') await emitWebhookEvent(tr, await awardEvent(tr, deps.config, { type: 'award.revoked', award: { ...a, revokedAt: at, revocationReason: reason }, at, extra: { reason } }));
  return true;
}

async function changeStatus(deps: Deps, actor: Actor, input: { awardId: string; reason: unknown }, action: 'revoke' | 'suspend'): Promise<Award> {
  const a = await getAwardForIssuer(deps, actor, input.awardId);
  const reason = reasonOf(input.reason);
  const problem = statusChangeProblem(a, action);
  if (problem) throw new DomainError('invalid_transition', problem);
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await applyStatusChange(deps, tr, { actor, award: a, action, reason, at: now }))) throw new DomainError('invalid_transition', action === 'revoke' ? 'This award is already revoked.' : 'This award is already suspended or revoked.');
  });
  deps.wake();
  return (await repos(deps.db).awards.findById(a.id))!;
}

export async function revokeAward(deps: Deps, actor: Actor, input: { awardId: string; reason: unknown }): Promise<Award> {
  return changeStatus(deps, actor, input, 'revoke');
}

export async function suspendAward(deps: Deps, actor: Actor, input: { awardId: string; reason: unknown }): Promise<Award> {
  return changeStatus(deps, actor, input, 'suspend');
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
