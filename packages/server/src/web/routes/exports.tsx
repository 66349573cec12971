// Complete exports' pages: an institution's admin under /admin/institutions/:slug/exports, the system
// admin's state export under /admin/exports, and one page per export (/admin/exports/:id) with its
// progress and download. The use cases decide who may (domain/policy.ts canExport).
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { downloadExport } from '../../domain/exports/download-export.ts';
import { getExport, listExports, requestExport, type ExportView } from '../../domain/exports/exports.ts';
import { requireUser } from '../../kit/auth.ts';
import { ConfirmExportPage, ExportListPage, ExportPage, type ExportTarget } from '../pages/exports/export-pages.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { FormFields, IdParams } from '../schemas.ts';

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) });

const STATE: ExportTarget = { name: 'the state system', base: '/admin/exports', scope: 'state' };
const institutionTarget = (org: { name: string; slug: string }): ExportTarget => ({ name: org.name, base: `/admin/institutions/${org.slug}/exports`, scope: 'institution' });
const listHref = (e: ExportView) => (e.scope === 'state' || !e.organization ? STATE.base : institutionTarget(e.organization).base);

export function registerExportPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/admin/exports', async (req, reply) => {
    const { exports } = await listExports(deps(), requireUser(req), { scope: 'state' });
    return sendPage(reply, <ExportListPage ctx={pageContext(req, reply)} target={STATE} exports={exports} />);
  });
  app.get('/admin/exports/new', async (req, reply) => {
    await listExports(deps(), requireUser(req), { scope: 'state' });
    return sendPage(reply, <ConfirmExportPage ctx={pageContext(req, reply)} target={STATE} />);
  });
  app.post('/admin/exports', { schema: { body: FormFields } }, async (req, reply) => {
    const e = await requestExport(deps(), requireUser(req), { scope: 'state', ip: req.ip });
    return reply.redirect(`/admin/exports/${e.id}`, 303);
  });

  app.get('/admin/institutions/:slug/exports', { schema: { params: SlugParams } }, async (req, reply) => {
    const { organization, exports } = await listExports(deps(), requireUser(req), { scope: 'institution', organizationSlug: req.params.slug });
    return sendPage(reply, <ExportListPage ctx={pageContext(req, reply)} target={institutionTarget(organization!)} exports={exports} />);
  });
  app.get('/admin/institutions/:slug/exports/new', { schema: { params: SlugParams } }, async (req, reply) => {
    const { organization } = await listExports(deps(), requireUser(req), { scope: 'institution', organizationSlug: req.params.slug });
    return sendPage(reply, <ConfirmExportPage ctx={pageContext(req, reply)} target={institutionTarget(organization!)} />);
  });
  app.post('/admin/institutions/:slug/exports', { schema: { params: SlugParams, body: FormFields } }, async (req, reply) => {
    const e = await requestExport(deps(), requireUser(req), { scope: 'institution', organizationSlug: req.params.slug, ip: req.ip });
    return reply.redirect(`/admin/exports/${e.id}`, 303);
  });

  app.get('/admin/exports/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const e = await getExport(deps(), requireUser(req), req.params.id);
    // A page that refreshes itself must not be served from a cache.
    reply.header('cache-control', 'no-store');
    return sendPage(reply, <ExportPage ctx={pageContext(req, reply)} e={e} listHref={listHref(e)} />);
  });
  app.get('/admin/exports/:id/download', { schema: { params: IdParams } }, async (req, reply) => {
    const d = await downloadExport(deps(), requireUser(req), { id: req.params.id, ip: req.ip });
    return reply
      .type('application/zip')
      .header('content-length', String(d.size))
      .header('content-disposition', `attachment; filename="${d.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(Readable.from(d.body));
  });
}
