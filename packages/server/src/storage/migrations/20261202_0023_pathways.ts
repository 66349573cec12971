// Pathways and milestone badges (issue #17 items 1–3): a pathway is owned by one institution, has ordered
// components (programs of the inventory at any institution, or external credentials with a URL), a
// destination (a program, or an outside certificate/degree) and one completion rule: all of the
// components, n of them, or a total of credit hours. A pathway whose components cross institutions is
// reviewed by the Regents' staff. A pathway may name a milestone badge class: earning the components
// earns it, once per earner — `pathway_milestones` has (pathway_id, user_id) as its primary key, so
// however many app processes notice the same completion, one row wins.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pathways')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('destination_kind', 'text', (c) => c.notNull())
    .addColumn('destination_program_id', 'text', (c) => c.references('programs.id'))
    .addColumn('destination_name', 'text', (c) => c.notNull())
    .addColumn('destination_url', 'text')
    .addColumn('destination_credential_type', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('rule_n', 'integer')
    .addColumn('rule_credit_hours', 'real')
    .addColumn('milestone_badge_class_id', 'text', (c) => c.references('badge_classes.id'))
    .addColumn('milestone_mode', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('crosses_institutions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('review_state', 'text', (c) => c.notNull())
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('pathways_org_idx').on('pathways').columns(['organization_id', 'status']).execute();
  await db.schema.createIndex('pathways_review_idx').on('pathways').columns(['review_state', 'updated_at']).execute();
  await db.schema.createIndex('pathways_destination_idx').on('pathways').column('destination_program_id').execute();
  await db.schema.createIndex('pathways_milestone_idx').on('pathways').column('milestone_badge_class_id').execute();

  await db.schema
    .createTable('pathway_components')
    .addColumn('pathway_id', 'text', (c) => c.notNull().references('pathways.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.references('programs.id'))
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('credit_hours', 'real')
    .addPrimaryKeyConstraint('pathway_components_pk', ['pathway_id', 'position'])
    .execute();
  await db.schema.createIndex('pathway_components_program_idx').on('pathway_components').columns(['program_id', 'pathway_id']).execute();

  await db.schema
    .createTable('pathway_milestones')
    .addColumn('pathway_id', 'text', (c) => c.notNull().references('pathways.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('award_id', 'text')
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pathway_milestones_pk', ['pathway_id', 'user_id'])
    .execute();
  await db.schema.createIndex('pathway_milestones_org_idx').on('pathway_milestones').columns(['organization_id', 'state', 'created_at']).execute();
  await db.schema.createIndex('pathway_milestones_user_idx').on('pathway_milestones').column('user_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pathway_milestones').execute();
  await db.schema.dropTable('pathway_components').execute();
  await db.schema.dropTable('pathways').execute();
}
