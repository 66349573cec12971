// Single sign-on pages: start a sign-in with an institution's identity provider, the SAML assertion
// consumer and single-logout endpoints, the OpenID Connect callback, and the SP metadata an IdP's
// administrator loads. The protocol and the checks live in domain/sso/; this file is HTTP only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { getServiceProviderMetadata } from '../../domain/sso/metadata.ts';
import { acceptOidcAnswer, acceptSamlAnswer, finishSsoSignIn, SSO_LOGIN_MS, SsoSignInError, startSsoSignIn } from '../../domain/sso/sign-in.ts';
import { acceptSamlLogoutMessage } from '../../domain/sso/single-logout.ts';
import { setSessionCookie } from '../../kit/auth.ts';
import { ContinueToIdpPage } from '../pages/auth/continue-to-idp.tsx';
import { SsoProblemPage } from '../pages/auth/sso-problem.tsx';
import { pageContext, redirectWithFlash, safeNext, sendPage } from '../render.tsx';
import { FormFields, queryOf } from '../schemas.ts';
import { field } from './forms.ts';

/** The browser that started a sign-in: only it can finish it. */
export const SSO_BROWSER_COOKIE = 'laurel_sso';
/** The identity provider picked last time on this device (not secret: an id). */
export const REMEMBERED_IDP_COOKIE = 'laurel_idp';

const IdpParams = Type.Object({ idpId: Type.String({ minLength: 1, maxLength: 200 }) });

function problem(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof SsoSignInError)) throw err;
  const retry = err.idpId && err.reason !== 'idp_disabled' ? `/sso/start?idp=${encodeURIComponent(err.idpId)}` : null;
  return sendPage(reply, <SsoProblemPage ctx={pageContext(req, reply)} message={err.message} reason={err.reason} retryHref={retry} />, err.reason === 'idp_disabled' ? 403 : 401);
}

function fullUrl(req: FastifyRequest, publicUrl: string): string {
  return `${publicUrl}${req.url}`;
}

export function registerSsoPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const cfg = app.laurel.config;
  const SIGN_IN_LIMIT = { max: cfg.signInRateLimit, timeWindow: '1 minute' };

  function signedIn(reply: FastifyReply, token: string, next: string): FastifyReply {
    reply.clearCookie(SSO_BROWSER_COOKIE, { path: '/sso/' });
    setSessionCookie(app, reply, token);
    return reply.redirect(safeNext(next), 303);
  }

  app.get('/sso/start', { schema: { querystring: queryOf('idp', 'next') }, config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const idpId = req.query.idp ?? '';
    if (!idpId) return reply.redirect('/sign-in?choose=1', 303);
    try {
      const started = await startSsoSignIn(deps(), { idpId, next: safeNext(req.query.next) });
      reply.setCookie(SSO_BROWSER_COOKIE, started.browserToken, { path: '/sso/', httpOnly: true, sameSite: 'lax', secure: cfg.secureCookies, maxAge: SSO_LOGIN_MS / 1000 });
      reply.setCookie(REMEMBERED_IDP_COOKIE, idpId, { path: '/', httpOnly: true, sameSite: 'lax', secure: cfg.secureCookies, maxAge: 365 * 86_400 });
      return sendPage(reply, <ContinueToIdpPage ctx={pageContext(req, reply)} url={started.redirectUrl} idpName={started.idpName} purpose="sign-in" />);
    } catch (err) {
      return problem(req, reply, err);
    }
  });

  // The IdP's page posts here (HTTP-POST binding). The session starts at /sso/finish, in the browser
  // whose cookie started the sign-in (the cookie is not sent on this cross-site POST).
  app.post('/sso/saml/:idpId/acs', { schema: { params: IdpParams, body: FormFields }, config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    try {
      const { state } = await acceptSamlAnswer(deps(), { idpId: req.params.idpId, samlResponse: field(req.body, 'SAMLResponse'), relayState: field(req.body, 'RelayState'), ip: req.ip });
      return reply.redirect(`/sso/finish?state=${encodeURIComponent(state)}`, 303);
    } catch (err) {
      return problem(req, reply, err);
    }
  });

  app.get('/sso/finish', { schema: { querystring: queryOf('state') } }, async (req, reply) => {
    try {
      const res = await finishSsoSignIn(deps(), { state: req.query.state ?? '', browserToken: req.cookies[SSO_BROWSER_COOKIE] ?? '', ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      return signedIn(reply, res.token, res.next);
    } catch (err) {
      return problem(req, reply, err);
    }
  });

  app.get('/sso/oidc/:idpId/callback', { schema: { params: IdpParams }, config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    try {
      const res = await acceptOidcAnswer(deps(), { idpId: req.params.idpId, callbackUrl: fullUrl(req, cfg.publicUrl), browserToken: req.cookies[SSO_BROWSER_COOKIE] ?? '', ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      return signedIn(reply, res.token, res.next);
    } catch (err) {
      return problem(req, reply, err);
    }
  });

  app.get('/sso/saml/:idpId/metadata', { schema: { params: IdpParams } }, async (req, reply) => {
    const xml = await getServiceProviderMetadata(deps(), { idpId: req.params.idpId });
    return reply.type('application/samlmetadata+xml; charset=utf-8').header('content-disposition', 'inline; filename="laurel-sp-metadata.xml"').send(xml);
  });

  // Single logout, HTTP-Redirect binding: the IdP's LogoutRequest, or its LogoutResponse to ours.
  app.get('/sso/saml/:idpId/slo', { schema: { params: IdpParams, querystring: Type.Record(Type.String(), Type.String({ maxLength: 100_000 })) } }, async (req, reply) => {
    const res = await acceptSamlLogoutMessage(deps(), { idpId: req.params.idpId, query: req.query, originalQuery: req.url.split('?')[1] ?? '', ip: req.ip });
    if (res.kind === 'request') return reply.redirect(res.responseUrl, 303);
    return redirectWithFlash(reply, '/sign-in', { kind: res.success ? 'info' : 'warning', message: res.success ? `You have signed out of Laurel and ${res.idpName}.` : `You have signed out of Laurel. ${res.idpName} did not confirm its own sign-out: close the browser to end it.` });
  });

  app.get('/sso/signed-out', async (_req, reply) => redirectWithFlash(reply, '/sign-in', { kind: 'info', message: 'You have signed out of Laurel and of your institution.' }));
}
