// Programs, revisions, requests (with their event timeline), attachments, badge classes and settings.
import { sql, type Selectable } from 'kysely';
import type { BadgeClassesTable, ProgramsTable, RequestsTable } from '../schema.ts';
import type { Executor, Page } from './types.ts';

export type ProgramRow = Selectable<ProgramsTable>;
export type RequestRow = Selectable<RequestsTable>;
export type BadgeClassRow = Selectable<BadgeClassesTable>;

export interface Program {
  readonly id: string;
  readonly organizationId: string;
  readonly status: ProgramsTable['status'];
  readonly endorsement: ProgramsTable['endorsement'];
  readonly liveRevisionId: string | null;
  readonly publishedAt: string | null;
  readonly rereviewDueAt: string | null;
  readonly rereviewNotifiedAt: string | null;
  readonly statusReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function rowToProgram(r: ProgramRow): Program {
  return {
    id: r.id,
    organizationId: r.organization_id,
    status: r.status,
    endorsement: r.endorsement,
    liveRevisionId: r.live_revision_id,
    publishedAt: r.published_at,
    rereviewDueAt: r.rereview_due_at,
    rereviewNotifiedAt: r.rereview_notified_at,
    statusReason: r.status_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface Revision {
  readonly id: string;
  readonly programId: string;
  readonly number: number;
  readonly title: string;
  readonly form: unknown;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface RequestRecord {
  readonly id: string;
  readonly programId: string;
  readonly revisionId: string;
  readonly organizationId: string;
  readonly kind: 'new' | 'revision';
  readonly endorsementRequested: boolean;
  readonly title: string;
  readonly credentialType: string | null;
  readonly state: string;
  readonly version: number;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt: string | null;
  readonly decidedAt: string | null;
}

export function rowToRequest(r: RequestRow): RequestRecord {
  return {
    id: r.id,
    programId: r.program_id,
    revisionId: r.revision_id,
    organizationId: r.organization_id,
    kind: r.kind,
    endorsementRequested: Number(r.endorsement_requested) === 1,
    title: r.title,
    credentialType: r.credential_type,
    state: r.state,
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
  };
}

export interface RequestEvent {
  readonly id: string;
  readonly requestId: string;
  readonly at: string;
  readonly actorUserId: string | null;
  readonly actorName: string | null;
  readonly action: string;
  readonly fromState: string | null;
  readonly toState: string | null;
  readonly comment: string | null;
}

export interface AttachmentMeta {
  readonly id: string;
  readonly organizationId: string;
  readonly kind: 'letter' | 'badge_image';
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

export interface BadgeClass {
  readonly id: string;
  readonly programId: string;
  readonly organizationId: string;
  readonly revisionId: string;
  readonly name: string;
  readonly description: string;
  readonly criteria: string;
  readonly imageAttachmentId: string | null;
  readonly imageAlt: string | null;
  readonly expiresAfterMonths: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function rowToBadgeClass(r: BadgeClassRow): BadgeClass {
  return {
    id: r.id,
    programId: r.program_id,
    organizationId: r.organization_id,
    revisionId: r.revision_id,
    name: r.name,
    description: r.description,
    criteria: r.criteria,
    imageAttachmentId: r.image_attachment_id,
    imageAlt: r.image_alt,
    expiresAfterMonths: r.expires_after_months === null ? null : Number(r.expires_after_months),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface RequestFilter {
  organizationId?: string | undefined;
  states?: readonly string[] | undefined;
  endorsementRequested?: boolean | undefined;
  credentialType?: string | undefined;
  submittedBefore?: string | undefined;
  sort?: 'oldest' | 'newest' | 'updated';
  page: number;
  perPage: number;
}

export function programsRepo(db: Executor) {
  return {
    async insert(p: Program): Promise<void> {
      await db
        .insertInto('programs')
        .values({
          id: p.id,
          organization_id: p.organizationId,
          status: p.status,
          endorsement: p.endorsement,
          live_revision_id: p.liveRevisionId,
          published_at: p.publishedAt,
          rereview_due_at: p.rereviewDueAt,
          rereview_notified_at: p.rereviewNotifiedAt,
          status_reason: p.statusReason,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
        })
        .execute();
    },
    async findById(id: string): Promise<Program | undefined> {
      const r = await db.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToProgram(r);
    },
    async update(id: string, patch: Partial<Omit<ProgramsTable, 'id' | 'organization_id' | 'created_at'>>): Promise<void> {
      await db.updateTable('programs').set(patch).where('id', '=', id).execute();
    },
    async listByOrganization(organizationId: string, statuses?: readonly ProgramsTable['status'][]): Promise<Program[]> {
      let q = db.selectFrom('programs').selectAll().where('organization_id', '=', organizationId);
      if (statuses) q = q.where('status', 'in', statuses);
      return (await q.orderBy('updated_at', 'desc').execute()).map(rowToProgram);
    },
    async listDueForRereview(before: string): Promise<Program[]> {
      const rows = await db.selectFrom('programs').selectAll().where('status', '=', 'active').where('rereview_due_at', '<=', before).orderBy('rereview_due_at').execute();
      return rows.map(rowToProgram);
    },
    /** Live programs (active) whose live revision has this title (case-insensitive), other than `exceptProgramId`. */
    async titleTaken(organizationId: string, title: string, exceptProgramId: string | null): Promise<boolean> {
      let q = db
        .selectFrom('program_revisions')
        .innerJoin('programs', 'programs.id', 'program_revisions.program_id')
        .select('programs.id')
        .where('programs.organization_id', '=', organizationId)
        .where((eb) => eb.or([eb('programs.live_revision_id', '=', eb.ref('program_revisions.id')), eb('programs.status', '=', 'draft')]))
        .where('programs.status', '!=', 'retired')
        .where(sql<string>`lower(program_revisions.title)`, '=', title.toLowerCase());
      if (exceptProgramId) q = q.where('programs.id', '!=', exceptProgramId);
      return (await q.limit(1).execute()).length > 0;
    },
  };
}

export function revisionsRepo(db: Executor) {
  const map = (r: { id: string; program_id: string; number: number; title: string; form: string; created_by: string | null; created_at: string; updated_at: string }): Revision => ({
    id: r.id,
    programId: r.program_id,
    number: Number(r.number),
    title: r.title,
    form: JSON.parse(r.form) as unknown,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  return {
    async insert(r: { id: string; programId: string; number: number; title: string; form: unknown; createdBy: string | null; at: string }): Promise<void> {
      await db
        .insertInto('program_revisions')
        .values({ id: r.id, program_id: r.programId, number: r.number, title: r.title, form: JSON.stringify(r.form), created_by: r.createdBy, created_at: r.at, updated_at: r.at })
        .execute();
    },
    async findById(id: string): Promise<Revision | undefined> {
      const r = await db.selectFrom('program_revisions').selectAll().where('id', '=', id).executeTakeFirst();
      return r && map(r);
    },
    async updateForm(id: string, title: string, form: unknown, at: string): Promise<void> {
      await db.updateTable('program_revisions').set({ title, form: JSON.stringify(form), updated_at: at }).where('id', '=', id).execute();
    },
    async listForProgram(programId: string): Promise<Revision[]> {
      return (await db.selectFrom('program_revisions').selectAll().where('program_id', '=', programId).orderBy('number').execute()).map(map);
    },
    async nextNumber(programId: string): Promise<number> {
      const r = await db.selectFrom('program_revisions').select((eb) => eb.fn.max<number | string | null>('number').as('n')).where('program_id', '=', programId).executeTakeFirst();
      return Number(r?.n ?? 0) + 1;
    },
  };
}

export function requestsRepo(db: Executor) {
  return {
    async insert(r: RequestRecord): Promise<void> {
      await db
        .insertInto('requests')
        .values({
          id: r.id,
          program_id: r.programId,
          revision_id: r.revisionId,
          organization_id: r.organizationId,
          kind: r.kind,
          endorsement_requested: r.endorsementRequested ? 1 : 0,
          title: r.title,
          credential_type: r.credentialType,
          state: r.state,
          version: r.version,
          created_by: r.createdBy,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
          submitted_at: r.submittedAt,
          decided_at: r.decidedAt,
        })
        .execute();
    },
    async findById(id: string): Promise<RequestRecord | undefined> {
      const r = await db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToRequest(r);
    },
    /**
     * Moves the request to a new state only if nobody else changed it since it was read (optimistic
     * concurrency): two reviewers acting at once, exactly one UPDATE matches.
     */
    async transition(opts: { id: string; expectedVersion: number; fromState: string; toState: string; at: string; submittedAt?: string; decidedAt?: string }): Promise<boolean> {
      const r = await db
        .updateTable('requests')
        .set({
          state: opts.toState,
          version: opts.expectedVersion + 1,
          updated_at: opts.at,
          ...(opts.submittedAt ? { submitted_at: opts.submittedAt } : {}),
          ...(opts.decidedAt ? { decided_at: opts.decidedAt } : {}),
        })
        .where('id', '=', opts.id)
        .where('version', '=', opts.expectedVersion)
        .where('state', '=', opts.fromState)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async touchDraft(opts: { id: string; title: string; credentialType: string | null; endorsementRequested: boolean; at: string }): Promise<void> {
      await db
        .updateTable('requests')
        .set({ title: opts.title, credential_type: opts.credentialType, endorsement_requested: opts.endorsementRequested ? 1 : 0, updated_at: opts.at, version: sql`version + 1` })
        .where('id', '=', opts.id)
        .execute();
    },
    async list(f: RequestFilter): Promise<Page<RequestRecord>> {
      let q = db.selectFrom('requests');
      if (f.organizationId) q = q.where('organization_id', '=', f.organizationId);
      if (f.states) {
        if (f.states.length === 0) return { items: [], total: 0, page: f.page, perPage: f.perPage };
        q = q.where('state', 'in', f.states);
      }
      if (f.endorsementRequested !== undefined) q = q.where('endorsement_requested', '=', f.endorsementRequested ? 1 : 0);
      if (f.credentialType) q = q.where('credential_type', '=', f.credentialType);
      if (f.submittedBefore) q = q.where('submitted_at', '<=', f.submittedBefore);
      const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      let sorted = q.selectAll();
      if (f.sort === 'oldest') sorted = sorted.orderBy('submitted_at', 'asc').orderBy('created_at', 'asc');
      else if (f.sort === 'newest') sorted = sorted.orderBy('created_at', 'desc');
      else sorted = sorted.orderBy('updated_at', 'desc');
      const rows = await sorted.orderBy('id').limit(f.perPage).offset((f.page - 1) * f.perPage).execute();
      return { items: rows.map(rowToRequest), total: Number(total.n), page: f.page, perPage: f.perPage };
    },
    async countsByState(organizationId?: string): Promise<Record<string, number>> {
      let q = db.selectFrom('requests').select(['state', (eb) => eb.fn.countAll<string | number>().as('n')]);
      if (organizationId) q = q.where('organization_id', '=', organizationId);
      const rows = await q.groupBy('state').execute();
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },
    async decided(organizationId?: string): Promise<{ submittedAt: string; decidedAt: string }[]> {
      let q = db.selectFrom('requests').select(['submitted_at', 'decided_at']).where('decided_at', 'is not', null).where('submitted_at', 'is not', null);
      if (organizationId) q = q.where('organization_id', '=', organizationId);
      return (await q.execute()).map((r) => ({ submittedAt: r.submitted_at!, decidedAt: r.decided_at! }));
    },
    async forProgram(programId: string): Promise<RequestRecord[]> {
      return (await db.selectFrom('requests').selectAll().where('program_id', '=', programId).orderBy('created_at').execute()).map(rowToRequest);
    },
  };
}

export function requestEventsRepo(db: Executor) {
  return {
    async insert(e: { id: string; requestId: string; at: string; actorUserId: string | null; action: string; fromState: string | null; toState: string | null; comment: string | null }): Promise<void> {
      await db
        .insertInto('request_events')
        .values({ id: e.id, request_id: e.requestId, at: e.at, actor_user_id: e.actorUserId, action: e.action, from_state: e.fromState, to_state: e.toState, comment: e.comment })
        .execute();
    },
    async listForRequest(requestId: string): Promise<RequestEvent[]> {
      const rows = await db
        .selectFrom('request_events')
        .leftJoin('users', 'users.id', 'request_events.actor_user_id')
        .selectAll('request_events')
        .select('users.name as actor_name')
        .where('request_events.request_id', '=', requestId)
        .orderBy('request_events.at')
        .orderBy('request_events.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        requestId: r.request_id,
        at: r.at,
        actorUserId: r.actor_user_id,
        actorName: r.actor_name ?? null,
        action: r.action,
        fromState: r.from_state,
        toState: r.to_state,
        comment: r.comment,
      }));
    },
  };
}

export function attachmentsRepo(db: Executor) {
  const cols = ['id', 'organization_id', 'kind', 'filename', 'content_type', 'size', 'sha256', 'created_at'] as const;
  const map = (r: { id: string; organization_id: string; kind: 'letter' | 'badge_image'; filename: string; content_type: string; size: number; sha256: string; created_at: string }): AttachmentMeta => ({
    id: r.id,
    organizationId: r.organization_id,
    kind: r.kind,
    filename: r.filename,
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.sha256,
    createdAt: r.created_at,
  });
  return {
    async insert(a: AttachmentMeta & { data: Buffer; createdBy: string | null }): Promise<void> {
      await db
        .insertInto('attachments')
        .values({ id: a.id, organization_id: a.organizationId, kind: a.kind, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256, data: a.data, created_by: a.createdBy, created_at: a.createdAt })
        .execute();
    },
    async meta(id: string): Promise<AttachmentMeta | undefined> {
      const r = await db.selectFrom('attachments').select(cols).where('id', '=', id).executeTakeFirst();
      return r && map(r);
    },
    async metas(ids: readonly string[]): Promise<AttachmentMeta[]> {
      if (ids.length === 0) return [];
      return (await db.selectFrom('attachments').select(cols).where('id', 'in', ids).execute()).map(map);
    },
    async data(id: string): Promise<Buffer | undefined> {
      const r = await db.selectFrom('attachments').select('data').where('id', '=', id).executeTakeFirst();
      return r ? Buffer.from(r.data) : undefined;
    },
  };
}

export function badgeClassesRepo(db: Executor) {
  return {
    async upsert(b: BadgeClass): Promise<void> {
      const values = {
        id: b.id,
        program_id: b.programId,
        organization_id: b.organizationId,
        revision_id: b.revisionId,
        name: b.name,
        description: b.description,
        criteria: b.criteria,
        image_attachment_id: b.imageAttachmentId,
        image_alt: b.imageAlt,
        expires_after_months: b.expiresAfterMonths,
        created_at: b.createdAt,
        updated_at: b.updatedAt,
      };
      await db
        .insertInto('badge_classes')
        .values(values)
        .onConflict((oc) =>
          oc.column('program_id').doUpdateSet({
            revision_id: b.revisionId,
            name: b.name,
            description: b.description,
            criteria: b.criteria,
            image_attachment_id: b.imageAttachmentId,
            image_alt: b.imageAlt,
            expires_after_months: b.expiresAfterMonths,
            updated_at: b.updatedAt,
          }),
        )
        .execute();
    },
    async findByProgram(programId: string): Promise<BadgeClass | undefined> {
      const r = await db.selectFrom('badge_classes').selectAll().where('program_id', '=', programId).executeTakeFirst();
      return r && rowToBadgeClass(r);
    },
    async findById(id: string): Promise<BadgeClass | undefined> {
      const r = await db.selectFrom('badge_classes').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToBadgeClass(r);
    },
    async listForOrganization(organizationId: string): Promise<BadgeClass[]> {
      return (await db.selectFrom('badge_classes').selectAll().where('organization_id', '=', organizationId).orderBy('name').execute()).map(rowToBadgeClass);
    },
  };
}

export function settingsRepo(db: Executor) {
  return {
    async all(): Promise<Record<string, unknown>> {
      const rows = await db.selectFrom('settings').selectAll().execute();
      return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    },
    async set(key: string, value: unknown, at: string, by: string | null): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_at: at, updated_by: by })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at, updated_by: by }))
        .execute();
    },
  };
}
