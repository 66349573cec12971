// The State Regents' endorsement credentials, one row per signing (a program suspended and reinstated
// has several; at most one is in force). The credential text is stored exactly as signed.
import { sql, type Selectable } from 'kysely';
import type { EndorsementsTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type EndorsementRow = Selectable<EndorsementsTable>;

export interface Endorsement {
  readonly id: string;
  readonly programId: string;
  readonly credential: string;
  readonly statusListSeq: number;
  readonly statusIndex: number;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
}

export function rowToEndorsement(r: EndorsementRow): Endorsement {
  return {
    id: r.id,
    programId: r.program_id,
    credential: r.credential,
    statusListSeq: Number(r.status_list_seq),
    statusIndex: Number(r.status_index),
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    revocationReason: r.revocation_reason,
  };
}

/** An active endorsed program that has no endorsement in force, with what its endorsement names. */
export interface UnendorsedProgram {
  readonly id: string;
  readonly title: string;
  readonly institutionName: string;
  readonly publishedAt: string | null;
}

export function endorsementsRepo(db: Executor) {
  return {
    async insert(e: { id: string; programId: string; credential: string; statusListSeq: number; statusIndex: number; at: string }): Promise<void> {
      await db
        .insertInto('endorsements')
        .values({ id: e.id, program_id: e.programId, credential: e.credential, status_list_seq: e.statusListSeq, status_index: e.statusIndex, created_at: e.at, revoked_at: null, revocation_reason: null })
        .execute();
    },

    /** The program's endorsements in force (normally one), newest first. */
    async activeForProgram(programId: string): Promise<Endorsement[]> {
      const rows = await db.selectFrom('endorsements').selectAll().where('program_id', '=', programId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
      return rows.map(rowToEndorsement);
    },

    /**
     * The endorsement in force if there is one, else the latest (revoked) one. created_at alone can tie
     * when a program is suspended and reinstated within the same instant.
     */
    async latestForProgram(programId: string): Promise<Endorsement | undefined> {
      const row = await db
        .selectFrom('endorsements')
        .selectAll()
        .where('program_id', '=', programId)
        .orderBy(sql`CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END`)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      return row ? rowToEndorsement(row) : undefined;
    },

    /** Those of `ids` that are endorsements of the program and have been revoked. */
    async revokedAmong(programId: string, ids: readonly string[]): Promise<{ id: string; revokedAt: string }[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('endorsements').select(['id', 'revoked_at']).where('program_id', '=', programId).where('id', 'in', [...ids]).where('revoked_at', 'is not', null).execute();
      return rows.map((r) => ({ id: r.id, revokedAt: r.revoked_at! }));
    },

    /** Every endorsement in force, of every program. */
    async allActive(): Promise<{ id: string; credential: string }[]> {
      return db.selectFrom('endorsements').select(['id', 'credential']).where('revoked_at', 'is', null).execute();
    },

    async revoke(ids: readonly string[], input: { at: string; reason: string }): Promise<void> {
      if (ids.length === 0) return;
      await db.updateTable('endorsements').set({ revoked_at: input.at, revocation_reason: input.reason }).where('id', 'in', [...ids]).execute();
    },

    /** Active endorsed programs (with a live revision) that have no endorsement in force. */
    async unendorsedPrograms(): Promise<UnendorsedProgram[]> {
      const rows = await db
        .selectFrom('programs')
        .innerJoin('organizations', 'organizations.id', 'programs.organization_id')
        .innerJoin('program_revisions', 'program_revisions.id', 'programs.live_revision_id')
        .select(['programs.id', 'program_revisions.title', 'organizations.name', 'programs.published_at'])
        .where('programs.status', '=', 'active')
        .where('programs.endorsement', '=', 'endorsed')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('endorsements').select('endorsements.id').whereRef('endorsements.program_id', '=', 'programs.id').where('endorsements.revoked_at', 'is', null))))
        .execute();
      return rows.map((r) => ({ id: r.id, title: r.title, institutionName: r.name, publishedAt: r.published_at }));
    },
  };
}
