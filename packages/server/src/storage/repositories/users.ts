import { sql, type Selectable } from 'kysely';
import type { Role } from '../../shared/roles.ts';
import type { MembershipsTable, UsersTable } from '../schema.ts';
import { escapeLike, type Executor, type Page, pageWindow } from './types.ts';

export type UserRow = Selectable<UsersTable>;
export type MembershipRow = Selectable<MembershipsTable>;

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly status: 'active' | 'deactivated';
  readonly hasPassword: boolean;
  readonly failedSignIns: number;
  readonly lockedUntil: string | null;
  readonly lastSignInAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The language the user chose (the switcher, signed in): 'en' | 'es', or null. */
  readonly language: string | null;
}

export interface Membership {
  readonly id: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly organizationSlug: string;
  readonly organizationName: string;
  readonly organizationKind: 'regents' | 'institution';
  readonly role: Role;
  readonly createdAt: string;
}

export function rowToUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    status: r.status,
    hasPassword: r.password_hash !== null,
    failedSignIns: Number(r.failed_sign_ins),
    lockedUntil: r.locked_until,
    lastSignInAt: r.last_sign_in_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    language: r.language ?? null,
  };
}

export interface UserListFilter {
  organizationIds?: readonly string[] | undefined;
  q?: string | undefined;
  role?: Role | undefined;
  status?: 'active' | 'deactivated' | undefined;
  page: number;
  perPage: number;
}

export function usersRepo(db: Executor) {
  return {
    async insert(u: { id: string; email: string; name: string; passwordHash: string | null; at: string }): Promise<void> {
      await db
        .insertInto('users')
        .values({
          id: u.id,
          email: u.email,
          name: u.name,
          password_hash: u.passwordHash,
          status: 'active',
          created_at: u.at,
          updated_at: u.at,
        })
        .execute();
    },
    async findById(id: string): Promise<User | undefined> {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToUser(r);
    },
    async findByEmail(email: string): Promise<User | undefined> {
      const r = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return r && rowToUser(r);
    },
    async passwordHash(id: string): Promise<string | null> {
      const r = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
      return r?.password_hash ?? null;
    },
    async setPassword(id: string, hash: string, at: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ password_hash: hash, failed_sign_ins: 0, locked_until: null, updated_at: at })
        .where('id', '=', id)
        .execute();
    },
    async setLanguage(id: string, language: string | null, at: string): Promise<void> {
      await db.updateTable('users').set({ language, updated_at: at }).where('id', '=', id).execute();
    },
    async setName(id: string, name: string, at: string): Promise<void> {
      await db.updateTable('users').set({ name, updated_at: at }).where('id', '=', id).execute();
    },
    async setStatus(id: string, status: 'active' | 'deactivated', at: string): Promise<void> {
      await db.updateTable('users').set({ status, updated_at: at }).where('id', '=', id).execute();
    },
    /** Counts a failed sign-in atomically (no read-modify-write race between app processes). */
    async recordFailedSignIn(id: string, opts: { threshold: number; lockUntil: string }): Promise<{ failed: number; lockedUntil: string | null }> {
      await db
        .updateTable('users')
        .set({ failed_sign_ins: sql`failed_sign_ins + 1` })
        .where('id', '=', id)
        .execute();
      await db
        .updateTable('users')
        .set({ locked_until: opts.lockUntil, failed_sign_ins: 0 })
        .where('id', '=', id)
        .where('failed_sign_ins', '>=', opts.threshold)
        .execute();
      const r = await db.selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('id', '=', id).executeTakeFirstOrThrow();
      return { failed: Number(r.failed_sign_ins), lockedUntil: r.locked_until };
    },
    async recordSignIn(id: string, at: string): Promise<void> {
      await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: at }).where('id', '=', id).execute();
    },
    async list(f: UserListFilter): Promise<Page<User>> {
      const w = pageWindow(f.page, f.perPage);
      let q = db.selectFrom('users');
      if (f.organizationIds) {
        const ids = f.organizationIds;
        if (ids.length === 0) return { items: [], total: 0, page: w.page, perPage: w.perPage };
        q = q.where('users.id', 'in', (eb) => eb.selectFrom('memberships').select('memberships.user_id').where('memberships.organization_id', 'in', ids));
      }
      if (f.role) {
        const role = f.role;
        q = q.where('users.id', 'in', (eb) => {
          let sub = eb.selectFrom('memberships').select('memberships.user_id').where('memberships.role', '=', role);
          if (f.organizationIds) sub = sub.where('memberships.organization_id', 'in', f.organizationIds);
          return sub;
        });
      }
      if (f.status) q = q.where('users.status', '=', f.status);
      if (f.q) {
        const like = `%${escapeLike(f.q.toLowerCase())}%`;
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['users.email']), 'like', sql<string>`${like} escape '\\'`),
            eb(eb.fn('lower', ['users.name']), 'like', sql<string>`${like} escape '\\'`),
          ]),
        );
      }
      const totalRow = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll('users')
        .orderBy('users.name')
        .orderBy('users.id')
        .limit(w.limit)
        .offset(w.offset)
        .execute();
      return { items: rows.map(rowToUser), total: Number(totalRow.n), page: w.page, perPage: w.perPage };
    },
    async count(): Promise<number> {
      const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export function membershipsRepo(db: Executor) {
  const base = () =>
    db
      .selectFrom('memberships')
      .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
      .select([
        'memberships.id',
        'memberships.user_id',
        'memberships.organization_id',
        'memberships.role',
        'memberships.created_at',
        'organizations.slug',
        'organizations.name',
        'organizations.kind',
      ]);
  type Joined = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const map = (r: Joined): Membership => ({
    id: r.id,
    userId: r.user_id,
    organizationId: r.organization_id,
    organizationSlug: r.slug,
    organizationName: r.name,
    organizationKind: r.kind,
    role: r.role as Role,
    createdAt: r.created_at,
  });
  return {
    async insert(m: { id: string; userId: string; organizationId: string; role: Role; at: string; source?: string | null }): Promise<void> {
      await db
        .insertInto('memberships')
        .values({ id: m.id, user_id: m.userId, organization_id: m.organizationId, role: m.role, created_at: m.at, source: m.source ?? null })
        .execute();
    },
    /** A user's roles in one organization with where each came from ('sso:<idp id>' or null: by hand). */
    async sourcesIn(userId: string, organizationId: string): Promise<Array<{ role: Role; source: string | null }>> {
      const rows = await db.selectFrom('memberships').select(['role', 'source']).where('user_id', '=', userId).where('organization_id', '=', organizationId).execute();
      return rows.map((r) => ({ role: r.role as Role, source: r.source }));
    },
    async remove(userId: string, organizationId: string, role: Role): Promise<void> {
      await db
        .deleteFrom('memberships')
        .where('user_id', '=', userId)
        .where('organization_id', '=', organizationId)
        .where('role', '=', role)
        .execute();
    },
    async forUser(userId: string): Promise<Membership[]> {
      const rows = await base().where('memberships.user_id', '=', userId).orderBy('organizations.name').orderBy('memberships.role').execute();
      return rows.map(map);
    },
    async forUsers(userIds: readonly string[]): Promise<Membership[]> {
      if (userIds.length === 0) return [];
      const rows = await base().where('memberships.user_id', 'in', userIds).execute();
      return rows.map(map);
    },
    async usersWithRole(role: Role, organizationId?: string): Promise<string[]> {
      let q = db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('users.id').where('memberships.role', '=', role).where('users.status', '=', 'active');
      if (organizationId) q = q.where('memberships.organization_id', '=', organizationId);
      return (await q.execute()).map((r) => r.id);
    },
    async countByOrganization(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('memberships')
        .select(['organization_id', (eb) => eb.fn.count<string | number>('user_id').distinct().as('n')])
        .groupBy('organization_id')
        .execute();
      return new Map(rows.map((r) => [r.organization_id, Number(r.n)]));
    },
  };
}
