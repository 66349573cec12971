// The home page, the privacy notice, terms of use and accessibility statement, the language switcher's
// POST, and robots.txt.
import type { FastifyInstance } from 'fastify';
import { setLanguage } from '../../domain/accounts/set-language.ts';
import { isLocale, LANGUAGE_COOKIE } from '../../shared/i18n/locales.ts';
import { HomePage } from '../pages/home.tsx';
import { AccessibilityPage } from '../pages/accessibility.tsx';
import { PrivacyPage, TermsPage } from '../pages/legal.tsx';
import { pageContext, safeNext, sendPage } from '../render.tsx';
import { FormFields } from '../schemas.ts';
import { field, formBody } from './forms.ts';

export function registerPublicPages(app: FastifyInstance): void {
  app.get('/', async (req, reply) => sendPage(reply, <HomePage ctx={pageContext(req, reply)} />));

  app.get('/privacy', async (req, reply) => sendPage(reply, <PrivacyPage ctx={pageContext(req, reply)} />));
  app.get('/terms', async (req, reply) => sendPage(reply, <TermsPage ctx={pageContext(req, reply)} />));
  app.get('/accessibility', async (req, reply) => sendPage(reply, <AccessibilityPage ctx={pageContext(req, reply)} />));

  // The language switcher (layouts/language-switcher.tsx): remembered in a cookie for a year, and on the
  // account when signed in; back to the page it was on, a path on this site only (safeNext: no open redirect).
  app.post('/language', { schema: { body: FormFields } }, async (req, reply) => {
    const body = formBody(req);
    const lang = field(body, 'lang');
    const next = safeNext(field(body, 'next'), '/');
    if (!isLocale(lang)) return reply.redirect(next, 303);
    if (req.actor?.kind === 'user') await setLanguage(app.laurel.deps, req.actor, { language: lang });
    reply.setCookie(LANGUAGE_COOKIE, lang, { path: '/', sameSite: 'lax', secure: app.laurel.config.secureCookies, maxAge: 365 * 86_400 });
    return reply.redirect(next, 303);
  });

  app.get('/robots.txt', async (_req, reply) =>
    reply.type('text/plain').send(`User-agent: *\nDisallow: /admin/\nDisallow: /account\nDisallow: /dashboard\n\nSitemap: ${app.laurel.config.publicUrl}/sitemap.xml\n`),
  );
}
