// Passkeys (WebAuthn credentials) and the short-lived challenges of their registration and sign-in
// ceremonies. Counter updates and challenge use are conditional updates, so two racing requests cannot
// both spend one challenge or both move a counter from the same value.
import { isUniqueViolation, type Executor } from './types.ts';

export interface PasskeyRecord {
  /** The credential id, base64url. */
  readonly id: string;
  readonly userId: string;
  /** COSE public key, base64url. */
  readonly publicKey: string;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly deviceType: string;
  readonly backedUp: boolean;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export type ChallengePurpose = 'register' | 'authenticate';

type Row = {
  id: string;
  user_id: string;
  public_key: string;
  counter: number | string;
  transports: string;
  device_type: string;
  backed_up: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
};

function transportsOf(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function rowToPasskey(r: Row): PasskeyRecord {
  return {
    id: r.id,
    userId: r.user_id,
    publicKey: r.public_key,
    counter: Number(r.counter),
    transports: transportsOf(r.transports),
    deviceType: r.device_type,
    backedUp: Number(r.backed_up) === 1,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  };
}

export function passkeysRepo(db: Executor) {
  return {
    async listForUser(userId: string): Promise<PasskeyRecord[]> {
      const rows = await db.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
      return rows.map(rowToPasskey);
    },
    async find(id: string): Promise<PasskeyRecord | undefined> {
      const r = await db.selectFrom('webauthn_credentials').selectAll().where('id', '=', id).executeTakeFirst();
      return r && rowToPasskey(r);
    },
    async countForUser(userId: string): Promise<number> {
      const r = await db.selectFrom('webauthn_credentials').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    /** False when this credential id is already registered (to anyone). */
    async insert(p: Omit<PasskeyRecord, 'lastUsedAt'>): Promise<boolean> {
      try {
        await db
          .insertInto('webauthn_credentials')
          .values({
            id: p.id,
            user_id: p.userId,
            public_key: p.publicKey,
            counter: p.counter,
            transports: JSON.stringify(p.transports),
            device_type: p.deviceType,
            backed_up: p.backedUp ? 1 : 0,
            name: p.name,
            created_at: p.createdAt,
            last_used_at: null,
          })
          .execute();
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    async rename(userId: string, id: string, name: string): Promise<boolean> {
      const res = await db.updateTable('webauthn_credentials').set({ name }).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async remove(userId: string, id: string): Promise<boolean> {
      const res = await db.deleteFrom('webauthn_credentials').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },
    /** Every passkey and pending ceremony of a user (an administrator's reset); returns how many passkeys. */
    async removeAllForUser(userId: string): Promise<number> {
      await db.deleteFrom('webauthn_challenges').where('user_id', '=', userId).execute();
      const res = await db.deleteFrom('webauthn_credentials').where('user_id', '=', userId).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
    /**
     * Records an accepted assertion: the new counter and when. Only from the counter the check was made
     * against, so of two assertions verified at once only one moves it (false for the other).
     */
    async recordUse(u: { id: string; fromCounter: number; counter: number; backedUp: boolean; at: string }): Promise<boolean> {
      const res = await db
        .updateTable('webauthn_credentials')
        .set({ counter: u.counter, backed_up: u.backedUp ? 1 : 0, last_used_at: u.at })
        .where('id', '=', u.id)
        .where('counter', '=', u.fromCounter)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async insertChallenge(c: { id: string; userId: string; challenge: string; purpose: ChallengePurpose; boundTo: string; at: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('webauthn_challenges')
        .values({ id: c.id, user_id: c.userId, challenge: c.challenge, purpose: c.purpose, bound_to: c.boundTo, created_at: c.at, expires_at: c.expiresAt, used_at: null })
        .execute();
    },
    /** Spends a challenge once: false when it was never issued for this user, purpose and binding, was used, or has expired. */
    async useChallenge(c: { userId: string; challenge: string; purpose: ChallengePurpose; boundTo: string; now: string }): Promise<boolean> {
      const res = await db
        .updateTable('webauthn_challenges')
        .set({ used_at: c.now })
        .where('user_id', '=', c.userId)
        .where('challenge', '=', c.challenge)
        .where('purpose', '=', c.purpose)
        .where('bound_to', '=', c.boundTo)
        .where('used_at', 'is', null)
        .where('expires_at', '>', c.now)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) >= 1;
    },
    async deleteExpiredChallenges(now: string): Promise<void> {
      await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
    },
  };
}
