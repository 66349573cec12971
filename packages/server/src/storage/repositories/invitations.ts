import type { Selectable } from 'kysely';
import type { Role } from '../../shared/roles.ts';
import type { InvitationsTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type InvitationRow = Selectable<InvitationsTable>;

export interface Invitation {
  readonly id: string;
  readonly organizationId: string;
  readonly email: string;
  readonly role: Role;
  readonly invitedBy: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly acceptedAt: string | null;
  readonly revokedAt: string | null;
}

export function rowToInvitation(r: InvitationRow): Invitation {
  return {
    id: r.id,
    organizationId: r.organization_id,
    email: r.email,
    role: r.role as Role,
    invitedBy: r.invited_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    revokedAt: r.revoked_at,
  };
}

export function invitationsRepo(db: Executor) {
  return {
    async insert(i: Invitation & { tokenHash: string }): Promise<void> {
      await db
        .insertInto('invitations')
        .values({
          id: i.id,
          token_hash: i.tokenHash,
          organization_id: i.organizationId,
          email: i.email,
          role: i.role,
          invited_by: i.invitedBy,
          created_at: i.createdAt,
          expires_at: i.expiresAt,
          accepted_at: null,
          revoked_at: null,
        })
        .execute();
    },
    async findByTokenHash(tokenHash: string): Promise<Invitation | undefined> {
      const r = await db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && rowToInvitation(r);
    },
    async findById(id: string): Promise<Invitation | undefined> {
      const r = await db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToInvitation(r);
    },
    /** Marks accepted only if still open, so a link used twice at once is accepted once. */
    async markAccepted(id: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('invitations')
        .set({ accepted_at: at })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async revoke(id: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('invitations')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async pending(opts: { organizationIds?: readonly string[] | undefined; now: string }): Promise<Invitation[]> {
      let q = db
        .selectFrom('invitations')
        .selectAll()
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', opts.now);
      if (opts.organizationIds) {
        if (opts.organizationIds.length === 0) return [];
        q = q.where('organization_id', 'in', opts.organizationIds);
      }
      return (await q.orderBy('created_at', 'desc').limit(200).execute()).map(rowToInvitation);
    },
  };
}
