import type { Selectable } from 'kysely';
import type { StatusListsTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type StatusListRow = Selectable<StatusListsTable>;
export type StatusPurpose = 'revocation' | 'suspension';

export interface StatusList {
  readonly id: string;
  readonly organizationId: string;
  readonly purpose: StatusPurpose;
  readonly seq: number;
  readonly length: number;
  readonly allocated: number;
  readonly indexStride: number;
  readonly indexOffset: number;
  readonly encodedList: string;
  readonly version: number;
  /** The signed list credential exactly as signed (served byte for byte), with what it was signed from. */
  readonly signed: { readonly credential: string; readonly version: number; readonly keyId: string; readonly at: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function rowToStatusList(r: StatusListRow): StatusList {
  return {
    id: r.id,
    organizationId: r.organization_id,
    purpose: r.purpose,
    seq: Number(r.seq),
    length: Number(r.length),
    allocated: Number(r.allocated),
    indexStride: Number(r.index_stride),
    indexOffset: Number(r.index_offset),
    encodedList: r.encoded_list,
    version: Number(r.version),
    signed:
      r.signed_credential !== null && r.signed_version !== null && r.signed_key_id !== null && r.signed_at !== null
        ? { credential: r.signed_credential, version: Number(r.signed_version), keyId: r.signed_key_id, at: r.signed_at }
        : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function statusListsRepo(db: Executor) {
  return {
    async insert(l: { id: string; organizationId: string; purpose: StatusPurpose; seq: number; length: number; indexStride: number; indexOffset: number; encodedList: string; at: string }): Promise<void> {
      await db
        .insertInto('status_lists')
        .values({
          id: l.id,
          organization_id: l.organizationId,
          purpose: l.purpose,
          seq: l.seq,
          length: l.length,
          allocated: 0,
          index_stride: l.indexStride,
          index_offset: l.indexOffset,
          encoded_list: l.encodedList,
          version: 0,
          signed_credential: null,
          signed_version: null,
          signed_key_id: null,
          signed_at: null,
          created_at: l.at,
          updated_at: l.at,
        })
        .execute();
    },
    async find(organizationId: string, purpose: StatusPurpose, seq: number): Promise<StatusList | undefined> {
      const r = await db.selectFrom('status_lists').selectAll().where('organization_id', '=', organizationId).where('purpose', '=', purpose).where('seq', '=', seq).executeTakeFirst();
      return r && rowToStatusList(r);
    },
    /** The newest list for an organization and purpose: where allocation happens. */
    async latest(organizationId: string, purpose: StatusPurpose): Promise<StatusList | undefined> {
      const r = await db.selectFrom('status_lists').selectAll().where('organization_id', '=', organizationId).where('purpose', '=', purpose).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      return r && rowToStatusList(r);
    },
    async listForOrganization(organizationId: string): Promise<StatusList[]> {
      const rows = await db.selectFrom('status_lists').selectAll().where('organization_id', '=', organizationId).orderBy('purpose').orderBy('seq').execute();
      return rows.map(rowToStatusList);
    },
    /**
     * Takes the next counter value with one atomic statement: concurrent callers (threads, processes,
     * PostgreSQL connections) each get a different value, and none once the list is full.
     */
    async takeNext(id: string, at: string): Promise<number | undefined> {
      const r = await db
        .updateTable('status_lists')
        .set((eb) => ({ allocated: eb('allocated', '+', 1), updated_at: at }))
        .where('id', '=', id)
        .whereRef('allocated', '<', 'length')
        .returning('allocated')
        .executeTakeFirst();
      return r ? Number(r.allocated) - 1 : undefined;
    },
    /** Takes `n` consecutive counter values at once (bulk issuing), or none when fewer than `n` are left. */
    async takeRange(id: string, n: number, at: string): Promise<number | undefined> {
      const r = await db
        .updateTable('status_lists')
        .set((eb) => ({ allocated: eb('allocated', '+', n), updated_at: at }))
        .where('id', '=', id)
        .where((eb) => eb(eb('allocated', '+', n), '<=', eb.ref('length')))
        .returning('allocated')
        .executeTakeFirst();
      return r ? Number(r.allocated) - n : undefined;
    },
    /** Writes new bits only if nobody else changed them since `version` was read; false means re-read and retry. */
    async updateBits(id: string, expectedVersion: number, encodedList: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('status_lists')
        .set({ encoded_list: encodedList, version: expectedVersion + 1, updated_at: at })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Caches a signed copy, unless the bits moved on while it was being signed. */
    async storeSigned(id: string, s: { credential: string; version: number; keyId: string; at: string }): Promise<void> {
      await db
        .updateTable('status_lists')
        .set({ signed_credential: s.credential, signed_version: s.version, signed_key_id: s.keyId, signed_at: s.at })
        .where('id', '=', id)
        .where('version', '=', s.version)
        .execute();
    },
  };
}
