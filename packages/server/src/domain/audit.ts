import type { Repos } from '../storage/repositories/index.ts';
import { actorUserId, type Actor } from './actor.ts';
import { newId } from './ids.ts';

export interface AuditInput {
  actor: Actor;
  at: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  organizationId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** The stored form of an audit event. */
export function auditEvent(e: AuditInput) {
  return {
    id: newId(),
    at: e.at,
    actorUserId: actorUserId(e.actor),
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    organizationId: e.organizationId ?? null,
    // Organization tokens have no user; record which token acted so the trail still names a credential holder.
    data: e.actor.kind === 'organization' ? { ...e.data, via: { apiToken: e.actor.tokenId, name: e.actor.tokenName } } : (e.data ?? {}),
    ip: e.ip ?? null,
  };
}

/** Appends an audit event through the caller's transaction repos, so it commits with the change. */
export async function audit(r: Repos, e: AuditInput): Promise<void> {
  await r.audit.append(auditEvent(e));
}
