// Programs: the listed (or draft) credential, its status, endorsement, live revision and re-review date.
import { sql, type Selectable } from 'kysely';
import type { ProgramsTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type ProgramRow = Selectable<ProgramsTable>;

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
    /** Ids of published programs (active, with a live revision) after `after`, in id order: batches for rebuilds. */
    async publishedIdsAfter(after: string, limit: number): Promise<string[]> {
      const rows = await db.selectFrom('programs').select('id').where('status', '=', 'active').where('live_revision_id', 'is not', null).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r) => r.id);
    },
    /** Marks the re-review notice as sent, only if nobody has (several processes may run the reminder). */
    async markRereviewNotified(id: string, at: string): Promise<boolean> {
      const res = await db.updateTable('programs').set({ rereview_notified_at: at }).where('id', '=', id).where('rereview_notified_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
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

// The other aggregates once lived in this file; their types are re-exported for importers outside the
// programs area until they import the new modules.
export type { Revision } from './revisions.ts';
export type { RequestRecord, RequestRow, RequestFilter } from './requests.ts';
export type { RequestEvent } from './request-events.ts';
export type { AttachmentMeta } from './attachments.ts';
export type { BadgeClass, BadgeClassRow } from './badge-classes.ts';
