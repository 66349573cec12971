// CTDL: each listed program's credential as JSON-LD beside its page (/programs/{id}.ctdl.json) and each
// public pathway's graph (/pathways/{id}.ctdl.json), the bulk feed of credentials, organizations and pathways (docs/CTDL.md describes its shape), and the system admin's
// publishing page with "Publish now". The documents are public, cached briefly and readable cross-origin.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { graphOf } from '../../domain/ctdl/ctdl.ts';
import { getCtdlPublishing } from '../../domain/ctdl/get-ctdl-publishing.ts';
import { getPathwayCtdl, listCtdlPathways } from '../../domain/ctdl/get-pathway-ctdl.ts';
import { getProgramCtdl } from '../../domain/ctdl/get-program-ctdl.ts';
import { feedLimit, listCtdlCredentials, listCtdlOrganizations } from '../../domain/ctdl/list-ctdl-feed.ts';
import { publishCtdlNow } from '../../domain/ctdl/publish-ctdl-now.ts';
import { requireUser } from '../../kit/auth.ts';
import { sendPublicDocument } from '../../kit/public-document.ts';
import { CtdlPublishingPage } from '../pages/admin/ctdl-publishing.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { IdParams, queryOf } from '../schemas.ts';
import { pageNumber } from './forms.ts';

const LD_JSON = 'application/ld+json; charset=utf-8';
const MAX_AGE = 300;
const PER_PAGE = 25;

export function registerCtdlRoutes(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/programs/:id.ctdl.json', { schema: { params: IdParams } }, async (req, reply) => {
    const doc = await getProgramCtdl(deps(), req.actor, { programId: req.params.id });
    return sendPublicDocument(req, reply, { body: JSON.stringify(doc, null, 2), type: LD_JSON, maxAge: MAX_AGE });
  });

  app.get('/ctdl/credentials.json', { schema: { querystring: queryOf('after', 'limit') } }, async (req, reply) => {
    const limit = feedLimit(req.query.limit);
    const after = req.query.after || undefined;
    const page = await listCtdlCredentials(deps(), req.actor, { after, limit });
    const base = `${deps().config.publicUrl}/ctdl/credentials.json`;
    const q = (a: string) => `${base}?${new URLSearchParams({ after: a, ...(req.query.limit ? { limit: String(limit) } : {}) }).toString()}`;
    const body = { ...graphOf(page.nodes), ...(page.nextAfter ? { next: q(page.nextAfter) } : {}), organizations: `${deps().config.publicUrl}/ctdl/organizations.json`, pathways: `${deps().config.publicUrl}/ctdl/pathways.json` };
    return sendPublicDocument(req, reply, { body: JSON.stringify(body, null, 2), type: LD_JSON, maxAge: MAX_AGE });
  });

  app.get('/pathways/:id.ctdl.json', { schema: { params: IdParams } }, async (req, reply) => {
    const nodes = await getPathwayCtdl(deps(), req.actor, { pathwayId: req.params.id });
    return sendPublicDocument(req, reply, { body: JSON.stringify(graphOf(nodes), null, 2), type: LD_JSON, maxAge: MAX_AGE });
  });

  app.get('/ctdl/pathways.json', async (req, reply) => {
    const nodes = await listCtdlPathways(deps(), req.actor);
    return sendPublicDocument(req, reply, { body: JSON.stringify(graphOf(nodes), null, 2), type: LD_JSON, maxAge: MAX_AGE });
  });

  app.get('/ctdl/organizations.json', async (req, reply) => {
    const nodes = await listCtdlOrganizations(deps(), req.actor);
    return sendPublicDocument(req, reply, { body: JSON.stringify(graphOf(nodes), null, 2), type: LD_JSON, maxAge: MAX_AGE });
  });

  app.get('/admin/ctdl', { schema: { querystring: queryOf('page', 'queued') } }, async (req, reply) => {
    const actor = requireUser(req);
    const page = pageNumber(req.query.page);
    const status = await getCtdlPublishing(deps(), actor, { page, perPage: PER_PAGE });
    const queued = req.query.queued !== undefined && /^\d{1,7}$/.test(req.query.queued) ? Number(req.query.queued) : undefined;
    return sendPage(reply, <CtdlPublishingPage ctx={pageContext(req, reply)} status={status} page={page} perPage={PER_PAGE} queued={queued} />);
  });

  app.post('/admin/ctdl/publish', async (req, reply) => {
    const actor = requireUser(req);
    const { queued } = await publishCtdlNow(deps(), actor);
    return reply.redirect(`/admin/ctdl?queued=${queued}`, 303);
  });
}
