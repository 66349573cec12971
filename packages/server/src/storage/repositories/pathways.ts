// Pathways (migration 0023): a pathway row and its components are written together — saving replaces the
// components in one transaction with the row, under the row's version (optimistic concurrency), so two
// authors saving at once cannot interleave components. Milestones: one row per (pathway, earner), claimed
// with an INSERT on the primary key, so a completion noticed by several processes is acted on once.
import type { Selectable } from 'kysely';
import type { PathwayComponentsTable, PathwayDestinationType, PathwayMilestonesTable, PathwayReviewState, PathwayRule, PathwaysTable, PathwayStatus } from '../schema.ts';
import type { Executor } from './types.ts';

export type { PathwayDestinationType, PathwayReviewState, PathwayRule, PathwayStatus } from '../schema.ts';

export interface PathwayComponent {
  readonly kind: 'program' | 'external';
  readonly programId: string | null;
  readonly organizationId: string | null;
  readonly name: string;
  readonly url: string | null;
  readonly creditHours: number | null;
}

export interface Pathway {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly description: string;
  readonly destination: {
    readonly kind: 'program' | 'external';
    readonly programId: string | null;
    readonly name: string;
    readonly url: string | null;
    readonly credentialType: PathwayDestinationType;
  };
  readonly rule: PathwayRule;
  readonly ruleN: number | null;
  readonly ruleCreditHours: number | null;
  readonly milestoneBadgeClassId: string | null;
  readonly milestoneMode: 'automatic' | 'approval' | null;
  readonly status: PathwayStatus;
  readonly crossesInstitutions: boolean;
  readonly reviewState: PathwayReviewState;
  readonly reviewComment: string | null;
  readonly reviewedBy: string | null;
  readonly reviewedAt: string | null;
  readonly version: number;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly components: readonly PathwayComponent[];
}

export type MilestoneState = PathwayMilestonesTable['state'];

export interface PathwayMilestone {
  readonly pathwayId: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly state: MilestoneState;
  readonly awardId: string | null;
  readonly componentAwardIds: readonly string[];
  readonly createdAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly updatedAt: string;
}

type PathwayRow = Selectable<PathwaysTable>;
type ComponentRow = Selectable<PathwayComponentsTable>;
type MilestoneRow = Selectable<PathwayMilestonesTable>;

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function rowToComponent(c: ComponentRow): PathwayComponent {
  return { kind: c.kind, programId: c.program_id, organizationId: c.organization_id, name: c.name, url: c.url, creditHours: num(c.credit_hours) };
}

function rowToPathway(r: PathwayRow, components: readonly ComponentRow[]): Pathway {
  return {
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    description: r.description,
    destination: { kind: r.destination_kind, programId: r.destination_program_id, name: r.destination_name, url: r.destination_url, credentialType: r.destination_credential_type },
    rule: r.rule,
    ruleN: num(r.rule_n),
    ruleCreditHours: num(r.rule_credit_hours),
    milestoneBadgeClassId: r.milestone_badge_class_id,
    milestoneMode: r.milestone_mode,
    status: r.status,
    crossesInstitutions: Number(r.crosses_institutions) === 1,
    reviewState: r.review_state,
    reviewComment: r.review_comment,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    components: [...components].sort((a, b) => Number(a.position) - Number(b.position)).map(rowToComponent),
  };
}

function rowToMilestone(r: MilestoneRow): PathwayMilestone {
  return {
    pathwayId: r.pathway_id,
    userId: r.user_id,
    organizationId: r.organization_id,
    state: r.state,
    awardId: r.award_id,
    componentAwardIds: JSON.parse(r.components) as string[],
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    updatedAt: r.updated_at,
  };
}

function pathwayValues(p: Pathway): PathwaysTable {
  return {
    id: p.id,
    organization_id: p.organizationId,
    name: p.name,
    description: p.description,
    destination_kind: p.destination.kind,
    destination_program_id: p.destination.programId,
    destination_name: p.destination.name,
    destination_url: p.destination.url,
    destination_credential_type: p.destination.credentialType,
    rule: p.rule,
    rule_n: p.ruleN,
    rule_credit_hours: p.ruleCreditHours,
    milestone_badge_class_id: p.milestoneBadgeClassId,
    milestone_mode: p.milestoneMode,
    status: p.status,
    crosses_institutions: p.crossesInstitutions ? 1 : 0,
    review_state: p.reviewState,
    review_comment: p.reviewComment,
    reviewed_by: p.reviewedBy,
    reviewed_at: p.reviewedAt,
    version: p.version,
    created_by: p.createdBy,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    published_at: p.publishedAt,
  };
}

/** Pathways and their components. Writers must run inside a transaction (`inTransaction`). */
export function pathwaysRepo(db: Executor) {
  async function withComponents(rows: readonly PathwayRow[]): Promise<Pathway[]> {
    if (rows.length === 0) return [];
    const comps = await db.selectFrom('pathway_components').selectAll().where('pathway_id', 'in', rows.map((r) => r.id)).execute();
    const by = new Map<string, ComponentRow[]>();
    for (const c of comps) (by.get(c.pathway_id) ?? by.set(c.pathway_id, []).get(c.pathway_id)!).push(c);
    return rows.map((r) => rowToPathway(r, by.get(r.id) ?? []));
  }
  async function writeComponents(p: Pathway): Promise<void> {
    await db.deleteFrom('pathway_components').where('pathway_id', '=', p.id).execute();
    if (p.components.length === 0) return;
    await db
      .insertInto('pathway_components')
      .values(p.components.map((c, position) => ({ pathway_id: p.id, position, kind: c.kind, program_id: c.programId, organization_id: c.organizationId, name: c.name, url: c.url, credit_hours: c.creditHours })))
      .execute();
  }
  return {
    async insert(p: Pathway): Promise<void> {
      await db.insertInto('pathways').values(pathwayValues(p)).execute();
      await writeComponents(p);
    },
    /**
     * Saves `p` (its version already incremented by the caller) when the stored row still has
     * `expectedVersion`; false when someone else saved first (nothing written).
     */
    async update(p: Pathway, expectedVersion: number): Promise<boolean> {
      const { id: _id, created_at: _c, created_by: _b, ...rest } = pathwayValues(p);
      const r = await db.updateTable('pathways').set(rest).where('id', '=', p.id).where('version', '=', expectedVersion).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await writeComponents(p);
      return true;
    },
    async get(id: string): Promise<Pathway | undefined> {
      const r = await db.selectFrom('pathways').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? (await withComponents([r]))[0] : undefined;
    },
    async listForOrganization(organizationId: string, opts: { statuses?: readonly PathwayStatus[] } = {}): Promise<Pathway[]> {
      let q = db.selectFrom('pathways').selectAll().where('organization_id', '=', organizationId);
      if (opts.statuses?.length) q = q.where('status', 'in', [...opts.statuses]);
      return withComponents(await q.orderBy('name').orderBy('id').execute());
    },
    /** Published pathways, every institution's, by name. */
    async listPublished(): Promise<Pathway[]> {
      return withComponents(await db.selectFrom('pathways').selectAll().where('status', '=', 'published').orderBy('name').orderBy('id').execute());
    },
    /** Pathways in a review state (the Regents' queue), oldest change first. */
    async listByReviewState(states: readonly PathwayReviewState[]): Promise<Pathway[]> {
      if (states.length === 0) return [];
      return withComponents(await db.selectFrom('pathways').selectAll().where('review_state', 'in', [...states]).orderBy('updated_at').orderBy('id').execute());
    },
    /** Pathways (any status) that have `programId` as a component or as their destination. */
    async listTouchingProgram(programId: string): Promise<Pathway[]> {
      const rows = await db
        .selectFrom('pathways')
        .selectAll()
        .where((eb) => eb.or([eb('destination_program_id', '=', programId), eb('id', 'in', eb.selectFrom('pathway_components').select('pathway_id').where('program_id', '=', programId))]))
        .orderBy('name')
        .orderBy('id')
        .execute();
      return withComponents(rows);
    },
    /** Published pathways with a milestone badge that have any of `programIds` as a component. */
    async listMilestonesWithComponents(programIds: readonly string[]): Promise<Pathway[]> {
      if (programIds.length === 0) return [];
      const rows = await db
        .selectFrom('pathways')
        .selectAll()
        .where('status', '=', 'published')
        .where('milestone_badge_class_id', 'is not', null)
        .where('id', 'in', (eb) => eb.selectFrom('pathway_components').select('pathway_id').where('program_id', 'in', [...programIds]))
        .orderBy('id')
        .execute();
      return withComponents(rows);
    },
    async findByMilestoneBadgeClass(badgeClassId: string): Promise<Pathway | undefined> {
      const r = await db.selectFrom('pathways').selectAll().where('milestone_badge_class_id', '=', badgeClassId).orderBy('id').executeTakeFirst();
      return r ? (await withComponents([r]))[0] : undefined;
    },
    /** Deletes a pathway that was never published, with its components. */
    async deleteDraft(id: string): Promise<boolean> {
      await db.deleteFrom('pathway_components').where('pathway_id', '=', id).where((eb) => eb.exists(eb.selectFrom('pathways').select('id').where('id', '=', id).where('status', '=', 'draft'))).execute();
      const r = await db.deleteFrom('pathways').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}

/** Milestone earnings: claimed once per (pathway, earner), then moved through their states. */
export function pathwayMilestonesRepo(db: Executor) {
  return {
    /** True when this call claimed the milestone (no row for this pathway and earner existed). */
    async claim(m: PathwayMilestone): Promise<boolean> {
      const r = await db
        .insertInto('pathway_milestones')
        .values({
          pathway_id: m.pathwayId,
          user_id: m.userId,
          organization_id: m.organizationId,
          state: m.state,
          award_id: m.awardId,
          components: JSON.stringify(m.componentAwardIds),
          created_at: m.createdAt,
          decided_at: m.decidedAt,
          decided_by: m.decidedBy,
          updated_at: m.updatedAt,
        })
        .onConflict((oc) => oc.columns(['pathway_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async get(pathwayId: string, userId: string): Promise<PathwayMilestone | undefined> {
      const r = await db.selectFrom('pathway_milestones').selectAll().where('pathway_id', '=', pathwayId).where('user_id', '=', userId).executeTakeFirst();
      return r ? rowToMilestone(r) : undefined;
    },
    /** Moves a milestone from `from` to a new state; false when it was not in `from` (someone else moved it). */
    async transition(input: { pathwayId: string; userId: string; from: MilestoneState; to: MilestoneState; awardId?: string | null; decidedBy?: string | null; at: string }): Promise<boolean> {
      const r = await db
        .updateTable('pathway_milestones')
        .set({
          state: input.to,
          ...(input.awardId !== undefined ? { award_id: input.awardId } : {}),
          ...(input.decidedBy !== undefined ? { decided_by: input.decidedBy, decided_at: input.at } : {}),
          updated_at: input.at,
        })
        .where('pathway_id', '=', input.pathwayId)
        .where('user_id', '=', input.userId)
        .where('state', '=', input.from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async listForUser(userId: string): Promise<PathwayMilestone[]> {
      return (await db.selectFrom('pathway_milestones').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()).map(rowToMilestone);
    },
    async listForOrganization(organizationId: string, states: readonly MilestoneState[]): Promise<PathwayMilestone[]> {
      if (states.length === 0) return [];
      return (
        await db.selectFrom('pathway_milestones').selectAll().where('organization_id', '=', organizationId).where('state', 'in', [...states]).orderBy('created_at').orderBy('pathway_id').execute()
      ).map(rowToMilestone);
    },
  };
}
