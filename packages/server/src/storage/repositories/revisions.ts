// Revisions of a program: each holds one Request Form (JSON), numbered from 1.
import type { Executor } from './types.ts';

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
