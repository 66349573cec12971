// Reading an attached file: for people who may see a request that uses it, or anyone when it is the badge
// image of a published program (the inventory shows it).
import { repos } from '../../storage/repositories/index.ts';
import type { AttachmentMeta } from '../../storage/repositories/attachments.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { canViewRequest } from '../policy.ts';

/** A file, for people who may see a request that uses it (or anyone, for a published program's badge image). */
export async function readAttachment(deps: Deps, actor: Actor | null, attachmentId: string): Promise<{ meta: AttachmentMeta; data: Buffer }> {
  const r = repos(deps.db);
  const meta = await r.attachments.meta(attachmentId);
  if (!meta) throw notFound('The file');
  const publicBadge = meta.kind === 'badge_image' && (await r.badgeClasses.isImageOfActiveProgram(meta.id));
  if (!publicBadge && (!actor || !canViewRequest(actor, { organizationId: meta.organizationId, state: 'submitted' }))) throw notFound('The file');
  return { meta, data: (await r.attachments.data(meta.id))! };
}
