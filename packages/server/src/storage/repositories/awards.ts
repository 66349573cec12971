// Awards (issued badges), bulk issue batches with their rows, earners' extra emails, API idempotency
// keys and imported external badges.
import { sql, type Selectable } from 'kysely';
import type { AwardsTable, ExternalBadgesTable, IssueBatchesTable, IssueBatchRowsTable } from '../schema.ts';
import { escapeLike, type Executor, type Page } from './types.ts';

export type AwardRow = Selectable<AwardsTable>;
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
  readonly claimTokenHash: string;
  readonly batchId: string | null;
  readonly batchRow: number | null;
  readonly reminderSentAt: string | null;
  readonly notify: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function rowToAward(r: AwardRow): Award {
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
    claim_token_hash: a.claimTokenHash,
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

export interface AwardFilter {
  organizationId: string;
  badgeClassId?: string | undefined;
  q?: string | undefined;
  status?: AwardStatusFilter | undefined;
  now: string;
  page: number;
  perPage: number;
}

export interface BadgeClassCounts {
  readonly issued: number;
  readonly accepted: number;
  readonly pending: number;
  readonly declined: number;
  readonly revoked: number;
}

export function awardsRepo(db: Executor) {
  return {
    async insert(a: Award): Promise<void> {
      await db.insertInto('awards').values(awardToRow(a)).execute();
    },
    async insertMany(awards: readonly Award[]): Promise<void> {
      for (let i = 0; i < awards.length; i += 100) {
        const chunk = awards.slice(i, i + 100);
        if (chunk.length) await db.insertInto('awards').values(chunk.map(awardToRow)).execute();
      }
    },
    /** The awards already issued for these rows of a batch (a crashed run may have committed some). */
    async forBatchRows(batchId: string, rows: readonly number[]): Promise<Award[]> {
      const out: Award[] = [];
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        if (chunk.length) out.push(...(await db.selectFrom('awards').selectAll().where('batch_id', '=', batchId).where('batch_row', 'in', chunk).execute()).map(rowToAward));
      }
      return out;
    },
    /** Live awards of a badge class to any of these emails or issuer earner ids (one query for a chunk). */
    async liveFor(badgeClassId: string, emails: readonly string[], earnerIds: readonly string[]): Promise<Award[]> {
      if (emails.length === 0 && earnerIds.length === 0) return [];
      const rows = await db
        .selectFrom('awards')
        .selectAll()
        .where('badge_class_id', '=', badgeClassId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([...(emails.length ? [eb('recipient_email', 'in', emails)] : []), ...(earnerIds.length ? [eb('issuer_earner_id', 'in', earnerIds)] : [])]))
        .execute();
      return rows.map(rowToAward);
    },
    async findById(id: string): Promise<Award | undefined> {
      const r = await db.selectFrom('awards').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToAward(r);
    },
    async findByClaimToken(hash: string): Promise<Award | undefined> {
      const r = await db.selectFrom('awards').selectAll().where('claim_token_hash', '=', hash).executeTakeFirst();
      return r && rowToAward(r);
    },
    async findByBatchRow(batchId: string, row: number): Promise<Award | undefined> {
      const r = await db.selectFrom('awards').selectAll().where('batch_id', '=', batchId).where('batch_row', '=', row).executeTakeFirst();
      return r && rowToAward(r);
    },
    /** The live (not revoked) award of a badge class to this email or issuer earner id, if any. */
    async findLive(badgeClassId: string, email: string, issuerEarnerId: string | null): Promise<Award | undefined> {
      const r = await db
        .selectFrom('awards')
        .selectAll()
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
    async setRevoked(id: string, at: string, reason: string): Promise<boolean> {
      const r = await db.updateTable('awards').set({ revoked_at: at, revocation_reason: reason, updated_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async setSuspended(id: string, at: string | null, reason: string | null): Promise<boolean> {
      let q = db.updateTable('awards').set({ suspended_at: at, suspension_reason: reason, updated_at: at ?? new Date().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null);
      q = at ? q.where('suspended_at', 'is', null) : q.where('suspended_at', 'is not', null);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async setClaim(id: string, p: { state: ClaimState; userId: string | null; at: string }): Promise<void> {
      await db.updateTable('awards').set({ claim_state: p.state, earner_user_id: p.userId, claimed_at: p.at, updated_at: p.at }).where('id', '=', id).execute();
    },
    async setVisibility(id: string, visibility: 'private' | 'public', at: string): Promise<void> {
      await db.updateTable('awards').set({ visibility, updated_at: at }).where('id', '=', id).execute();
    },
    async list(f: AwardFilter): Promise<Page<Award>> {
      let q = db.selectFrom('awards').where('organization_id', '=', f.organizationId);
      if (f.badgeClassId) q = q.where('badge_class_id', '=', f.badgeClassId);
      if (f.q) {
        const like = `%${escapeLike(f.q.toLowerCase())}%`;
        q = q.where((eb) => eb.or([eb(sql<string>`lower(recipient_email)`, 'like', sql<string>`${like} escape '\\'`), eb(sql<string>`lower(recipient_name)`, 'like', sql<string>`${like} escape '\\'`), eb('issuer_earner_id', '=', f.q!), eb('id', '=', f.q!)]));
      }
      switch (f.status) {
        case 'pending':
        case 'accepted':
        case 'declined':
          q = q.where('claim_state', '=', f.status).where('revoked_at', 'is', null);
          break;
        case 'revoked':
          q = q.where('revoked_at', 'is not', null);
          break;
        case 'suspended':
          q = q.where('suspended_at', 'is not', null).where('revoked_at', 'is', null);
          break;
        case 'expired':
          q = q.where('expires_at', '<=', f.now).where('revoked_at', 'is', null);
          break;
        case 'active':
          q = q.where('revoked_at', 'is', null).where('suspended_at', 'is', null).where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', f.now)]));
          break;
        default:
      }
      const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.perPage).offset((f.page - 1) * f.perPage).execute();
      return { items: rows.map(rowToAward), total: Number(total.n), page: f.page, perPage: f.perPage };
    },
    async countsByBadgeClass(organizationId: string): Promise<Map<string, BadgeClassCounts>> {
      const rows = await db
        .selectFrom('awards')
        .select([
          'badge_class_id',
          (eb) => eb.fn.countAll<string | number>().as('issued'),
          sql<string | number>`sum(case when revoked_at is null and claim_state = 'accepted' then 1 else 0 end)`.as('accepted'),
          sql<string | number>`sum(case when revoked_at is null and claim_state = 'pending' then 1 else 0 end)`.as('pending'),
          sql<string | number>`sum(case when revoked_at is null and claim_state = 'declined' then 1 else 0 end)`.as('declined'),
          sql<string | number>`sum(case when revoked_at is not null then 1 else 0 end)`.as('revoked'),
        ])
        .where('organization_id', '=', organizationId)
        .groupBy('badge_class_id')
        .execute();
      return new Map(rows.map((r) => [r.badge_class_id, { issued: Number(r.issued), accepted: Number(r.accepted), pending: Number(r.pending), declined: Number(r.declined), revoked: Number(r.revoked) }]));
    },
    /** Awards sent to any of these emails or claimed by this user: one person's portfolio. */
    async forEarner(userId: string, emails: readonly string[]): Promise<Award[]> {
      const rows = await db
        .selectFrom('awards')
        .selectAll()
        .where((eb) => (emails.length ? eb.or([eb('earner_user_id', '=', userId), eb('recipient_email', 'in', emails)]) : eb('earner_user_id', '=', userId)))
        .orderBy('issued_at', 'desc')
        .execute();
      // An award claimed by someone else (another account that proved the address) is theirs, not ours.
      return rows.map(rowToAward).filter((a) => a.earnerUserId === null || a.earnerUserId === userId);
    },
    async publicForEarner(userId: string): Promise<Award[]> {
      const rows = await db.selectFrom('awards').selectAll().where('earner_user_id', '=', userId).where('visibility', '=', 'public').where('claim_state', '=', 'accepted').orderBy('issued_at', 'desc').execute();
      return rows.map(rowToAward);
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
        const a = await db.selectFrom('awards').selectAll().where('id', '=', id).executeTakeFirst();
        if (a) out.push(rowToAward(a));
      }
      return out;
    },
    async countForOrganization(organizationId: string): Promise<number> {
      const r = await db.selectFrom('awards').select((eb) => eb.fn.countAll<string | number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

// ---- Bulk batches ------------------------------------------------------------------------------------

export type IssueBatchRow = Selectable<IssueBatchesTable>;
export type BatchRowStatus = IssueBatchRowsTable['status'];

export interface IssueBatch {
  readonly id: string;
  readonly organizationId: string;
  readonly badgeClassId: string;
  readonly filename: string;
  readonly status: IssueBatchesTable['status'];
  readonly reissue: boolean;
  readonly notify: boolean;
  readonly totalRows: number;
  readonly invalidRows: number;
  readonly createdBy: string | null;
  readonly actor: unknown;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly finishedAt: string | null;
}

function rowToBatch(r: IssueBatchRow): IssueBatch {
  return {
    id: r.id,
    organizationId: r.organization_id,
    badgeClassId: r.badge_class_id,
    filename: r.filename,
    status: r.status,
    reissue: Number(r.reissue) === 1,
    notify: Number(r.notify) === 1,
    totalRows: Number(r.total_rows),
    invalidRows: Number(r.invalid_rows),
    createdBy: r.created_by,
    actor: JSON.parse(r.actor) as unknown,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    finishedAt: r.finished_at,
  };
}

export interface BatchRow {
  readonly rowNumber: number;
  readonly data: Record<string, string>;
  readonly status: BatchRowStatus;
  readonly message: string | null;
  readonly awardId: string | null;
}

export function issueBatchesRepo(db: Executor) {
  return {
    async insert(b: Omit<IssueBatch, 'confirmedAt' | 'finishedAt'>): Promise<void> {
      await db
        .insertInto('issue_batches')
        .values({
          id: b.id,
          organization_id: b.organizationId,
          badge_class_id: b.badgeClassId,
          filename: b.filename,
          status: b.status,
          reissue: b.reissue ? 1 : 0,
          notify: b.notify ? 1 : 0,
          total_rows: b.totalRows,
          invalid_rows: b.invalidRows,
          created_by: b.createdBy,
          actor: JSON.stringify(b.actor),
          created_at: b.createdAt,
          confirmed_at: null,
          finished_at: null,
          updated_at: b.createdAt,
        })
        .execute();
    },
    async insertRows(batchId: string, rows: readonly { rowNumber: number; data: Record<string, string>; status: BatchRowStatus; message: string | null }[], at: string): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200);
        await db
          .insertInto('issue_batch_rows')
          .values(chunk.map((r) => ({ batch_id: batchId, row_number: r.rowNumber, data: JSON.stringify(r.data), status: r.status, message: r.message, award_id: null, updated_at: at })))
          .execute();
      }
    },
    async findById(id: string): Promise<IssueBatch | undefined> {
      const r = await db.selectFrom('issue_batches').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToBatch(r);
    },
    async listForOrganization(organizationId: string, limit = 20): Promise<IssueBatch[]> {
      return (await db.selectFrom('issue_batches').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').limit(limit).execute()).map(rowToBatch);
    },
    /** preview → queued, once: a double-clicked Confirm or two processes confirming queue the work once. */
    async confirm(id: string, at: string, actor: unknown): Promise<boolean> {
      const r = await db.updateTable('issue_batches').set({ status: 'queued', confirmed_at: at, updated_at: at, actor: JSON.stringify(actor) }).where('id', '=', id).where('status', '=', 'preview').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async finishIfComplete(id: string, at: string): Promise<boolean> {
      const pending = await db.selectFrom('issue_batch_rows').select('row_number').where('batch_id', '=', id).where('status', '=', 'pending').limit(1).executeTakeFirst();
      if (pending) return false;
      const r = await db.updateTable('issue_batches').set({ status: 'done', finished_at: at, updated_at: at }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async rows(batchId: string, opts: { from?: number; to?: number; status?: BatchRowStatus | BatchRowStatus[]; limit?: number; offset?: number } = {}): Promise<BatchRow[]> {
      let q = db.selectFrom('issue_batch_rows').selectAll().where('batch_id', '=', batchId);
      if (opts.from !== undefined) q = q.where('row_number', '>=', opts.from);
      if (opts.to !== undefined) q = q.where('row_number', '<=', opts.to);
      if (opts.status) q = Array.isArray(opts.status) ? q.where('status', 'in', opts.status) : q.where('status', '=', opts.status);
      q = q.orderBy('row_number');
      if (opts.limit !== undefined) q = q.limit(opts.limit).offset(opts.offset ?? 0);
      return (await q.execute()).map((r) => ({ rowNumber: Number(r.row_number), data: JSON.parse(r.data) as Record<string, string>, status: r.status, message: r.message, awardId: r.award_id }));
    },
    async countRows(batchId: string, status?: BatchRowStatus | BatchRowStatus[]): Promise<number> {
      let q = db.selectFrom('issue_batch_rows').select((eb) => eb.fn.countAll<string | number>().as('n')).where('batch_id', '=', batchId);
      if (status) q = Array.isArray(status) ? q.where('status', 'in', status) : q.where('status', '=', status);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
    async countsByStatus(batchId: string): Promise<Record<BatchRowStatus, number>> {
      const rows = await db.selectFrom('issue_batch_rows').select(['status', (eb) => eb.fn.countAll<string | number>().as('n')]).where('batch_id', '=', batchId).groupBy('status').execute();
      const out: Record<BatchRowStatus, number> = { invalid: 0, pending: 0, issued: 0, failed: 0 };
      for (const r of rows) out[r.status] = Number(r.n);
      return out;
    },
    /** Marks rows issued, taking each row's award id from the awards table (one statement for a chunk). */
    async settleIssued(batchId: string, rows: readonly number[], at: string): Promise<void> {
      if (rows.length === 0) return;
      await db
        .updateTable('issue_batch_rows')
        .set((eb) => ({
          status: 'issued',
          message: null,
          updated_at: at,
          award_id: eb.selectFrom('awards').select('awards.id').whereRef('awards.batch_id', '=', 'issue_batch_rows.batch_id').whereRef('awards.batch_row', '=', 'issue_batch_rows.row_number').limit(1),
        }))
        .where('batch_id', '=', batchId)
        .where('row_number', 'in', rows)
        .where('status', '=', 'pending')
        .execute();
    },
    /** Settles a pending row; a row already settled (by a crashed run that committed) stays as it is. */
    async settleRow(batchId: string, row: number, p: { status: 'issued' | 'failed'; message: string | null; awardId: string | null; at: string }): Promise<void> {
      await db
        .updateTable('issue_batch_rows')
        .set({ status: p.status, message: p.message, award_id: p.awardId, updated_at: p.at })
        .where('batch_id', '=', batchId)
        .where('row_number', '=', row)
        .where('status', '=', 'pending')
        .execute();
    },
  };
}

// ---- Earners' emails ---------------------------------------------------------------------------------

export interface EarnerEmail {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  readonly verifiedAt: string | null;
  readonly createdAt: string;
}

export function earnerEmailsRepo(db: Executor) {
  const map = (r: { id: string; user_id: string; email: string; verified_at: string | null; created_at: string }): EarnerEmail => ({ id: r.id, userId: r.user_id, email: r.email, verifiedAt: r.verified_at, createdAt: r.created_at });
  return {
    async insert(e: { id: string; userId: string; email: string; tokenHash: string | null; verifiedAt: string | null; at: string }): Promise<void> {
      await db.insertInto('earner_emails').values({ id: e.id, user_id: e.userId, email: e.email, token_hash: e.tokenHash, verified_at: e.verifiedAt, created_at: e.at }).execute();
    },
    async forUser(userId: string): Promise<EarnerEmail[]> {
      return (await db.selectFrom('earner_emails').select(['id', 'user_id', 'email', 'verified_at', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute()).map(map);
    },
    async verifiedOwner(email: string): Promise<string | undefined> {
      const r = await db.selectFrom('earner_emails').select('user_id').where('email', '=', email).where('verified_at', 'is not', null).executeTakeFirst();
      return r?.user_id;
    },
    async findByToken(hash: string): Promise<(EarnerEmail & { tokenHash: string }) | undefined> {
      const r = await db.selectFrom('earner_emails').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      return r ? { ...map(r), tokenHash: r.token_hash! } : undefined;
    },
    async markVerified(id: string, at: string): Promise<void> {
      await db.updateTable('earner_emails').set({ verified_at: at, token_hash: null }).where('id', '=', id).execute();
    },
    async remove(id: string, userId: string): Promise<void> {
      await db.deleteFrom('earner_emails').where('id', '=', id).where('user_id', '=', userId).execute();
    },
  };
}

// ---- API idempotency keys ----------------------------------------------------------------------------

export function idempotencyRepo(db: Executor) {
  return {
    async find(scope: string, key: string): Promise<{ requestHash: string; statusCode: number | null; response: string | null } | undefined> {
      const r = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
      return r && { requestHash: r.request_hash, statusCode: r.status_code === null ? null : Number(r.status_code), response: r.response };
    },
    /** Reserves the key; false when someone else holds it already. */
    async reserve(scope: string, key: string, requestHash: string, at: string): Promise<boolean> {
      const r = await db.insertInto('idempotency_keys').values({ scope, key, request_hash: requestHash, status_code: null, response: null, created_at: at }).onConflict((oc) => oc.columns(['scope', 'key']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async complete(scope: string, key: string, statusCode: number, response: string): Promise<void> {
      await db.updateTable('idempotency_keys').set({ status_code: statusCode, response }).where('scope', '=', scope).where('key', '=', key).execute();
    },
    async release(scope: string, key: string): Promise<void> {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status_code', 'is', null).execute();
    },
  };
}

// ---- External (imported) badges -----------------------------------------------------------------------

export type ExternalBadgeRow = Selectable<ExternalBadgesTable>;

export interface ExternalBadge {
  readonly id: string;
  readonly userId: string;
  readonly format: string;
  readonly version: string;
  readonly name: string;
  readonly issuerName: string;
  readonly issuedAt: string | null;
  readonly expiresAt: string | null;
  readonly outcome: string;
  readonly report: unknown;
  readonly credential: string;
  readonly visibility: 'private' | 'public';
  readonly createdAt: string;
}

export function externalBadgesRepo(db: Executor) {
  const map = (r: ExternalBadgeRow): ExternalBadge => ({
    id: r.id,
    userId: r.user_id,
    format: r.format,
    version: r.version,
    name: r.name,
    issuerName: r.issuer_name,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    outcome: r.outcome,
    report: JSON.parse(r.report) as unknown,
    credential: r.credential,
    visibility: r.visibility,
    createdAt: r.created_at,
  });
  return {
    async insert(e: ExternalBadge): Promise<void> {
      await db
        .insertInto('external_badges')
        .values({ id: e.id, user_id: e.userId, format: e.format, version: e.version, name: e.name, issuer_name: e.issuerName, issued_at: e.issuedAt, expires_at: e.expiresAt, outcome: e.outcome, report: JSON.stringify(e.report), credential: e.credential, visibility: e.visibility, created_at: e.createdAt })
        .execute();
    },
    async forUser(userId: string): Promise<ExternalBadge[]> {
      return (await db.selectFrom('external_badges').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute()).map(map);
    },
  };
}
