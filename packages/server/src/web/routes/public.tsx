// The home page, the privacy notice and terms of use, and robots.txt.
import type { FastifyInstance } from 'fastify';
import { HomePage } from '../pages/home.tsx';
import { PrivacyPage, TermsPage } from '../pages/legal.tsx';
import { pageContext, sendPage } from '../render.tsx';

export function registerPublicPages(app: FastifyInstance): void {
  app.get('/', async (req, reply) => sendPage(reply, <HomePage ctx={pageContext(req, reply)} />));

  app.get('/privacy', async (req, reply) => sendPage(reply, <PrivacyPage ctx={pageContext(req, reply)} />));
  app.get('/terms', async (req, reply) => sendPage(reply, <TermsPage ctx={pageContext(req, reply)} />));

  app.get('/robots.txt', async (_req, reply) =>
    reply.type('text/plain').send(`User-agent: *\nDisallow: /admin/\nDisallow: /account\nDisallow: /dashboard\n\nSitemap: ${app.laurel.config.publicUrl}/sitemap.xml\n`),
  );
}
