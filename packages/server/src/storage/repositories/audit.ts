import { type Executor, type Page, pageWindow, rowsPerInsert } from './types.ts';

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actorUserId: string | null;
  readonly actorName: string | null;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string | null;
  readonly organizationId: string | null;
  readonly data: Record<string, unknown>;
  readonly ip: string | null;
}

export interface NewAuditEvent {
  id: string;
  at: string;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  organizationId: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** Append-only: there is deliberately no update or delete here (the database refuses them too). */
export function auditRepo(db: Executor) {
  return {
    /** Many events in few statements (bulk issuing writes one per award). */
    async appendMany(events: readonly NewAuditEvent[]): Promise<void> {
      const n = rowsPerInsert(9);
      for (let i = 0; i < events.length; i += n) {
        const chunk = events.slice(i, i + n);
        if (chunk.length === 0) continue;
        await db
          .insertInto('audit_events')
          .values(chunk.map((e) => ({ id: e.id, at: e.at, actor_user_id: e.actorUserId, action: e.action, subject_type: e.subjectType, subject_id: e.subjectId, organization_id: e.organizationId, data: JSON.stringify(e.data ?? {}), ip: e.ip ?? null })))
          .execute();
      }
    },
    async append(e: NewAuditEvent): Promise<void> {
      await db
        .insertInto('audit_events')
        .values({
          id: e.id,
          at: e.at,
          actor_user_id: e.actorUserId,
          action: e.action,
          subject_type: e.subjectType,
          subject_id: e.subjectId,
          organization_id: e.organizationId,
          data: JSON.stringify(e.data ?? {}),
          ip: e.ip ?? null,
        })
        .execute();
    },
    async list(f: { organizationIds?: readonly string[] | undefined; action?: string | undefined; subjectId?: string | undefined; page: number; perPage: number }): Promise<Page<AuditEvent>> {
      const w = pageWindow(f.page, f.perPage);
      let q = db.selectFrom('audit_events').leftJoin('users', 'users.id', 'audit_events.actor_user_id');
      if (f.organizationIds) {
        if (f.organizationIds.length === 0) return { items: [], total: 0, page: w.page, perPage: w.perPage };
        q = q.where('audit_events.organization_id', 'in', f.organizationIds);
      }
      if (f.action) q = q.where('audit_events.action', '=', f.action);
      if (f.subjectId) q = q.where('audit_events.subject_id', '=', f.subjectId);
      const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll('audit_events')
        .select('users.name as actor_name')
        .orderBy('audit_events.at', 'desc')
        .orderBy('audit_events.id', 'desc')
        .limit(w.limit)
        .offset(w.offset)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at,
          actorUserId: r.actor_user_id,
          // An actor whose account was deleted (docs/PRIVACY.md) keeps its id in the event, without its name.
          actorName: r.actor_name ?? (r.actor_user_id ? `deleted user ${r.actor_user_id}` : null),
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          organizationId: r.organization_id,
          data: JSON.parse(r.data) as Record<string, unknown>,
          ip: r.ip,
        })),
        total: Number(total.n),
        page: w.page,
        perPage: w.perPage,
      };
    },
  };
}
