// Images of listed programs at public URLs: the badge (the uploaded image, or a generated one so there is
// never a broken image), its PNG rendering, and the 1200×630 link-preview card. PNGs are rendered with
// resvg and kept in a small per-app cache keyed by the badge class's last change.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { generatedBadgeSvg, renderPng, socialCardSvg } from '../../domain/inventory/badge-art.ts';
import { DomainError } from '../../domain/errors.ts';
import { getPublishedProgram, type ProgramView } from '../../domain/programs/published.ts';
import { repos } from '../../storage/repositories/index.ts';

interface BadgeImage {
  readonly contentType: string;
  readonly data: Buffer;
  readonly etag: string;
}

export function registerInventoryImages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;
  const pngCache = new Map<string, Buffer>();
  const cachePng = (key: string, make: () => Buffer): Buffer => {
    const hit = pngCache.get(key);
    if (hit) return hit;
    const png = make();
    pngCache.set(key, png);
    if (pngCache.size > 500) pngCache.delete(pngCache.keys().next().value!);
    return png;
  };

  async function published(id: string): Promise<ProgramView> {
    const v = await getPublishedProgram(deps().db, id);
    if (!v) throw new DomainError('not_found', 'This program is not listed in the inventory.');
    return v;
  }

  async function badgeOf(v: ProgramView): Promise<BadgeImage> {
    const version = `${v.program.id}:${v.badgeClass?.updatedAt ?? v.program.updatedAt}`;
    const att = v.badgeClass?.imageAttachmentId;
    if (att) {
      const r = repos(deps().db);
      const [meta, data] = await Promise.all([r.attachments.meta(att), r.attachments.data(att)]);
      if (meta && data) return { contentType: meta.contentType, data, etag: `"${meta.sha256.slice(0, 32)}"` };
    }
    const svg = generatedBadgeSvg({ title: v.badgeClass?.name ?? v.form.title, institutionName: v.organization.name, endorsed: v.program.endorsement === 'endorsed' });
    return { contentType: 'image/svg+xml', data: Buffer.from(svg), etag: `"g-${createHash('sha1').update(version).digest('base64url')}"` };
  }

  const send = (reply: FastifyReply, img: { contentType: string; data: Buffer; etag: string }, ifNoneMatch: string | undefined) => {
    reply.header('cache-control', 'public, max-age=300').header('etag', img.etag).header('x-content-type-options', 'nosniff');
    // An uploaded SVG is sanitised on upload; this CSP is the second line: no script, nothing fetched.
    if (img.contentType === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    if (ifNoneMatch === img.etag) return reply.status(304).send();
    return reply.type(img.contentType).send(img.data);
  };

  app.get('/programs/:id/badge', async (req, reply) => {
    const v = await published((req.params as { id: string }).id);
    return send(reply, await badgeOf(v), req.headers['if-none-match']);
  });

  app.get('/programs/:id/badge.png', async (req, reply) => {
    const v = await published((req.params as { id: string }).id);
    const img = await badgeOf(v);
    if (img.contentType === 'image/png') return send(reply, img, req.headers['if-none-match']);
    const png = cachePng(`badge:${img.etag}`, () => renderPng(img.data.toString('utf8'), 400));
    return send(reply, { contentType: 'image/png', data: png, etag: `"p${img.etag.slice(1)}` }, req.headers['if-none-match']);
  });

  app.get('/programs/:id/og.png', async (req, reply) => {
    const v = await published((req.params as { id: string }).id);
    const img = await badgeOf(v);
    const dataUri = img.contentType === 'image/png' ? `data:image/png;base64,${img.data.toString('base64')}` : null;
    const badgeSvg = img.contentType === 'image/svg+xml' ? img.data.toString('utf8') : null;
    const key = `og:${img.etag}:${v.revisionId}:${v.program.endorsement}`;
    const png = cachePng(key, () => renderPng(socialCardSvg({ title: v.form.title, institutionName: v.organization.name, endorsed: v.program.endorsement === 'endorsed', badgeDataUri: dataUri, badgeSvg }), 1200));
    return send(reply, { contentType: 'image/png', data: png, etag: `"${createHash('sha1').update(key).digest('base64url')}"` }, req.headers['if-none-match']);
  });
}
