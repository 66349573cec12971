// The append-only audit log, newest first: system administrators only.
import { repos } from '../../storage/repositories/index.ts';
import type { AuditEvent } from '../../storage/repositories/audit.ts';
import type { Page } from '../../storage/repositories/types.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { assertAllowed, canViewAuditLog } from '../policy.ts';

export type { AuditEvent };

export interface AuditEntry extends AuditEvent {
  /** The name of the organization the event concerns ('' when none or no longer known). */
  readonly organizationName: string;
}

export async function listAuditEvents(deps: Deps, actor: Actor, input: { action?: string | undefined; subjectId?: string | undefined; page: number; perPage: number }): Promise<Page<AuditEntry>> {
  assertAllowed(canViewAuditLog(actor), 'Only system administrators can read the audit log.');
  const r = repos(deps.db);
  const [events, orgs] = await Promise.all([r.audit.list({ action: input.action, subjectId: input.subjectId, page: input.page, perPage: input.perPage }), r.organizations.list()]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return { ...events, items: events.items.map((e) => ({ ...e, organizationName: e.organizationId ? (orgName.get(e.organizationId) ?? '') : '' })) };
}
