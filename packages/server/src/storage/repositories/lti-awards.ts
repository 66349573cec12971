// LTI award rules (migration 0014): a placement's rule and what the course's services are, the students
// of a placement with the result Laurel last read and whether they were awarded, and the short-lived
// sessions of the pages shown inside the platform's frame.
import { sql, type Selectable } from 'kysely';
import type { LtiFrameSessionsTable, LtiLearnersTable, LtiLearnerStatus } from '../schema.ts';
import type { LtiAwardRule } from './lti.ts';
import type { Executor } from './types.ts';

export type { LtiLearnerStatus };

export interface LtiLearner {
  readonly placementId: string;
  /** The platform's user id (the id_token's sub, NRPS user_id, AGS userId). */
  readonly userId: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly score: number | null;
  readonly maximum: number | null;
  readonly status: LtiLearnerStatus;
  readonly awardId: string | null;
  readonly message: string | null;
  readonly qualifiedAt: string | null;
  readonly updatedAt: string;
}

function toLearner(r: Selectable<LtiLearnersTable>): LtiLearner {
  return {
    placementId: r.placement_id,
    userId: r.user_id,
    email: r.email,
    name: r.name,
    score: r.score === null ? null : Number(r.score),
    maximum: r.maximum === null ? null : Number(r.maximum),
    status: r.status,
    awardId: r.award_id,
    message: r.message,
    qualifiedAt: r.qualified_at,
    updatedAt: r.updated_at,
  };
}

/** What a read of the course's results says of one student. */
export interface LearnerReading {
  readonly userId: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly score: number | null;
  readonly maximum: number | null;
  readonly qualified: boolean;
}

/** Statuses a new reading never overwrites: the student was awarded (or already held the badge) here. */
const SETTLED: readonly LtiLearnerStatus[] = ['awarded', 'held'];
const CHUNK = 200;

export function ltiLearnersRepo(db: Executor) {
  return {
    /**
     * Records readings: new students are inserted; known ones get the new result, name and email. A
     * student awarded here stays awarded; one who qualified keeps the time they first did.
     */
    async record(placementId: string, readings: readonly LearnerReading[], at: string): Promise<void> {
      for (let i = 0; i < readings.length; i += CHUNK) {
        const rows = readings.slice(i, i + CHUNK).map((x) => ({
          placement_id: placementId,
          user_id: x.userId,
          email: x.email,
          name: x.name,
          score: x.score,
          maximum: x.maximum,
          status: (x.qualified ? (x.email ? 'qualified' : 'no_email') : 'not_yet') as LtiLearnerStatus,
          award_id: null,
          message: null,
          qualified_at: x.qualified ? at : null,
          updated_at: at,
        }));
        await db
          .insertInto('lti_learners')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['placement_id', 'user_id']).doUpdateSet({
              email: sql`coalesce(excluded.email, lti_learners.email)`,
              name: sql`coalesce(excluded.name, lti_learners.name)`,
              score: sql`excluded.score`,
              maximum: sql`excluded.maximum`,
              status: sql`case when lti_learners.status in (${sql.join(SETTLED.map((s) => sql.lit(s)))}) then lti_learners.status else excluded.status end`,
              message: sql`case when lti_learners.status in (${sql.join(SETTLED.map((s) => sql.lit(s)))}) then lti_learners.message else null end`,
              qualified_at: sql`coalesce(lti_learners.qualified_at, excluded.qualified_at)`,
              updated_at: sql`excluded.updated_at`,
            }),
          )
          .execute();
      }
    },
    async find(placementId: string, userId: string): Promise<LtiLearner | undefined> {
      const r = await db.selectFrom('lti_learners').selectAll().where('placement_id', '=', placementId).where('user_id', '=', userId).executeTakeFirst();
      return r && toLearner(r);
    },
    /** One page of a placement's students, qualified first, then by name. */
    async page(placementId: string, opts: { status?: LtiLearnerStatus | undefined; limit: number; offset: number }): Promise<LtiLearner[]> {
      let q = db.selectFrom('lti_learners').selectAll().where('placement_id', '=', placementId);
      if (opts.status) q = q.where('status', '=', opts.status);
      const order = sql`case status when 'qualified' then 0 when 'no_email' then 1 when 'failed' then 2 when 'awarded' then 3 when 'held' then 4 else 5 end`;
      return (await q.orderBy(order).orderBy('name').orderBy('user_id').limit(opts.limit).offset(opts.offset).execute()).map(toLearner);
    },
    async counts(placementId: string): Promise<Record<LtiLearnerStatus, number>> {
      const rows = await db.selectFrom('lti_learners').select(['status', (eb) => eb.fn.countAll<string | number>().as('n')]).where('placement_id', '=', placementId).groupBy('status').execute();
      const out: Record<LtiLearnerStatus, number> = { not_yet: 0, qualified: 0, awarded: 0, held: 0, no_email: 0, failed: 0 };
      for (const r of rows) out[r.status] = Number(r.n);
      return out;
    },
    /** The students of each placement of a platform, by status (the administrator's list of placements). */
    async countsByPlacement(platformId: string): Promise<Map<string, Record<LtiLearnerStatus, number>>> {
      const rows = await db
        .selectFrom('lti_learners')
        .innerJoin('lti_placements', 'lti_placements.id', 'lti_learners.placement_id')
        .select(['lti_learners.placement_id as placementId', 'lti_learners.status as status', (eb) => eb.fn.countAll<string | number>().as('n')])
        .where('lti_placements.platform_id', '=', platformId)
        .groupBy(['lti_learners.placement_id', 'lti_learners.status'])
        .execute();
      const out = new Map<string, Record<LtiLearnerStatus, number>>();
      for (const r of rows) {
        const c = out.get(r.placementId) ?? { not_yet: 0, qualified: 0, awarded: 0, held: 0, no_email: 0, failed: 0 };
        c[r.status] = Number(r.n);
        out.set(r.placementId, c);
      }
      return out;
    },
    /** Students who qualified and have not been awarded here (all of them, or the ones named). */
    async awaitingAward(placementId: string, userIds?: readonly string[]): Promise<LtiLearner[]> {
      if (userIds && userIds.length === 0) return [];
      let q = db.selectFrom('lti_learners').selectAll().where('placement_id', '=', placementId).where('status', 'in', ['qualified', 'failed']).where('award_id', 'is', null);
      if (userIds) q = q.where('user_id', 'in', [...userIds]);
      return (await q.orderBy('user_id').execute()).map(toLearner);
    },
    /** Marks students awarded with their awards' ids, one statement per chunk; never replaces an award. */
    async settleAwarded(placementId: string, rows: readonly { userId: string; awardId: string }[], at: string): Promise<void> {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        if (chunk.length === 0) continue;
        const awardOf = sql<string>`case user_id ${sql.join(chunk.map((x) => sql`when ${x.userId} then ${x.awardId}`), sql` `)} end`;
        await db
          .updateTable('lti_learners')
          .set({ status: 'awarded', award_id: awardOf, message: null, updated_at: at })
          .where('placement_id', '=', placementId)
          .where('user_id', 'in', chunk.map((x) => x.userId))
          .where('award_id', 'is', null)
          .execute();
      }
    },
    /** Settles a student after an issuing attempt; never undoes an award. */
    async settle(placementId: string, userId: string, s: { status: LtiLearnerStatus; awardId: string | null; message: string | null; at: string }): Promise<void> {
      await db
        .updateTable('lti_learners')
        .set({ status: s.status, award_id: s.awardId, message: s.message, updated_at: s.at })
        .where('placement_id', '=', placementId)
        .where('user_id', '=', userId)
        .where('award_id', 'is', null)
        .execute();
    },
  };
}

export type LtiRuleFields = Omit<LtiAwardRule, 'updatedBy'> & { readonly updatedBy: string | null };

export function ltiPlacementRulesRepo(db: Executor) {
  return {
    async setRule(id: string, rule: LtiRuleFields, at: string): Promise<void> {
      await db
        .updateTable('lti_placements')
        .set({ rule_kind: rule.kind, rule_threshold: rule.threshold, line_item_url: rule.lineItemUrl, line_item_label: rule.lineItemLabel, auto_issue: rule.autoIssue ? 1 : 0, rule_updated_by: rule.updatedBy, updated_at: at })
        .where('id', '=', id)
        .execute();
    },
    /** What an instructor's launch says of the course's services (they may change: a course copied, scopes granted). */
    async setServices(id: string, s: { lineItemsUrl: string | null; membershipsUrl: string | null; agsScopes: readonly string[] }): Promise<void> {
      await db
        .updateTable('lti_placements')
        .set({ lineitems_url: s.lineItemsUrl, memberships_url: s.membershipsUrl, ags_scopes: s.agsScopes.join(' ') || null })
        .where('id', '=', id)
        .execute();
    },
    async requestCheck(id: string, at: string): Promise<void> {
      await db.updateTable('lti_placements').set({ check_requested_at: at, check_error: null }).where('id', '=', id).execute();
    },
    async finishCheck(id: string, s: { at: string; error: string | null }): Promise<void> {
      await db.updateTable('lti_placements').set(s.error === null ? { checked_at: s.at, check_error: null } : { check_error: s.error }).where('id', '=', id).execute();
    },
    /** Placements that issue on their own, on active platforms: the hourly check reads their results. */
    async automatic(): Promise<string[]> {
      return (
        await db
          .selectFrom('lti_placements')
          .innerJoin('lti_platforms', 'lti_platforms.id', 'lti_placements.platform_id')
          .select('lti_placements.id')
          .where('lti_placements.rule_kind', '!=', 'none')
          .where('lti_placements.auto_issue', '=', 1)
          .where('lti_platforms.status', '=', 'active')
          .orderBy('lti_placements.id')
          .execute()
      ).map((r) => r.id);
    },
  };
}

export interface LtiFrameSession {
  readonly id: string;
  readonly browserHash: string | null;
  readonly placementId: string;
  readonly role: 'instructor' | 'learner';
  readonly subject: string;
  readonly email: string | null;
  readonly name: string | null;
  /** Origins that may frame the session's pages (the platform's, and the page the launch came from). */
  readonly frameOrigins: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string;
}

function toSession(r: Selectable<LtiFrameSessionsTable>): LtiFrameSession {
  return { id: r.id, browserHash: r.browser_hash, placementId: r.placement_id, role: r.role, subject: r.subject, email: r.email, name: r.name, frameOrigins: r.frame_origins ? r.frame_origins.split(' ') : [], createdAt: r.created_at, expiresAt: r.expires_at };
}

export function ltiFrameSessionsRepo(db: Executor) {
  return {
    async insert(s: Omit<LtiFrameSession, 'createdAt'> & { tokenHash: string; at: string }): Promise<void> {
      await db
        .insertInto('lti_frame_sessions')
        .values({ id: s.id, token_hash: s.tokenHash, browser_hash: s.browserHash, placement_id: s.placementId, role: s.role, subject: s.subject, email: s.email, name: s.name, frame_origins: s.frameOrigins.join(' '), created_at: s.at, expires_at: s.expiresAt })
        .execute();
    },
    async findByToken(tokenHash: string): Promise<LtiFrameSession | undefined> {
      const r = await db.selectFrom('lti_frame_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && toSession(r);
    },
    async deleteExpired(now: string): Promise<void> {
      await db.deleteFrom('lti_frame_sessions').where('expires_at', '<=', now).execute();
    },
  };
}
