// Who is making the request, and is the request really from our own pages. Runs for every route.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiToken } from '../domain/accounts/api-tokens.ts';
import { resolveSession } from '../domain/accounts/sessions.ts';
import type { UserActor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import { CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, csrfBinding, csrfMatches, newCsrfSeed } from './csrf.ts';

export const SESSION_COOKIE = 'laurel_session';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SAML_ACS = /^\/sso\/saml\/[^/?]+\/acs(\?|$)/;
/** LTI posts without Laurel's CSRF token: the platform's login initiation and launch, and the deep-linking form (web/routes/lti.tsx). */
const LTI_POSTS = /^\/lti\/(login|launch|deep-link|placement\/(rule|check|award|claim))(\?|$)/;
/** All that a session which must enrol in multi-factor first may reach (an authenticator app or a passkey). */
const ENROLMENT_OPEN = new Set(['/account/two-step/enrol', '/account/passkeys/add', '/account/passkeys/options', '/sign-out']);

/**
 * The OB 3.0 API (/ims/ob/v3p0/…) and oidc-provider's endpoints (/oauth/…): OAuth 2.0 bearer tokens and
 * client authentication of their own, no session, no CSRF token (nothing here acts on a cookie).
 */
export function isOAuthRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/ims/') || req.url.startsWith('/oauth/');
}

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url.startsWith('/credentials/') || req.url.startsWith('/presentations/') || req.url.startsWith('/exchanges/');
}

/**
 * The "Add to wallet" VC-API exchanges (http/wallet/exchanges.ts): a wallet app posts to them with no
 * Laurel session, so none is looked up and no CSRF token is asked for; the exchange's unguessable id,
 * its single use and the wallet's signed DIDAuth presentation are what protect them.
 */
function isWalletExchange(req: FastifyRequest): boolean {
  return req.url.startsWith('/exchanges/');
}

/** DID documents, status lists, the Regents' endorsements and the LTI tool JWKS: public, cached by proxies, so no session lookup and no Set-Cookie. */
function isIssuerDocument(req: FastifyRequest): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (/^\/orgs\/[^/?]+\/(did\.json|status\/)/.test(req.url) || /^\/endorsements\/[^/?]+(\?|$)/.test(req.url) || /^\/lti\/jwks\.json(\?|$)/.test(req.url));
}

export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string): void {
  const cfg = app.laurel.config;
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: cfg.secureCookies, maxAge: cfg.sessionDays * 86_400 });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('csrfSeed', '');

  app.addHook('onRequest', async (req, reply) => {
    const { deps, config } = app.laurel;
    if (req.url.startsWith('/assets/') || req.url === '/healthz' || isIssuerDocument(req) || isOAuthRequest(req) || isWalletExchange(req)) return;
    const auth = req.headers.authorization;
    if (auth && isApiRequest(req)) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const actor = m ? await resolveApiToken(deps, m[1]!) : undefined;
      if (!actor) throw new DomainError('token_invalid', 'The API token is missing, malformed, revoked, or its user or institution is deactivated.');
      req.actor = actor;
      req.authVia = 'token';
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const actor = await resolveSession(deps, token);
      if (actor) {
        req.actor = actor;
        req.authVia = 'session';
        if (actor.mfaEnrolRequired && !ENROLMENT_OPEN.has(req.url.split('?')[0]!)) {
          // Roles that require multi-factor and none set up: enrolment first, nothing else.
          if (isApiRequest(req)) throw new DomainError('mfa_enrolment_required', 'Your roles require two-step verification. Set it up at /account/two-step/enrol before using Laurel.');
          return reply.redirect('/account/two-step/enrol', 303);
        }
      } else {
        clearSessionCookie(reply);
      }
    }
    let seed = req.cookies[CSRF_COOKIE];
    if (!isApiRequest(req) && (!seed || seed.length < 16 || seed.length > 64)) {
      seed = newCsrfSeed();
      reply.setCookie(CSRF_COOKIE, seed, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
    }
    // Signed in, the token is bound to the session; before that, to this browser's pre-session cookie.
    req.csrfSeed = csrfBinding(req.authVia === 'session' ? token : undefined, seed);
  });

  // After body parsing, so the form field is available.
  app.addHook('preHandler', async (req) => {
    if (!UNSAFE.has(req.method) || isOAuthRequest(req)) return;
    // The SAML assertion consumer is posted to by the identity provider's page, not ours: what protects
    // it is the IdP's signature, the request id and state bound to the browser (domain/sso/sign-in.ts).
    if (SAML_ACS.test(req.url)) return;
    // The same for LTI: the platform's signed id_token, the single-use state and nonce, and the
    // deep-linking form's single-use continuation token protect these; the placement's forms carry their
    // frame session's token, bound to the launch's browser cookie on https (domain/lti/frame-session.ts).
    if (LTI_POSTS.test(req.url)) return;
    if (isWalletExchange(req)) return;
    if (isApiRequest(req)) {
      // Bearer tokens are not sent automatically by browsers, so only cookie-authenticated calls need the header.
      if (req.authVia !== 'session') return;
      if (!csrfMatches(app.laurel.csrfKey, req.csrfSeed, req.headers[CSRF_HEADER])) {
        throw httpError('csrf_failed', 'Requests authenticated by a browser session must send the X-CSRF-Token header from the page.');
      }
      return;
    }
    // Multipart bodies are streamed by the handler, after this check: their forms carry the token in
    // the action URL's query instead — except the public verifier's, whose result page would then show
    // the token in the address bar: its handler checks the token as the body's first field
    // (checkMultipartCsrf, web/routes/verify.tsx).
    if (req.isMultipart() && CSRF_IN_MULTIPART_BODY.test(req.url)) return;
    const token = fieldOf(req.isMultipart() ? req.query : req.body, CSRF_FIELD);
    if (!csrfMatches(app.laurel.csrfKey, req.csrfSeed, token)) {
      throw httpError('csrf_failed', 'This form has expired or did not come from this site. Go back, reload the page and try again.');
    }
  });
}

/** Multipart forms whose token is the body's first field, checked by their handler. */
const CSRF_IN_MULTIPART_BODY = /^\/verify$/;

/** For a route of CSRF_IN_MULTIPART_BODY: the `_csrf` field read before any file part, or a csrf_failed error. */
export function checkMultipartCsrf(req: FastifyRequest, token: unknown): void {
  if (!csrfMatches(req.server.laurel.csrfKey, req.csrfSeed, token)) {
    throw httpError('csrf_failed', 'This form has expired or did not come from this site. Go back, reload the page and try again.');
  }
}

/** A named field of a parsed body or query, whatever the route's schema (this hook runs for every route). */
function fieldOf(parsed: unknown, name: string): unknown {
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[name] : undefined;
}

export class HttpError extends Error {
  constructor(
    readonly code: 'csrf_failed' | 'bad_request' | 'rate_limited' | 'payload_too_large' | 'unsupported_media_type',
    message: string,
  ) {
    super(message);
  }
}

export function httpError(code: HttpError['code'], message: string): HttpError {
  return new HttpError(code, message);
}

export function requireUser(req: FastifyRequest): UserActor {
  if (req.actor?.kind === 'organization') throw new DomainError('forbidden', 'Institution API tokens can only be used with the /credentials/ endpoints.');
  if (!req.actor || req.actor.kind !== 'user') throw new DomainError('unauthenticated', 'Sign in to continue.');
  return req.actor;
}
