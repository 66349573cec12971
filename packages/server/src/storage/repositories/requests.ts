// Requests: one per revision under review, moved through the workflow with optimistic concurrency.
import { sql, type Selectable } from 'kysely';
import type { RequestsTable } from '../schema.ts';
import { type Executor, type Page, pageWindow } from './types.ts';

export type RequestRow = Selectable<RequestsTable>;

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
      const w = pageWindow(f.page, f.perPage);
      let q = db.selectFrom('requests');
      if (f.organizationId) q = q.where('organization_id', '=', f.organizationId);
      if (f.states) {
        if (f.states.length === 0) return { items: [], total: 0, page: w.page, perPage: w.perPage };
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
      const rows = await sorted.orderBy('id').limit(w.limit).offset(w.offset).execute();
      return { items: rows.map(rowToRequest), total: Number(total.n), page: w.page, perPage: w.perPage };
    },
    async countsByState(organizationId?: string): Promise<Record<string, number>> {
      let q = db.selectFrom('requests').select(['state', (eb) => eb.fn.countAll<string | number>().as('n')]);
      if (organizationId) q = q.where('organization_id', '=', organizationId);
      const rows = await q.groupBy('state').execute();
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },
    async forProgram(programId: string): Promise<RequestRecord[]> {
      return (await db.selectFrom('requests').selectAll().where('program_id', '=', programId).orderBy('created_at').execute()).map(rowToRequest);
    },
  };
}
