// The award register: an institution's awards searched and filtered, newest first, read by keyset
// (created_at, id) so a page boundary stays put while awards are issued meanwhile. The page, the API
// (GET /api/v1/awards) and the CSV export all read it.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../schema.ts';
import { AWARD_COLUMNS, rowToAward, type Award, type AwardStatusFilter } from './awards.ts';
import { escapeLike, type Executor } from './types.ts';

export interface RegisterFilter {
  readonly organizationId: string;
  readonly badgeClassId?: string | undefined;
  /** Recipient name or email (contains, any case), issuer earner id, award id or credential id (exact). */
  readonly q?: string | undefined;
  readonly status?: AwardStatusFilter | undefined;
  /** Inclusive lower and exclusive upper bounds, ISO 8601 strings compared as stored. */
  readonly issuedFrom?: string | undefined;
  readonly issuedBefore?: string | undefined;
  readonly expiresFrom?: string | undefined;
  readonly expiresBefore?: string | undefined;
  readonly now: string;
}

/** A position in the register: the (created_at, id) of the last (or first) row seen. */
export interface RegisterKey {
  readonly createdAt: string;
  readonly id: string;
}

type AwardQuery = SelectQueryBuilder<Database, 'awards', object>;

/** Each status as awardStatus (domain/issuance/manage-awards.ts) decides it: revoked, then suspended, then expired, then the claim. */
function statusFilter(q: AwardQuery, status: AwardStatusFilter | undefined, now: string): AwardQuery {
  if (!status) return q;
  if (status === 'revoked') return q.where('revoked_at', 'is not', null);
  const live = q.where('revoked_at', 'is', null);
  if (status === 'suspended') return live.where('suspended_at', 'is not', null);
  const standing = live.where('suspended_at', 'is', null);
  if (status === 'expired') return standing.where('expires_at', '<=', now);
  const current = standing.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  // active: any claim state (an unclaimed or declined award still verifies).
  return status === 'active' ? current : current.where('claim_state', '=', status);
}

const UUID = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

/**
 * The search: an award or credential id, or a whole email address, is looked up exactly (indexed);
 * anything else also matches inside the recipient's name or email (any case) — a scan of the
 * institution's awards — or exactly an issuer earner id.
 */
function searchTerm(text: string) {
  return (eb: ExpressionBuilder<Database, 'awards'>) => {
    const uuid = UUID.exec(text)?.[1]?.toLowerCase();
    if (uuid) return eb.or([eb('id', '=', uuid), eb('credential_id', '=', `urn:uuid:${uuid}`), eb('issuer_earner_id', '=', text)]);
    // Recipient emails are stored in lower case.
    if (EMAIL.test(text)) return eb.or([eb('recipient_email', '=', text.toLowerCase()), eb('issuer_earner_id', '=', text)]);
    const like = `%${escapeLike(text.toLowerCase())}%`;
    return eb.or([
      eb(sql<string>`lower(recipient_email)`, 'like', sql<string>`${like} escape '\\'`),
      eb(sql<string>`lower(recipient_name)`, 'like', sql<string>`${like} escape '\\'`),
      eb('issuer_earner_id', '=', text),
      eb('credential_id', '=', text),
    ]);
  };
}

function registerFiltered(base: AwardQuery, f: RegisterFilter): AwardQuery {
  let q = base.where('organization_id', '=', f.organizationId);
  if (f.badgeClassId) q = q.where('badge_class_id', '=', f.badgeClassId);
  if (f.q) q = q.where(searchTerm(f.q));
  if (f.issuedFrom) q = q.where('issued_at', '>=', f.issuedFrom);
  if (f.issuedBefore) q = q.where('issued_at', '<', f.issuedBefore);
  if (f.expiresFrom) q = q.where('expires_at', '>=', f.expiresFrom);
  if (f.expiresBefore) q = q.where('expires_at', '<', f.expiresBefore);
  return statusFilter(q, f.status, f.now);
}

const olderThan = (k: RegisterKey) => (eb: ExpressionBuilder<Database, 'awards'>) =>
  eb.or([eb('created_at', '<', k.createdAt), eb.and([eb('created_at', '=', k.createdAt), eb('id', '<', k.id)])]);
const newerThan = (k: RegisterKey) => (eb: ExpressionBuilder<Database, 'awards'>) =>
  eb.or([eb('created_at', '>', k.createdAt), eb.and([eb('created_at', '=', k.createdAt), eb('id', '>', k.id)])]);

export function awardRegisterRepo(db: Executor) {
  return {
    /**
     * Up to `limit` awards, newest first: after `after` (older rows, the next page) or, with `before`,
     * the rows just newer than it (the previous page), still returned newest first.
     */
    async page(f: RegisterFilter, at: { after?: RegisterKey | undefined; before?: RegisterKey | undefined; limit: number }): Promise<Award[]> {
      let q = registerFiltered(db.selectFrom('awards'), f);
      if (at.before) {
        const rows = await q.where(newerThan(at.before)).select(AWARD_COLUMNS).orderBy('created_at', 'asc').orderBy('id', 'asc').limit(at.limit).execute();
        return rows.reverse().map(rowToAward);
      }
      if (at.after) q = q.where(olderThan(at.after));
      const rows = await q.select(AWARD_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(at.limit).execute();
      return rows.map(rowToAward);
    },
    async count(f: RegisterFilter): Promise<number> {
      const r = await registerFiltered(db.selectFrom('awards'), f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
