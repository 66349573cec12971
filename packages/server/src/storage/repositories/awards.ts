// Awards (issued badges): writes, lookups by id / claim token / batch row / recipient, counts per badge
// class, an earner's portfolio and expiry reminders. The issuer's register, bulk batches, earners' emails, idempotency keys and external badges have their own repositories.
import { sql, type Selectable } from 'kysely';
import type { AwardsTable } from '../schema.ts';
import { insertAwardTerms } from './award-terms.ts';
import { rowsPerInsert, type Executor } from './types.ts';
import { atomically, awardRollups } from './rollups.ts';

export type AwardRow = Selectable<AwardsTable>;

/** Every column but the stored VC-JWTs (~12 KB an award): lists and lookups do not carry them; `jwts` reads them. */
export const AWARD_COLUMNS = [
  'id', 'organization_id', 'badge_class_id', 'credential_id', 'recipient_email', 'recipient_name', 'issuer_earner_id', 'earner_user_id',
  'issued_at', 'expires_at', 'evidence_url', 'evidence_narrative', 'claim_state', 'claim_sent_at', 'claimed_at', 'visibility', 'revoked_at',
  'revocation_reason', 'suspended_at', 'suspension_reason', 'status_list_seq', 'status_index', 'credential', 'claim_token_hash', 'batch_id',
  'batch_row', 'reminder_sent_at', 'notify', 'created_by', 'created_at', 'updated_at',
] as const satisfies readonly (keyof AwardsTable)[];
type ReadRow = Omit<AwardRow, 'jwt_rs256' | 'jwt_es256'>;
export type ClaimState = AwardsTable['claim_state'];

export interface Award {
  readonly id: string;
  readonly organizationId: string;
  readonly badgeClassId: string;
  readonly credentialId: string;
  readonly recipientEmail: string;
  readonly recipientName: string;
  readonly issuerEarnerId: string | null;
  readonly earnerUserId: string | null;
  readonly issuedAt: string;
  readonly expiresAt: string | null;
  readonly evidenceUrl: string | null;
  readonly evidenceNarrative: string | null;
  readonly claimState: ClaimState;
  readonly claimedAt: string | null;
  readonly visibility: 'private' | 'public';
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
  readonly suspendedAt: string | null;
  readonly suspensionReason: string | null;
  readonly statusListSeq: number;
  readonly statusIndex: number;
  /** The signed credential exactly as signed. */
  readonly credential: string;
  /**
   * The award's VC-JWTs, signed once (at award time, or on the first download for awards from before
   * 0015). Set on an award just issued; reads leave them out (repository `jwts` reads them).
   */
  readonly jwtRs256?: string | null;
  readonly jwtEs256?: string | null;
  readonly claimTokenHash: string;
  /** When the current claim link was emailed; null (or absent) for awards from before links expired. */
  readonly claimSentAt?: string | null;
  readonly batchId: string | null;
  readonly batchRow: number | null;
  readonly reminderSentAt: string | null;
  readonly notify: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function rowToAward(r: ReadRow): Award {
  return {
    id: r.id,
    organizationId: r.organization_id,
    badgeClassId: r.badge_class_id,
    credentialId: r.credential_id,
    recipientEmail: r.recipient_email,
    recipientName: r.recipient_name,
    issuerEarnerId: r.issuer_earner_id,
    earnerUserId: r.earner_user_id,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    evidenceUrl: r.evidence_url,
    evidenceNarrative: r.evidence_narrative,
    claimState: r.claim_state,
    claimedAt: r.claimed_at,
    visibility: r.visibility,
    revokedAt: r.revoked_at,
    revocationReason: r.revocation_reason,
    suspendedAt: r.suspended_at,
    suspensionReason: r.suspension_reason,
    statusListSeq: Number(r.status_list_seq),
    statusIndex: Number(r.status_index),
    credential: r.credential,
    claimTokenHash: r.claim_token_hash,
    claimSentAt: r.claim_sent_at,
    batchId: r.batch_id,
    batchRow: r.batch_row === null ? null : Number(r.batch_row),
    reminderSentAt: r.reminder_sent_at,
    notify: Number(r.notify) === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function awardToRow(a: Award): AwardRow {
  return {
    id: a.id,
    organization_id: a.organizationId,
    badge_class_id: a.badgeClassId,
    credential_id: a.credentialId,
    recipient_email: a.recipientEmail,
    recipient_name: a.recipientName,
    issuer_earner_id: a.issuerEarnerId,
    earner_user_id: a.earnerUserId,
    issued_at: a.issuedAt,
    expires_at: a.expiresAt,
    evidence_url: a.evidenceUrl,
    evidence_narrative: a.evidenceNarrative,
    claim_state: a.claimState,
    claimed_at: a.claimedAt,
    visibility: a.visibility,
    revoked_at: a.revokedAt,
    revocation_reason: a.revocationReason,
    suspended_at: a.suspendedAt,
    suspension_reason: a.suspensionReason,
    status_list_seq: a.statusListSeq,
    status_index: a.statusIndex,
    credential: a.credential,
    jwt_rs256: a.jwtRs256 ?? null,
    jwt_es256: a.jwtEs256 ?? null,
    claim_token_hash: a.claimTokenHash,
    claim_sent_at: a.claimSentAt ?? null,
    batch_id: a.batchId,
    batch_row: a.batchRow,
    reminder_sent_at: a.reminderSentAt,
    notify: a.notify ? 1 : 0,
    created_by: a.createdBy,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

export type AwardStatusFilter = 'pending' | 'accepted' | 'declined' | 'revoked' | 'suspended' | 'expired' | 'active';

export interface BadgeClassCounts {
  readonly issued: number;
  readonly accepted: number;
  readonly pending: number;
  readonly declined: number;
  readonly revoked: number;
}

/** Inserts (with the award's search terms: call them in a transaction) and state changes. */
function awardWrites(db: Executor) {
  // A state change and the move of the award's report counts, in one transaction.
  const tracked = <T>(id: string, fn: (x: Executor) => Promise<T>) => atomically(db, (x) => awardRollups(x).changed(id, () => fn(x)));
  return {
    async insert(a: Award): Promise<void> {
      const row = awardToRow(a);
      await atomically(db, async (x) => {
        await x.insertInto('awards').values(row).execute();
        await insertAwardTerms(x, [a]);
        await awardRollups(x).added([row]);
      });
    },
    async insertMany(awards: readonly Award[]): Promise<void> {
      await atomically(db, async (x) => {
        const rows = awards.map(awardToRow);
        const n = rowsPerInsert(Object.keys(rows[0] ?? { id: 1 }).length);
        for (let i = 0; i < rows.length; i += n) await x.insertInto('awards').values(rows.slice(i, i + n)).execute();
        await insertAwardTerms(x, awards);
        await awardRollups(x).added(rows);
      });
    },
    /** The award's stored VC-JWTs; undefined when it has none yet (an award from before 0015 never downloaded). */
    async jwts(id: string): Promise<{ rs256: string; es256: string } | undefined> {
      const r = await db.selectFrom('awards').select(['jwt_rs256', 'jwt_es256']).where('id', '=', id).executeTakeFirst();
      return r?.jwt_rs256 && r.jwt_es256 ? { rs256: r.jwt_rs256, es256: r.jwt_es256 } : undefined;
    },
    /** Stores the VC-JWTs of an award from before 0015, unless another request stored them first (false then). */
    async storeJwts(id: string, jwt: { rs256: string; es256: string }): Promise<boolean> {
      const r = await db.updateTable('awards').set({ jwt_rs256: jwt.rs256, jwt_es256: jwt.es256 }).where('id', '=', id).where('jwt_rs256', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async setRevoked(id: string, at: string, reason: string): Promise<boolean> {
      const r = await tracked(id, (x) => x.updateTable('awards').set({ revoked_at: at, revocation_reason: reason, updated_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst());
      return Number(r.numUpdatedRows) === 1;
    },
    async setSuspended(id: string, at: string | null, reason: string | null): Promise<boolean> {
      const r = await tracked(id, (x) => {
        const q = x.updateTable('awards').set({ suspended_at: at, suspension_reason: reason, updated_at: at ?? new Date().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null);
        return (at ? q.where('suspended_at', 'is', null) : q.where('suspended_at', 'is not', null)).executeTakeFirst();
      });
      return Number(r.numUpdatedRows) === 1;
    },
    async setClaim(id: string, p: { state: ClaimState; userId: string | null; at: string }): Promise<void> {
      await tracked(id, (x) => x.updateTable('awards').set({ claim_state: p.state, earner_user_id: p.userId, claimed_at: p.at, updated_at: p.at }).where('id', '=', id).execute());
    },
    /** A new claim link: the old token stops working. False when the award's link changed meanwhile. */
    async replaceClaimToken(id: string, p: { oldHash: string; newHash: string; at: string }): Promise<boolean> {
      const r = await db.updateTable('awards').set({ claim_token_hash: p.newHash, claim_sent_at: p.at, updated_at: p.at }).where('id', '=', id).where('claim_token_hash', '=', p.oldHash).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async setVisibility(id: string, visibility: 'private' | 'public', at: string): Promise<void> {
      await tracked(id, (x) => x.updateTable('awards').set({ visibility, updated_at: at }).where('id', '=', id).execute());
    },
    /** Marks up to `limit` awards expiring before `before` as reminded and returns them (mark-then-send). */
    async takeExpiring(now: string, before: string, limit: number): Promise<Award[]> {
      const rows = await db
        .selectFrom('awards')
        .select('id')
        .where('expires_at', '>', now)
        .where('expires_at', '<=', before)
        .where('reminder_sent_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('claim_state', '!=', 'declined')
        .limit(limit)
        .execute();
      const out: Award[] = [];
      for (const { id } of rows) {
        const r = await db.updateTable('awards').set({ reminder_sent_at: now }).where('id', '=', id).where('reminder_sent_at', 'is', null).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) continue;
        const a = await db.selectFrom('awards').select(AWARD_COLUMNS).where('id', '=', id).executeTakeFirst();
        if (a) out.push(rowToAward(a));
      }
      return out;
    },
  };
}

/** One award, or the awards of one batch or recipient. */
function awardLookups(db: Executor) {
  return {
    /** The awards already issued for these rows of a batch (a crashed run may have committed some). */
    async forBatchRows(batchId: string, rows: readonly number[]): Promise<Award[]> {
      const out: Award[] = [];
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        if (chunk.length) out.push(...(await db.selectFrom('awards').select(AWARD_COLUMNS).where('batch_id', '=', batchId).where('batch_row', 'in', chunk).execute()).map(rowToAward));
      }
      return out;
    },
    /** Live awards of a badge class to any of these emails or issuer earner ids (one query for a chunk). */
    async liveFor(badgeClassId: string, emails: readonly string[], earnerIds: readonly string[]): Promise<Award[]> {
      if (emails.length === 0 && earnerIds.length === 0) return [];
      const rows = await db
        .selectFrom('awards')
        .select(AWARD_COLUMNS)
        .where('badge_class_id', '=', badgeClassId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([...(emails.length ? [eb('recipient_email', 'in', emails)] : []), ...(earnerIds.length ? [eb('issuer_earner_id', 'in', earnerIds)] : [])]))
        .execute();
      return rows.map(rowToAward);
    },
    async findById(id: string): Promise<Award | undefined> {
      const r = await db.selectFrom('awards').select(AWARD_COLUMNS).where('id', '=', id).executeTakeFirst();
      return r && rowToAward(r);
    },
    async findByIds(ids: readonly string[]): Promise<Award[]> {
      const out: Award[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        if (chunk.length) out.push(...(await db.selectFrom('awards').select(AWARD_COLUMNS).where('id', 'in', chunk).execute()).map(rowToAward));
      }
      return out;
    },
    async findByClaimToken(hash: string): Promise<Award | undefined> {
      const r = await db.selectFrom('awards').select(AWARD_COLUMNS).where('claim_token_hash', '=', hash).executeTakeFirst();
      return r && rowToAward(r);
    },
    async findByBatchRow(batchId: string, row: number): Promise<Award | undefined> {
      const r = await db.selectFrom('awards').select(AWARD_COLUMNS).where('batch_id', '=', batchId).where('batch_row', '=', row).executeTakeFirst();
      return r && rowToAward(r);
    },
    /** The live (not revoked) award of a badge class to this email or issuer earner id, if any. */
    async findLive(badgeClassId: string, email: string, issuerEarnerId: string | null): Promise<Award | undefined> {
      const r = await db
        .selectFrom('awards')
        .select(AWARD_COLUMNS)
        .where('badge_class_id', '=', badgeClassId)
        .where('revoked_at', 'is', null)
        .where((eb) => (issuerEarnerId ? eb.or([eb('recipient_email', '=', email), eb('issuer_earner_id', '=', issuerEarnerId)]) : eb('recipient_email', '=', email)))
        .executeTakeFirst();
      return r && rowToAward(r);
    },
    /** Emails among `emails` that already hold a live award of the badge class (bulk preview). */
    async liveEmails(badgeClassId: string, emails: readonly string[]): Promise<Set<string>> {
      const out = new Set<string>();
      for (let i = 0; i < emails.length; i += 500) {
        const chunk = emails.slice(i, i + 500);
        if (chunk.length === 0) continue;
        const rows = await db.selectFrom('awards').select('recipient_email').where('badge_class_id', '=', badgeClassId).where('revoked_at', 'is', null).where('recipient_email', 'in', chunk).execute();
        for (const r of rows) out.add(r.recipient_email);
      }
      return out;
    },
  };
}

/** Counts per badge class and an earner's portfolio (the issuer's register is award-register.ts). */
function awardLists(db: Executor) {
  return {
    /**
     * Counts per badge class, read from the award rollup (report_award_months, kept in each award write's
     * transaction), so a dashboard never scans awards. Claim states count every award in that state,
     * revoked or not; `revoked` counts the revoked ones.
     */
    async countsByBadgeClass(organizationId: string): Promise<Map<string, BadgeClassCounts>> {
      const sum = (c: 'issued' | 'accepted' | 'pending' | 'declined' | 'revoked') => sql<string | number>`sum(${sql.ref(c)})`.as(c);
      const rows = await db
        .selectFrom('report_award_months')
        .select(['badge_class_id', sum('issued'), sum('accepted'), sum('pending'), sum('declined'), sum('revoked')])
        .where('organization_id', '=', organizationId)
        .where('badge_class_id', '!=', '*')
        .groupBy('badge_class_id')
        .execute();
      return new Map(rows.map((r) => [r.badge_class_id, { issued: Number(r.issued), accepted: Number(r.accepted), pending: Number(r.pending), declined: Number(r.declined), revoked: Number(r.revoked) }]));
    },
    /** Awards sent to any of these emails or claimed by this user: one person's portfolio. */
    async forEarner(userId: string, emails: readonly string[]): Promise<Award[]> {
      const rows = await db
        .selectFrom('awards')
        .select(AWARD_COLUMNS)
        .where((eb) => (emails.length ? eb.or([eb('earner_user_id', '=', userId), eb('recipient_email', 'in', emails)]) : eb('earner_user_id', '=', userId)))
        .orderBy('issued_at', 'desc')
        .execute();
      // An award claimed by someone else (another account that proved the address) is theirs, not ours.
      return rows.map(rowToAward).filter((a) => a.earnerUserId === null || a.earnerUserId === userId);
    },
    async publicForEarner(userId: string): Promise<Award[]> {
      const rows = await db.selectFrom('awards').select(AWARD_COLUMNS).where('earner_user_id', '=', userId).where('visibility', '=', 'public').where('claim_state', '=', 'accepted').orderBy('issued_at', 'desc').execute();
      return rows.map(rowToAward);
    },
    async countForOrganization(organizationId: string): Promise<number> {
      const r = await db.selectFrom('awards').select((eb) => eb.fn.countAll<string | number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
      return Number(r.n);
    },

  };
}

export function awardsRepo(db: Executor) {
  return { ...awardWrites(db), ...awardLookups(db), ...awardLists(db) };
}
