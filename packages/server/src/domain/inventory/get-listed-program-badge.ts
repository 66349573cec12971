// A listed program's badge image at its public URL: the uploaded image, or one generated from the title
// so there is never a broken image. Like the program's page (get-listed-program.ts), only for a listed
// program: an unlisted program's badge design is not public. Stored images are cleaned on the way out.
import { createHash } from 'node:crypto';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { getPublishedProgram, type ProgramView } from '../programs/published.ts';
import { safeStoredImage } from '../images/stored-image.ts';
import { generatedBadgeSvg } from './badge-art.ts';

export interface BadgeImage {
  readonly contentType: string;
  readonly data: Buffer;
  /** Changes with the image (the upload's hash, or the badge class's last change for a generated one). */
  readonly etag: string;
}

export async function getListedProgramBadge(deps: Pick<Deps, 'db'>, _actor: Actor | null, input: { readonly programId: string }): Promise<{ readonly view: ProgramView; readonly badge: BadgeImage }> {
  const v = await getPublishedProgram(deps.db, input.programId);
  if (!v) throw new DomainError('not_found', 'This program is not listed in the inventory.');
  return { view: v, badge: await badgeOf(deps, v) };
}

async function badgeOf(deps: Pick<Deps, 'db'>, v: ProgramView): Promise<BadgeImage> {
  const version = `${v.program.id}:${v.badgeClass?.updatedAt ?? v.program.updatedAt}`;
  const att = v.badgeClass?.imageAttachmentId;
  if (att) {
    const r = repos(deps.db);
    const [meta, data] = await Promise.all([r.attachments.meta(att), r.attachments.data(att)]);
    // A stored file that no longer passes the image rules is replaced by the generated badge.
    const safe = meta && data ? safeStoredImage(meta.contentType, data) : null;
    if (meta && safe) return { contentType: safe.contentType, data: safe.data, etag: `"${meta.sha256.slice(0, 32)}"` };
  }
  const svg = generatedBadgeSvg({ title: v.badgeClass?.name ?? v.form.title, institutionName: v.organization.name, endorsed: v.program.endorsement === 'endorsed' });
  return { contentType: 'image/svg+xml', data: Buffer.from(svg), etag: `"g-${createHash('sha1').update(version).digest('base64url')}"` };
}
