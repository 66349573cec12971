// Files attached to requests (letters of support, badge images); the bytes are read apart from the metadata.
import type { Executor } from './types.ts';

export interface AttachmentMeta {
  readonly id: string;
  readonly organizationId: string;
  readonly kind: 'letter' | 'badge_image';
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

export function attachmentsRepo(db: Executor) {
  const cols = ['id', 'organization_id', 'kind', 'filename', 'content_type', 'size', 'sha256', 'created_at'] as const;
  const map = (r: { id: string; organization_id: string; kind: 'letter' | 'badge_image'; filename: string; content_type: string; size: number; sha256: string; created_at: string }): AttachmentMeta => ({
    id: r.id,
    organizationId: r.organization_id,
    kind: r.kind,
    filename: r.filename,
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.sha256,
    createdAt: r.created_at,
  });
  return {
    async insert(a: AttachmentMeta & { data: Buffer; createdBy: string | null }): Promise<void> {
      await db
        .insertInto('attachments')
        .values({ id: a.id, organization_id: a.organizationId, kind: a.kind, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256, data: a.data, created_by: a.createdBy, created_at: a.createdAt })
        .execute();
    },
    async meta(id: string): Promise<AttachmentMeta | undefined> {
      const r = await db.selectFrom('attachments').select(cols).where('id', '=', id).executeTakeFirst();
      return r && map(r);
    },
    async metas(ids: readonly string[]): Promise<AttachmentMeta[]> {
      if (ids.length === 0) return [];
      return (await db.selectFrom('attachments').select(cols).where('id', 'in', ids).execute()).map(map);
    },
    async data(id: string): Promise<Buffer | undefined> {
      const r = await db.selectFrom('attachments').select('data').where('id', '=', id).executeTakeFirst();
      return r ? Buffer.from(r.data) : undefined;
    },
  };
}
