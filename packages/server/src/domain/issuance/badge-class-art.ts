// A badge class's picture as PNG and SVG: the uploaded image, or a generated one so there is never a
// broken image. Used by the badge page, its downloads and the awards API (baking).
import type { Deps } from '../deps.ts';
import { safeStoredImage } from '../images/stored-image.ts';
import { generatedBadgeSvg, renderPng, renderPngWithin } from '../inventory/badge-art.ts';
import type { BadgeView } from '../portfolio/portfolio.ts';
import { repos } from '../../storage/repositories/index.ts';

/** The badge class's picture as PNG and SVG (uploaded or generated), cached per badge class version. */
const artCache = new Map<string, { png: Buffer; svg: string }>();
export async function badgeArt(deps: Deps, v: Pick<BadgeView, 'badgeClass' | 'organization' | 'endorsed'>): Promise<{ png: Buffer; svg: string }> {
  const key = `${v.badgeClass.id}:${v.badgeClass.updatedAt}`;
  const hit = artCache.get(key);
  if (hit) return hit;
  let png: Buffer | undefined;
  let svg: string | undefined;
  if (v.badgeClass.imageAttachmentId) {
    const r = repos(deps.db);
    const [meta, data] = await Promise.all([r.attachments.meta(v.badgeClass.imageAttachmentId), r.attachments.data(v.badgeClass.imageAttachmentId)]);
    // Cleaned on the way out too; a stored file that fails the image rules gives way to the generated badge.
    const safe = meta && data ? safeStoredImage(meta.contentType, data) : null;
    if (safe?.contentType === 'image/png') {
      png = safe.data;
      svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="400" viewBox="0 0 400 400"><image width="400" height="400" xlink:href="data:image/png;base64,${safe.data.toString('base64')}"/></svg>`;
    } else if (safe) svg = safe.data.toString('utf8');
  }
  const generated = () => generatedBadgeSvg({ title: v.badgeClass.name, institutionName: v.organization.name, endorsed: v.endorsed });
  if (svg && !png) {
    // An uploaded SVG renders within a time budget; if it fails, the badge is baked on the generated art.
    png = await renderPngWithin(svg, 400).catch(() => undefined);
    if (!png) svg = undefined;
  }
  svg ??= generated();
  png ??= renderPng(svg, 400);
  const art = { png, svg };
  artCache.set(key, art);
  if (artCache.size > 200) artCache.delete(artCache.keys().next().value!);
  return art;
}
