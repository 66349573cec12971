// The public statewide inventory: search with facets (a GET form, so it works without JavaScript and
// every search is a URL), a page per program with its badge, a page per institution, and the sitemap.
// Pages are in web/pages/inventory/; the reads are the domain's inventory use cases.
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../domain/actor.ts';
import type { Deps } from '../../domain/deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { getListedInstitution } from '../../domain/inventory/get-listed-institution.ts';
import { getListedProgram } from '../../domain/inventory/get-listed-program.ts';
import { listPublishedPathways } from '../../domain/pathways/list-published-pathways.ts';
import { listSitemapEntries } from '../../domain/inventory/list-sitemap-entries.ts';
import { DEFAULT_PER_PAGE, inventoryQueryString, type InventoryFilters, type InventoryQuery, type InventoryResult } from '../../domain/inventory/query.ts';
import { searchInventory } from '../../domain/inventory/search-inventory.ts';
import { InstitutionPage } from '../pages/inventory/institution-page.tsx';
import { ProgramPage } from '../pages/inventory/program-page.tsx';
import { SearchPage } from '../pages/inventory/search-page.tsx';
import { pageContext, sendPage } from '../render.tsx';
import Type from 'typebox';
import { FormFields, IdParams } from '../schemas.ts';
import { registerInventoryImages } from './inventory-images.ts';

const SlugParams = Type.Object({ slug: Type.String() });

/** A search for a page: a bad parameter shows the page with the messages (and no results) instead. */
async function searchOrError(
  deps: Deps,
  actor: Actor | null,
  params: Readonly<Record<string, unknown>>,
  force?: Partial<InventoryFilters>,
): Promise<{ query: InventoryQuery; result: InventoryResult | null; error: DomainError | null }> {
  try {
    const { query, result } = await searchInventory(deps, actor, force ? { params, force } : { params });
    return { query, result, error: null };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'validation_failed') {
      const query: InventoryQuery = { q: typeof params.q === 'string' ? params.q.slice(0, 200) : '', filters: {}, sort: 'title', page: 1, perPage: DEFAULT_PER_PAGE };
      return { query, result: null, error: err };
    }
    throw err;
  }
}

export function registerInventoryPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/inventory', { schema: { querystring: FormFields } }, async (req, reply) => {
    const ctx = pageContext(req, reply);
    const { query, result, error } = await searchOrError(deps(), req.actor, req.query);
    const canonical = `${ctx.publicUrl}/inventory${inventoryQueryString(query)}`;
    return sendPage(reply, <SearchPage ctx={ctx} query={query} result={result} error={error} canonical={canonical} />, error ? 422 : 200);
  });

  app.get('/programs/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const v = await getListedProgram(deps(), req.actor, { programId: req.params.id });
    const pathways = await listPublishedPathways(deps(), req.actor, { programId: v.program.id });
    return sendPage(reply, <ProgramPage ctx={pageContext(req, reply)} v={v} pathways={pathways} />);
  });

  app.get('/institutions/:slug', { schema: { params: SlugParams, querystring: FormFields } }, async (req, reply) => {
    const { slug } = req.params;
    const org = await getListedInstitution(deps(), req.actor, { slug });
    const ctx = pageContext(req, reply);
    const { institution: _ignored, ...params } = req.query;
    const { query, result, error } = await searchOrError(deps(), req.actor, params, { institution: [slug] });
    return sendPage(reply, <InstitutionPage ctx={ctx} org={org} query={query} result={result} error={error} />);
  });

  registerSitemap(parent);
  registerInventoryImages(parent);
}

function registerSitemap(app: FastifyInstance): void {
  app.get('/sitemap.xml', async (req, reply) => {
    const base = app.laurel.deps.config.publicUrl;
    const { institutionSlugs, programs } = await listSitemapEntries(app.laurel.deps, req.actor);
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    async function* body(): AsyncGenerator<string> {
      yield '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
      yield `<url><loc>${esc(base)}/</loc></url>\n<url><loc>${esc(base)}/inventory</loc><changefreq>daily</changefreq></url>\n`;
      for (const slug of institutionSlugs) yield `<url><loc>${esc(`${base}/institutions/${slug}`)}</loc></url>\n`;
      // The sitemap protocol allows 50,000 URLs per file.
      let n = 0;
      for await (const item of programs) {
        if (++n > 49_000) break;
        yield `<url><loc>${esc(`${base}/programs/${item.programId}`)}</loc><lastmod>${item.publishedAt.slice(0, 10)}</lastmod></url>\n`;
      }
      yield '</urlset>\n';
    }
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(Readable.from(body()));
  });
}
