// Complete exports: the export rows (state, progress, result) and the zip's parts. Every write of a
// running export names its run token, so only the run that last started can change it (see migration 0020).
import type { Executor } from './types.ts';

export type ExportScope = 'institution' | 'state';
export type ExportState = 'queued' | 'running' | 'done' | 'failed' | 'expired';

export interface ExportRecord {
  readonly id: string;
  readonly scope: ExportScope;
  readonly organizationId: string | null;
  readonly state: ExportState;
  readonly phase: string;
  readonly doneItems: number;
  readonly totalItems: number;
  readonly counts: Record<string, number> | null;
  readonly size: number | null;
  readonly sha256: string | null;
  readonly parts: number;
  readonly attempts: number;
  readonly error: string | null;
  readonly requestedBy: string | null;
  /** Who asked (as stored: JSON of the actor), so the job audits as them. */
  readonly actor: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly expiresAt: string;
}

type Row = {
  id: string;
  scope: ExportScope;
  organization_id: string | null;
  state: ExportState;
  phase: string;
  done_items: number | string;
  total_items: number | string;
  counts: string | null;
  size: number | string | null;
  sha256: string | null;
  parts: number;
  attempts: number;
  error: string | null;
  requested_by: string | null;
  actor: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string;
};

function rowToExport(r: Row): ExportRecord {
  return {
    id: r.id,
    scope: r.scope,
    organizationId: r.organization_id,
    state: r.state,
    phase: r.phase,
    doneItems: Number(r.done_items),
    totalItems: Number(r.total_items),
    counts: r.counts ? (JSON.parse(r.counts) as Record<string, number>) : null,
    size: r.size === null ? null : Number(r.size),
    sha256: r.sha256,
    parts: Number(r.parts),
    attempts: Number(r.attempts),
    error: r.error,
    requestedBy: r.requested_by,
    actor: r.actor,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    expiresAt: r.expires_at,
  };
}

const COLS = ['id', 'scope', 'organization_id', 'state', 'phase', 'done_items', 'total_items', 'counts', 'size', 'sha256', 'parts', 'attempts', 'error', 'requested_by', 'actor', 'created_at', 'started_at', 'finished_at', 'expires_at'] as const;

export function exportsRepo(db: Executor) {
  const mine = (id: string, token: string) => db.updateTable('exports').where('id', '=', id).where('run_token', '=', token);
  return {
    async insert(e: { id: string; scope: ExportScope; organizationId: string | null; requestedBy: string | null; actor: string; at: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('exports')
        .values({ id: e.id, scope: e.scope, organization_id: e.organizationId, state: 'queued', done_items: 0, total_items: 0, requested_by: e.requestedBy, actor: e.actor, created_at: e.at, expires_at: e.expiresAt, updated_at: e.at })
        .execute();
    },
    async findById(id: string): Promise<ExportRecord | undefined> {
      const r = await db.selectFrom('exports').select(COLS).where('id', '=', id).executeTakeFirst();
      return r && rowToExport(r);
    },
    /** Newest first: one institution's exports, or the state-wide ones (organizationId null). */
    async listRecent(o: { scope: ExportScope; organizationId: string | null; limit: number }): Promise<ExportRecord[]> {
      let q = db.selectFrom('exports').select(COLS).where('scope', '=', o.scope);
      q = o.organizationId === null ? q.where('organization_id', 'is', null) : q.where('organization_id', '=', o.organizationId);
      return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute()).map(rowToExport);
    },
    /** A run starts (a first try or a retry): new token, progress reset. Call with deleteParts in one transaction. */
    async begin(id: string, o: { token: string; at: string }): Promise<boolean> {
      const r = await db
        .updateTable('exports')
        .set((eb) => ({ state: 'running', run_token: o.token, attempts: eb('attempts', '+', 1), phase: 'Counting', done_items: 0, total_items: 0, counts: null, size: null, sha256: null, parts: 0, error: null, started_at: o.at, finished_at: null, updated_at: o.at }))
        .where('id', '=', id)
        .where('state', 'in', ['queued', 'running'])
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async deleteParts(id: string): Promise<void> {
      await db.deleteFrom('export_parts').where('export_id', '=', id).execute();
    },
    /** Progress of the run holding `token`; false when another run has taken over (or the export is gone). */
    async progress(id: string, token: string, p: { phase: string; done: number; total: number; at: string }): Promise<boolean> {
      const r = await mine(id, token).set({ phase: p.phase, done_items: p.done, total_items: p.total, updated_at: p.at }).where('state', '=', 'running').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async putPart(id: string, part: number, data: Buffer): Promise<void> {
      await db.insertInto('export_parts').values({ export_id: id, part, data }).execute();
    },
    async finish(id: string, token: string, f: { counts: Record<string, number>; size: number; sha256: string; parts: number; done: number; at: string; expiresAt: string }): Promise<boolean> {
      const r = await mine(id, token)
        .set({ state: 'done', phase: 'Done', counts: JSON.stringify(f.counts), size: f.size, sha256: f.sha256, parts: f.parts, done_items: f.done, total_items: f.done, finished_at: f.at, expires_at: f.expiresAt, updated_at: f.at })
        .where('state', '=', 'running')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** A run that failed: for good (`failed`) or to be tried again (`queued`). */
    async fail(id: string, token: string, f: { state: 'failed' | 'queued'; error: string; at: string }): Promise<boolean> {
      const r = await mine(id, token)
        .set({ state: f.state, error: f.error.slice(0, 2000), finished_at: f.state === 'failed' ? f.at : null, updated_at: f.at })
        .where('state', '=', 'running')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async readPart(id: string, part: number): Promise<Buffer | undefined> {
      const r = await db.selectFrom('export_parts').select('data').where('export_id', '=', id).where('part', '=', part).executeTakeFirst();
      return r ? Buffer.from(r.data) : undefined;
    },
    async partCount(id: string): Promise<number> {
      const r = await db.selectFrom('export_parts').select((eb) => eb.fn.countAll<string | number>().as('n')).where('export_id', '=', id).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Finished or failed exports past their expiry. */
    async expiredIds(now: string, limit: number): Promise<string[]> {
      return (await db.selectFrom('exports').select('id').where('state', 'in', ['done', 'failed']).where('expires_at', '<', now).orderBy('expires_at').limit(limit).execute()).map((r) => r.id);
    },
    async markExpired(id: string, at: string): Promise<void> {
      await db.updateTable('exports').set({ state: 'expired', run_token: null, updated_at: at }).where('id', '=', id).execute();
    },
  };
}
