import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { csrfToken } from '../kit/csrf.ts';
import { LANGUAGE_COOKIE, resolveLocale, type Locale } from '../shared/i18n/locales.ts';
import { translator } from '../shared/i18n/translator.ts';
import type { Problem } from '../kit/problem.ts';
import { renderInZone } from './display-zone.ts';
import { Page } from './layouts/page.tsx';
import type { Flash, PageContext } from './context.ts';

const FLASH_COOKIE = 'laurel_flash';

export function pageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  let flash: Flash | null = null;
  // Router errors (kit/errors.ts frameworkErrorHandler) are drawn before the cookie hook has run.
  const raw = req.cookies?.[FLASH_COOKIE];
  if (raw) {
    const un = req.unsignCookie(raw);
    if (un.valid && un.value) {
      try {
        flash = JSON.parse(un.value) as Flash;
      } catch {
        flash = null;
      }
    }
    reply.clearCookie(FLASH_COOKIE, { path: '/' });
  }
  const app = req.server;
  const actor = req.actor && req.actor.kind === 'user' ? req.actor : null;
  const locale = requestLocale(req);
  // A localised page differs by the header and the cookie (and the session, which is a cookie too).
  reply.header('content-language', locale).header('vary', 'Accept-Language, Cookie');
  return {
    ...translator(locale, app.laurel.config.timeZone),
    actor,
    csrf: req.csrfSeed ? csrfToken(app.laurel.csrfKey, req.csrfSeed) : '',
    path: req.url.split('?')[0] ?? '/',
    flash,
    publicUrl: app.laurel.config.publicUrl,
    policyLinks: { privacy: app.laurel.config.privacyUrl, terms: app.laurel.config.termsUrl },
    site: app.laurel.config.site,
    returnTo: req.url.length <= 2000 ? req.url : (req.url.split('?')[0] ?? '/'),
  };
}

/** The signed-in user's saved choice, else the switcher's cookie, else Accept-Language, else the default. */
export function requestLocale(req: FastifyRequest): Locale {
  return resolveLocale({
    saved: req.actor && req.actor.kind === 'user' ? req.actor.language : null,
    cookie: req.cookies?.[LANGUAGE_COOKIE],
    acceptLanguage: req.headers['accept-language'],
    fallback: req.server.laurel.config.defaultLanguage,
  });
}

/** Redirect after a successful POST, with a message shown once on the next page. */
export function redirectWithFlash(reply: FastifyReply, to: string, flash: Flash): FastifyReply {
  reply.setCookie(FLASH_COOKIE, JSON.stringify(flash), { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 60 });
  return reply.redirect(to, 303);
}

export function sendPage(reply: FastifyReply, vnode: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderInZone(reply.server.laurel?.config.timeZone ?? 'UTC', () => renderToString(vnode))}`);
}

export function renderErrorPage(req: FastifyRequest, reply: FastifyReply, p: Problem): FastifyReply {
  const ctx = pageContext(req, reply);
  const next =
    p.code === 'csrf_failed' ? (
      <p>
        <a class="usa-button" href={req.headers.referer && sameOrigin(req, req.headers.referer) ? req.headers.referer : '/'}>
          {ctx.t('common.error.goBack')}
        </a>
      </p>
    ) : p.code === 'not_found' || p.code === 'forbidden' ? (
      <p>
        <a href={ctx.actor ? '/dashboard' : '/'}>{ctx.actor ? ctx.t('common.error.dashboard') : ctx.t('common.error.home')}</a>
      </p>
    ) : null;
  return sendPage(
    reply,
    <Page ctx={ctx} title={p.title}>
      <h1>{p.title}</h1>
      <p class="usa-intro">{p.detail}</p>
      {next}
      <p class="text-base">{ctx.tx('common.error.code', { code: p.code, c: (c) => <code>{c}</code> })}</p>
    </Page>,
    p.status,
  );
}

function sameOrigin(req: FastifyRequest, url: string): boolean {
  try {
    return new URL(url).origin === new URL(req.server.laurel.config.publicUrl).origin || new URL(url).host === req.headers.host;
  } catch {
    return false;
  }
}

/** A `next` parameter is only followed to a path on this site (no open redirect). */
export function safeNext(next: unknown, fallback = '/dashboard'): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : fallback;
}
