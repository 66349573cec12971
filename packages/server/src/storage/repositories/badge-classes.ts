// Badge classes: one per program, updated when a new revision is published.
import type { Selectable } from 'kysely';
import type { BadgeClassesTable } from '../schema.ts';
import type { Executor } from './types.ts';

export type BadgeClassRow = Selectable<BadgeClassesTable>;

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
    /** Whether the attachment is the badge image of an active program (then anyone may see it). */
    async isImageOfActiveProgram(attachmentId: string): Promise<boolean> {
      const r = await db.selectFrom('badge_classes').innerJoin('programs', 'programs.id', 'badge_classes.program_id').select('programs.id').where('badge_classes.image_attachment_id', '=', attachmentId).where('programs.status', '=', 'active').executeTakeFirst();
      return r !== undefined;
    },
    async listForOrganization(organizationId: string): Promise<BadgeClass[]> {
      return (await db.selectFrom('badge_classes').selectAll().where('organization_id', '=', organizationId).orderBy('name').execute()).map(rowToBadgeClass);
    },
  };
}
