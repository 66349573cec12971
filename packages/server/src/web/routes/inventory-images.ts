// Images of listed programs at public URLs: the badge (the uploaded image, or a generated one so there is
// never a broken image), its PNG rendering, and the 1200×630 link-preview card. PNGs are rendered with
// resvg and kept in a small per-app cache keyed by the badge class's last change.
import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { generatedBadgeSvg, renderPng, renderPngWithin, socialCardSvg } from '../../domain/inventory/badge-art.ts';
import { getListedProgramBadge, type BadgeImage } from '../../domain/inventory/get-listed-program-badge.ts';
import { IdParams } from '../schemas.ts';

export function registerInventoryImages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const pngCache = new Map<string, Buffer>();
  /**
   * A rendered PNG, kept per image version. An uploaded image renders within a time budget; one that
   * fails or runs out of time is replaced by `fallback` (the platform's own drawing), and that result is
   * cached too, so a bad file costs one attempt, not one per request.
   */
  const cachePng = async (key: string, svg: string, width: number, fallback: () => string): Promise<Buffer> => {
    const hit = pngCache.get(key);
    if (hit) return hit;
    const png = await renderPngWithin(svg, width).catch((err: unknown) => {
      app.log.warn({ err, key }, 'badge image did not render; using the generated one');
      return renderPng(fallback(), width);
    });
    pngCache.set(key, png);
    if (pngCache.size > 500) pngCache.delete(pngCache.keys().next().value!);
    return png;
  };

  const send = (reply: FastifyReply, img: BadgeImage, ifNoneMatch: string | undefined) => {
    reply.header('cache-control', 'public, max-age=300').header('etag', img.etag).header('x-content-type-options', 'nosniff');
    // An uploaded SVG is sanitised on upload; this CSP is the second line: no script, nothing fetched.
    if (img.contentType === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    if (ifNoneMatch === img.etag) return reply.status(304).send();
    return reply.type(img.contentType).send(img.data);
  };

  app.get('/programs/:id/badge', { schema: { params: IdParams } }, async (req, reply) => {
    const { badge } = await getListedProgramBadge(deps(), req.actor, { programId: req.params.id });
    return send(reply, badge, req.headers['if-none-match']);
  });

  app.get('/programs/:id/badge.png', { schema: { params: IdParams } }, async (req, reply) => {
    const { view: v, badge: img } = await getListedProgramBadge(deps(), req.actor, { programId: req.params.id });
    if (img.contentType === 'image/png') return send(reply, img, req.headers['if-none-match']);
    const generated = () => generatedBadgeSvg({ title: v.badgeClass?.name ?? v.form.title, institutionName: v.organization.name, endorsed: v.program.endorsement === 'endorsed' });
    const png = await cachePng(`badge:${img.etag}`, img.data.toString('utf8'), 400, generated);
    return send(reply, { contentType: 'image/png', data: png, etag: `"p${img.etag.slice(1)}` }, req.headers['if-none-match']);
  });

  app.get('/programs/:id/og.png', { schema: { params: IdParams } }, async (req, reply) => {
    const { view: v, badge: img } = await getListedProgramBadge(deps(), req.actor, { programId: req.params.id });
    const dataUri = img.contentType === 'image/png' ? `data:image/png;base64,${img.data.toString('base64')}` : null;
    const badgeSvg = img.contentType === 'image/svg+xml' ? img.data.toString('utf8') : null;
    const key = `og:${img.etag}:${v.revisionId}:${v.program.endorsement}`;
    const card = (withBadge: boolean) => socialCardSvg({ title: v.form.title, institutionName: v.organization.name, endorsed: v.program.endorsement === 'endorsed', badgeDataUri: withBadge ? dataUri : null, badgeSvg: withBadge ? badgeSvg : null });
    const png = await cachePng(key, card(true), 1200, () => card(false));
    return send(reply, { contentType: 'image/png', data: png, etag: `"${createHash('sha1').update(key).digest('base64url')}"` }, req.headers['if-none-match']);
  });
}
