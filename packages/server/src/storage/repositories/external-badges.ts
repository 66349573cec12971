// Badges earners import from elsewhere (verified once, shown in their portfolio).
import type { Selectable } from 'kysely';
import type { ExternalBadgesTable } from '../schema.ts';
import type { Executor } from './types.ts';

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
  /** The credential's own `id`, when it has one: a second push of the same credential updates this row. */
  readonly credentialId?: string | null;
  readonly updatedAt?: string | null;
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
    credentialId: r.credential_id,
    updatedAt: r.updated_at,
  });
  return {
    async insert(e: ExternalBadge): Promise<void> {
      await db
        .insertInto('external_badges')
        .values({ id: e.id, user_id: e.userId, format: e.format, version: e.version, name: e.name, issuer_name: e.issuerName, issued_at: e.issuedAt, expires_at: e.expiresAt, outcome: e.outcome, report: JSON.stringify(e.report), credential: e.credential, visibility: e.visibility, created_at: e.createdAt, credential_id: e.credentialId ?? null, updated_at: e.updatedAt ?? null })
        .execute();
    },
    async findByCredentialId(userId: string, credentialId: string): Promise<ExternalBadge | undefined> {
      const r = await db.selectFrom('external_badges').selectAll().where('user_id', '=', userId).where('credential_id', '=', credentialId).orderBy('created_at').executeTakeFirst();
      return r ? map(r) : undefined;
    },
    /** Replaces a pushed credential with its newer version (same credential id), keeping the earner's visibility choice. */
    async replace(id: string, e: Pick<ExternalBadge, 'format' | 'version' | 'name' | 'issuerName' | 'issuedAt' | 'expiresAt' | 'outcome' | 'report' | 'credential'> & { updatedAt: string }): Promise<void> {
      await db
        .updateTable('external_badges')
        .set({ format: e.format, version: e.version, name: e.name, issuer_name: e.issuerName, issued_at: e.issuedAt, expires_at: e.expiresAt, outcome: e.outcome, report: JSON.stringify(e.report), credential: e.credential, updated_at: e.updatedAt })
        .where('id', '=', id)
        .execute();
    },
    async forUser(userId: string): Promise<ExternalBadge[]> {
      return (await db.selectFrom('external_badges').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute()).map(map);
    },
  };
}
