// Sign-in, sign-out, forgotten password, reset, and accepting an invitation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { acceptInvitation, viewInvitation } from '../../domain/accounts/invitations.ts';
import { checkResetToken, requestPasswordReset, resetPassword } from '../../domain/accounts/password-reset.ts';
import { completeSecondStep } from '../../domain/accounts/complete-second-step.ts';
import { secondStepMethods } from '../../domain/accounts/passkey-second-step.ts';
import { CHALLENGE_MS } from '../../domain/accounts/mfa-core.ts';
import { signIn, startSession } from '../../domain/accounts/sessions.ts';
import { listSignInChoices } from '../../domain/sso/sign-in.ts';
import { signOutSession } from '../../domain/sso/single-logout.ts';
import { REMEMBERED_IDP_COOKIE } from './sso.tsx';
import { DomainError } from '../../domain/errors.ts';
import { clearSessionCookie, setSessionCookie } from '../../kit/auth.ts';
import { STATUS } from '../../kit/problem.ts';
import { ForgotPage } from '../pages/auth/forgot-password.tsx';
import { InvitationPage } from '../pages/auth/invitation.tsx';
import { LinkProblemPage } from '../pages/auth/link-problem.tsx';
import { ResetPage } from '../pages/auth/reset-password.tsx';
import { ContinueToIdpPage } from '../pages/auth/continue-to-idp.tsx';
import { SecondStepPage } from '../pages/auth/second-step.tsx';
import { SignInPage } from '../pages/auth/sign-in.tsx';
import { pageContext, redirectWithFlash, requestLocale, safeNext, sendPage } from '../render.tsx';
import { FormFields, queryOf } from '../schemas.ts';
import { flashLanguage } from './portfolio/flash-language.ts';
import { field, formBody, formErrors } from './forms.ts';

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 500 }) });

/** An unusable emailed link is a page of its own (404, or 410 once expired), not a form error. */
function sendLinkProblem(req: FastifyRequest, reply: FastifyReply, err: unknown, action: { href: string; label: string }): FastifyReply | undefined {
  if (!(err instanceof DomainError) || !['invitation_invalid', 'invitation_expired', 'reset_link_invalid', 'reset_link_expired'].includes(err.code)) return undefined;
  const ctx = pageContext(req, reply);
  const title = err.code.startsWith('invitation') ? ctx.t('auth.linkProblem.invitation') : ctx.t('auth.linkProblem.reset');
  const label = action === NEW_LINK ? ctx.t('auth.linkProblem.newLink') : action.label;
  return sendPage(reply, <LinkProblemPage ctx={ctx} title={title} message={err.message} action={{ href: action.href, label }} code={err.code} />, err.code.endsWith('expired') ? 410 : 404);
}

/** Holds the pending second step's random token (the row keeps its hash), five minutes, sign-in pages only. */
export const SECOND_STEP_COOKIE = 'laurel_second_step';

const NEW_LINK = { href: '/forgot-password', label: 'Ask for a new link' };
const HOME = { href: '/', label: 'Go to the home page' };

/** The sign-in page with the institutions one can sign in with (the one picked last time on this device first). */
async function sendSignIn(req: FastifyRequest, reply: FastifyReply, p: { email: string; next: string; errors: Record<string, string>; message?: string | undefined; choose?: boolean }, status = 200): Promise<FastifyReply> {
  const choices = await listSignInChoices(req.server.laurel.deps);
  const remembered = p.choose ? null : (choices.find((c) => c.idpId === req.cookies[REMEMBERED_IDP_COOKIE]) ?? null);
  return sendPage(reply, <SignInPage ctx={pageContext(req, reply)} email={p.email} next={p.next} errors={p.errors} message={p.message} choices={choices} remembered={remembered} />, status);
}

export function registerAuthPages(app: FastifyInstance): void {
  registerSignIn(app);
  registerPasswordReset(app);
  registerInvitationPages(app);
}

function registerSignIn(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const SIGN_IN_LIMIT = { max: app.laurel.config.signInRateLimit, timeWindow: '1 minute' };

  app.get('/sign-in', { schema: { querystring: queryOf('next', 'choose') } }, async (req, reply) => {
    if (req.actor) return reply.redirect(safeNext(req.query.next));
    return sendSignIn(req, reply, { email: '', next: safeNext(req.query.next), errors: {}, choose: req.query.choose === '1' });
  });

  app.post('/sign-in', { schema: { body: FormFields }, config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const body = req.body;
    const email = field(body, 'email');
    const next = safeNext(field(body, 'next'));
    try {
      const res = await signIn(deps(), { email, password: field(body, 'password'), ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      if ('secondStep' in res) {
        reply.setCookie(SECOND_STEP_COOKIE, res.secondStep, { path: '/sign-in', httpOnly: true, sameSite: 'lax', secure: app.laurel.config.secureCookies, maxAge: CHALLENGE_MS / 1000 });
        return reply.redirect(`/sign-in/verify?next=${encodeURIComponent(next)}`, 303);
      }
      setSessionCookie(app, reply, res.token);
      return reply.redirect(res.mfaEnrolRequired ? '/account/two-step/enrol' : next, 303);
    } catch (err) {
      const { fields, message } = formErrors(err);
      const status = err instanceof DomainError ? STATUS[err.code] : 401;
      return sendSignIn(req, reply, { email, next, errors: fields, message }, status);
    }
  });

  app.get('/sign-in/verify', { schema: { querystring: queryOf('next') } }, async (req, reply) => {
    if (req.actor) return reply.redirect(safeNext(req.query.next));
    if (!req.cookies[SECOND_STEP_COOKIE]) return reply.redirect('/sign-in', 303);
    const methods = (await secondStepMethods(deps(), { secondStep: req.cookies[SECOND_STEP_COOKIE] ?? '' })) ?? undefined;
    return sendPage(reply, <SecondStepPage ctx={pageContext(req, reply)} next={safeNext(req.query.next)} code="" errors={{}} methods={methods} />);
  });

  app.post('/sign-in/verify', { schema: { body: FormFields }, config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const code = field(req.body, 'code');
    const next = safeNext(field(req.body, 'next'));
    try {
      const res = await completeSecondStep(deps(), { secondStep: req.cookies[SECOND_STEP_COOKIE] ?? '', code, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      reply.clearCookie(SECOND_STEP_COOKIE, { path: '/sign-in' });
      setSessionCookie(app, reply, res.token);
      return reply.redirect(next, 303);
    } catch (err) {
      const { fields, message } = formErrors(err);
      const status = err instanceof DomainError ? STATUS[err.code] : 401;
      if (err instanceof DomainError && err.code !== 'mfa_code_invalid' && err.code !== 'validation_failed') {
        reply.clearCookie(SECOND_STEP_COOKIE, { path: '/sign-in' });
        return sendSignIn(req, reply, { email: '', next, errors: {}, message }, status);
      }
      const methods = (await secondStepMethods(deps(), { secondStep: req.cookies[SECOND_STEP_COOKIE] ?? '' })) ?? undefined;
      return sendPage(reply, <SecondStepPage ctx={pageContext(req, reply)} next={next} code={code} errors={fields} message={message} methods={methods} />, status);
    }
  });

  // Ends the Laurel session, then sends the browser to the identity provider's single logout when the
  // session came from one that offers it.
  app.post('/sign-out', async (req, reply) => {
    const out = req.actor?.kind === 'user' && req.actor.sessionId ? await signOutSession(deps(), req.actor.sessionId) : { idpLogoutUrl: null, idpName: null };
    clearSessionCookie(reply);
    req.actor = null;
    if (out.idpLogoutUrl) return sendPage(reply, <ContinueToIdpPage ctx={pageContext(req, reply)} url={out.idpLogoutUrl} idpName={out.idpName ?? 'your institution'} purpose="sign-out" />);
    const message = out.idpName ? `You have signed out of Laurel. You may still be signed in to ${out.idpName}: close the browser to end that too.` : 'You have signed out.';
    // "Sign in as someone else" (the consent page): back to where the new person continues.
    const next = field(formBody(req), 'next');
    return redirectWithFlash(reply, next ? `/sign-in?next=${encodeURIComponent(safeNext(next))}` : '/sign-in', { kind: 'info', message });
  });
}

function registerPasswordReset(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const SIGN_IN_LIMIT = { max: app.laurel.config.signInRateLimit, timeWindow: '1 minute' };

  app.get('/forgot-password', async (req, reply) => sendPage(reply, <ForgotPage ctx={pageContext(req, reply)} email="" errors={{}} sent={false} />));

  app.post('/forgot-password', { schema: { body: FormFields }, config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const email = field(req.body, 'email').trim();
    try {
      await requestPasswordReset(deps(), { email, ip: req.ip, language: requestLocale(req) });
      return sendPage(reply, <ForgotPage ctx={pageContext(req, reply)} email={email} errors={{}} sent />);
    } catch (err) {
      const { fields } = formErrors(err);
      return sendPage(reply, <ForgotPage ctx={pageContext(req, reply)} email={email} errors={fields} sent={false} />, 422);
    }
  });

  app.get('/reset-password/:token', { schema: { params: TokenParams } }, async (req, reply) => {
    const { token } = req.params;
    try {
      await checkResetToken(deps(), token);
      return sendPage(reply, <ResetPage ctx={pageContext(req, reply)} token={token} errors={{}} />);
    } catch (err) {
      const sent = sendLinkProblem(req, reply, err, NEW_LINK);
      if (!sent) throw err;
      return sent;
    }
  });

  app.post('/reset-password/:token', { schema: { params: TokenParams, body: FormFields } }, async (req, reply) => {
    const { token } = req.params;
    try {
      await resetPassword(deps(), { token, password: field(req.body, 'password'), confirm: field(req.body, 'confirm'), ip: req.ip });
      return redirectWithFlash(reply, '/sign-in', { kind: 'success', message: flashLanguage(req).t('auth.reset.changed') });
    } catch (err) {
      const sent = sendLinkProblem(req, reply, err, NEW_LINK);
      if (sent) return sent;
      const { fields, message } = formErrors(err);
      return sendPage(reply, <ResetPage ctx={pageContext(req, reply)} token={token} errors={fields} message={message} />, 422);
    }
  });
}

function registerInvitationPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/invitations/:token', { schema: { params: TokenParams } }, async (req, reply) => {
    const { token } = req.params;
    try {
      const view = await viewInvitation(deps(), req.actor, { token });
      return sendPage(reply, <InvitationPage ctx={pageContext(req, reply)} token={token} view={view} errors={{}} name="" />);
    } catch (err) {
      const sent = sendLinkProblem(req, reply, err, HOME);
      if (!sent) throw err;
      return sent;
    }
  });

  app.post('/invitations/:token', { schema: { params: TokenParams, body: FormFields } }, async (req, reply) => {
    const { token } = req.params;
    const body = req.body;
    const actor = req.actor?.kind === 'user' ? req.actor : null;
    try {
      const res = await acceptInvitation(deps(), { token, actor, name: field(body, 'name'), password: field(body, 'password'), confirm: field(body, 'confirm'), ip: req.ip });
      if (res.created) {
        const s = await startSession(deps(), { userId: res.userId, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
        setSessionCookie(app, reply, s.token);
      }
      return redirectWithFlash(reply, '/dashboard', { kind: 'success', message: res.created ? 'Welcome to Laurel. Your account is ready.' : 'Invitation accepted. Your new role is active.' });
    } catch (err) {
      const sent = sendLinkProblem(req, reply, err, HOME);
      if (sent) return sent;
      if (err instanceof DomainError && err.code === 'unauthenticated') return reply.redirect(`/sign-in?next=${encodeURIComponent(`/invitations/${token}`)}`, 303);
      const { fields, message } = formErrors(err);
      const view = await viewInvitation(deps(), req.actor, { token });
      return sendPage(reply, <InvitationPage ctx={pageContext(req, reply)} token={token} view={view} errors={fields} message={message} name={field(body, 'name')} />, 422);
    }
  });
}
