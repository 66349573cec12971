import type { Selectable } from 'kysely';
import type { OrganizationsTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type OrganizationRow = Selectable<OrganizationsTable>;

export interface Organization {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly kind: 'regents' | 'institution';
  readonly institutionType: string | null;
  readonly website: string | null;
  readonly description: string | null;
  readonly city: string | null;
  readonly status: 'active' | 'inactive';
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function rowToOrganization(r: OrganizationRow): Organization {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    institutionType: r.institution_type,
    website: r.website,
    description: r.description,
    city: r.city,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface OrganizationFields {
  name: string;
  institutionType: string | null;
  website: string | null;
  description: string | null;
  city: string | null;
  status: 'active' | 'inactive';
}

export function organizationsRepo(db: Executor) {
  return {
    async insert(o: Organization): Promise<void> {
      await db
        .insertInto('organizations')
        .values({
          id: o.id,
          slug: o.slug,
          name: o.name,
          kind: o.kind,
          institution_type: o.institutionType,
          website: o.website,
          description: o.description,
          city: o.city,
          status: o.status,
          created_at: o.createdAt,
          updated_at: o.updatedAt,
        })
        .execute();
    },
    async update(id: string, f: OrganizationFields, at: string): Promise<void> {
      await db
        .updateTable('organizations')
        .set({
          name: f.name,
          institution_type: f.institutionType,
          website: f.website,
          description: f.description,
          city: f.city,
          status: f.status,
          updated_at: at,
        })
        .where('id', '=', id)
        .execute();
    },
    async findById(id: string): Promise<Organization | undefined> {
      const r = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToOrganization(r);
    },
    async findBySlug(slug: string): Promise<Organization | undefined> {
      const r = await db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
      return r && rowToOrganization(r);
    },
    async list(opts: { kind?: 'regents' | 'institution' } = {}): Promise<Organization[]> {
      let q = db.selectFrom('organizations').selectAll();
      if (opts.kind) q = q.where('kind', '=', opts.kind);
      const rows = await q.orderBy('kind', 'desc').orderBy('name').execute();
      return rows.map(rowToOrganization);
    },
    /** Whether members may sign in with a password (false: only through the organization's identity providers). */
    async passwordSignIn(id: string): Promise<boolean> {
      const r = await db.selectFrom('organizations').select('password_sign_in').where('id', '=', id).executeTakeFirst();
      return r ? Number(r.password_sign_in) === 1 : true;
    },
    async setPasswordSignIn(id: string, allowed: boolean, at: string): Promise<void> {
      await db.updateTable('organizations').set({ password_sign_in: allowed ? 1 : 0, updated_at: at }).where('id', '=', id).execute();
    },
    /** Of these organizations, the ones that turned password sign-in off (name for the message). */
    async passwordsOffAmong(ids: readonly string[]): Promise<Array<{ id: string; name: string }>> {
      if (ids.length === 0) return [];
      return db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).where('password_sign_in', '=', 0).execute();
    },
    async count(): Promise<number> {
      const r = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
