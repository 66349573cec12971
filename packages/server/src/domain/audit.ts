import type { Repos } from '../storage/repositories/index.ts';
import { actorUserId, type Actor } from './actor.ts';
import { newId } from './ids.ts';

/** Appends an audit event through the caller's transaction repos, so it commits with the change. */
export async function audit(
  r: Repos,
  e: { actor: Actor; at: string; action: string; subjectType: string; subjectId: string | null; organizationId?: string | null; data?: Record<string, unknown>; ip?: string | null },
): Promise<void> {
  await r.audit.append({
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
  });
}
