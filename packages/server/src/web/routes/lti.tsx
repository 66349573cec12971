// What a learning platform reaches of Laurel (LTI 1.3): login initiation, the launch, the deep-linking
// answer, the tool's JWKS and dynamic registration. The protocol and the checks live in domain/lti/ and
// sso/lti-*.ts; this file is HTTP only. /lti/login, /lti/launch and /lti/deep-link take form posts
// without Laurel's CSRF token (kit/auth.ts): the platform posts the first two cross-site, and the third
// comes from inside the platform's frame, where Laurel's Lax cookies are not sent — each is protected by
// what it carries (see domain/lti/login.ts, launch.ts, deep-linking.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DomainError, type DomainErrorCode } from '../../domain/errors.ts';
import { completeDeepLinking } from '../../domain/lti/deep-linking.ts';
import { acceptLtiLaunch, DEEP_LINK_PICK_MS } from '../../domain/lti/launch.ts';
import { bindingKeyOf, LTI_LOGIN_MS, startLtiLogin, type LoginInitiation } from '../../domain/lti/login.ts';
import { ltiManageableInstitutions } from '../../domain/lti/platforms.ts';
import { LtiLaunchError } from '../../domain/lti/refusals.ts';
import { registerWithPlatform } from '../../domain/lti/registration.ts';
import { toolJwks } from '../../domain/lti/tool-keys.ts';
import { DeepLinkPickerPage, DeepLinkReturnPage, LtiRefusedPage, NoPlacementPage } from '../pages/lti/launch-pages.tsx';
import { STATUS } from '../../kit/problem.ts';
import { RegisteredPage, RegisterPage, RegistrationClosePage } from '../pages/lti/register-pages.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { FormFields } from '../schemas.ts';
import { field, formErrors, type FormBody } from './forms.ts';
import { allowFraming } from './lti-frame.ts';
import { keepBindingCookie, ltiCookieName, sendFramePage } from './lti-placement.tsx';

/**
 * Binds a login initiation to the browser (https only; SameSite=None, so it returns with the platform's
 * cross-site post). One cookie per login, named by bindingKeyOf(state): a course page with two Laurel
 * links launches both at once, and one cookie name would let the second overwrite the first.
 */
const cookieName = ltiCookieName;
const BINDING_KEY = /^[0-9a-f]{16}$/;

const LOGIN_FIELDS = ['iss', 'login_hint', 'target_link_uri', 'lti_message_hint', 'client_id', 'lti_deployment_id'] as const;
const LoginQuery = Type.Object(Object.fromEntries(LOGIN_FIELDS.map((n) => [n, Type.Optional(Type.String({ maxLength: 4000 }))])));
const RegisterQuery = Type.Object({ openid_configuration: Type.Optional(Type.String({ maxLength: 4000 })), registration_token: Type.Optional(Type.String({ maxLength: 8000 })) });

function loginParams(source: FormBody): LoginInitiation {
  return Object.fromEntries(LOGIN_FIELDS.map((n) => [n, field(source, n) || undefined])) as LoginInitiation;
}

function refused(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof LtiLaunchError)) throw err;
  allowFraming(reply, { ancestors: '*' });
  return sendPage(reply, <LtiRefusedPage message={err.message} reason={err.reason} />, err.reason === 'not_instructor' || err.reason === 'wrong_organization' || err.reason === 'platform_disabled' ? 403 : 401);
}

export function registerLtiPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const cfg = app.laurel.config;
  const LIMIT = { max: cfg.signInRateLimit, timeWindow: '1 minute' };

  // Public and cacheable: platforms fetch it to check what Laurel signs (kit/auth.ts sets no cookie on it).
  app.get('/lti/jwks.json', async (_req, reply) => {
    return reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').type('application/json').send(await toolJwks(deps()));
  });

  async function login(req: FastifyRequest, reply: FastifyReply, params: LoginInitiation): Promise<FastifyReply> {
    try {
      const started = await startLtiLogin(deps(), { params, bindBrowser: cfg.secureCookies, ip: req.ip });
      if (started.browserToken) {
        // Long enough for the badge picker after a deep-linking launch.
        reply.setCookie(cookieName(started.bindingKey), started.browserToken, { path: '/lti/', httpOnly: true, secure: true, sameSite: 'none', partitioned: true, maxAge: (LTI_LOGIN_MS + DEEP_LINK_PICK_MS) / 1000 });
      }
      // A redirect (not a "Continue" page): the form that led here is the platform's, so Laurel's
      // form-action 'self' does not apply to where this answer sends the browser.
      return reply.redirect(started.redirectUrl, 302);
    } catch (err) {
      return refused(reply, err);
    }
  }
  app.get('/lti/login', { schema: { querystring: LoginQuery }, config: { rateLimit: LIMIT } }, async (req, reply) => login(req, reply, loginParams(req.query)));
  app.post('/lti/login', { schema: { body: FormFields }, config: { rateLimit: LIMIT } }, async (req, reply) => login(req, reply, loginParams(req.body)));

  app.post('/lti/launch', { schema: { body: FormFields }, config: { rateLimit: LIMIT } }, async (req, reply) => {
    try {
      const b = req.body;
      const state = field(b, 'state');
      const res = await acceptLtiLaunch(deps(), { idToken: field(b, 'id_token'), state, error: field(b, 'error') || undefined, errorDescription: field(b, 'error_description') || undefined, browserToken: req.cookies[cookieName(bindingKeyOf(state))] ?? null, ip: req.ip });
      allowFraming(reply, { ancestors: res.frameOrigins });
      if (res.kind === 'deep_linking') return sendPage(reply, <DeepLinkPickerPage result={res} />);
      if (!res.opened) return sendPage(reply, <NoPlacementPage result={res} />);
      keepBindingCookie(req, reply, res.bindingKey);
      return sendFramePage(deps(), reply, res.opened.frame, { token: res.opened.token, binding: res.bindingKey }, { problem: res.opened.problem });
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.post('/lti/deep-link', { schema: { body: FormFields }, config: { rateLimit: LIMIT } }, async (req, reply) => {
    try {
      const binding = field(req.body, 'binding');
      const browserToken = BINDING_KEY.test(binding) ? (req.cookies[cookieName(binding)] ?? null) : null;
      const answer = await completeDeepLinking(deps(), { continueToken: field(req.body, 'continue'), badgeClassId: field(req.body, 'badge_class_id'), browserToken, ip: req.ip });
      allowFraming(reply, { ancestors: answer.frameOrigins, formAction: [new URL(answer.returnUrl).origin] });
      return sendPage(reply, <DeepLinkReturnPage answer={answer} />);
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.get('/lti/register', { schema: { querystring: RegisterQuery } }, async (req, reply) => {
    const ctx = pageContext(req, reply);
    const institutions = ctx.actor ? await ltiManageableInstitutions(deps(), ctx.actor) : [];
    allowFraming(reply, { ancestors: '*', keepOpener: true });
    return sendPage(reply, <RegisterPage signedIn={ctx.actor !== null} institutions={institutions} openidConfiguration={req.query.openid_configuration ?? ''} registrationToken={req.query.registration_token ?? ''} csrf={ctx.csrf} />);
  });

  // "Finish" in the platform's frame after registering in a window of Laurel's own (the admin had to sign
  // in there): tells the platform Laurel's part is done; the platform reads what it received.
  app.get('/lti/register/close', async (_req, reply) => {
    allowFraming(reply, { ancestors: '*', keepOpener: true });
    return sendPage(reply, <RegistrationClosePage />);
  });

  app.post('/lti/register', { schema: { body: FormFields } }, async (req, reply) => {
    const ctx = pageContext(req, reply);
    const b = req.body;
    const openidConfiguration = field(b, 'openid_configuration');
    const registrationToken = field(b, 'registration_token');
    const values = { institution: field(b, 'institution'), name: field(b, 'name') };
    const actor = ctx.actor;
    const institutions = actor ? await ltiManageableInstitutions(deps(), actor) : [];
    allowFraming(reply, { ancestors: '*', keepOpener: true });
    const again = (errors: Record<string, string>, message: string | undefined, code: DomainErrorCode) =>
      sendPage(reply, <RegisterPage signedIn={actor !== null} institutions={institutions} openidConfiguration={openidConfiguration} registrationToken={registrationToken} csrf={ctx.csrf} errors={errors} message={message} values={values} errorCode={code} />, STATUS[code]);
    if (!actor) return again({}, undefined, 'unauthenticated');
    if (!openidConfiguration) return again({}, undefined, 'validation_failed');
    if (!institutions.some((o) => o.slug === values.institution)) return again({ institution: 'Choose the institution the platform belongs to.' }, 'Laurel was not registered.', 'validation_failed');
    try {
      const res = await registerWithPlatform(deps(), actor, { slug: values.institution, openidConfiguration, registrationToken: registrationToken || null, name: values.name, ip: req.ip });
      return sendPage(reply, <RegisteredPage organization={res.organization} platform={res.platform} updated={res.updated} />);
    } catch (err) {
      const { fields, message } = formErrors(err);
      return again(fields, message, err instanceof DomainError ? err.code : 'validation_failed');
    }
  });
}
