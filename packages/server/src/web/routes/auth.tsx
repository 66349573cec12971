// Sign-in, sign-out, forgotten password, reset, and accepting an invitation.
import type { FastifyInstance } from 'fastify';
import { acceptInvitation, viewInvitation, type InvitationView } from '../../domain/accounts/invitations.ts';
import { checkResetToken, requestPasswordReset, resetPassword } from '../../domain/accounts/password-reset.ts';
import { signIn, signOut, startSession } from '../../domain/accounts/sessions.ts';
import { DomainError } from '../../domain/errors.ts';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { PASSWORD_MIN } from '../../domain/validate.ts';
import { clearSessionCookie, setSessionCookie } from '../../kit/auth.ts';
import { STATUS } from '../../kit/problem.ts';
import { Alert, Button, Csrf, ErrorSummary, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, redirectWithFlash, safeNext, sendPage } from '../render.tsx';
import { field, formBody, formErrors } from './forms.ts';


function SignInPage({ ctx, email, next, errors, message }: { ctx: PageContext; email: string; next: string; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="Sign in">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>Sign in</h1>
          <ErrorSummary errors={errors} message={message} />
          <form class="usa-form usa-form--large" method="post" action="/sign-in" novalidate>
            <Csrf token={ctx.csrf} />
            <input type="hidden" name="next" value={next} />
            <fieldset class="usa-fieldset">
              <legend class="usa-sr-only">Your account</legend>
              <TextInput name="email" label="Email address" type="email" autocomplete="email" value={email} error={errors.email} required />
              <TextInput name="password" label="Password" type="password" autocomplete="current-password" error={errors.password} required />
              <Button>Sign in</Button>
              <p>
                <a href="/forgot-password">Forgot your password?</a>
              </p>
            </fieldset>
          </form>
          <p class="text-base-dark">Accounts are created by invitation from your institution or the State Regents. If you received a badge, use the link in its email.</p>
        </div>
      </div>
    </Page>
  );
}

function ForgotPage({ ctx, email, errors, sent }: { ctx: PageContext; email: string; errors: Record<string, string>; sent: boolean }) {
  return (
    <Page ctx={ctx} title="Reset your password">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>Reset your password</h1>
          {sent ? (
            <Alert kind="success" heading="Check your email">
              If an account exists for {email}, we sent it a link to choose a new password. The link expires in one hour.
            </Alert>
          ) : null}
          <ErrorSummary errors={errors} />
          <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
          <form class="usa-form usa-form--large" method="post" action="/forgot-password" novalidate>
            <Csrf token={ctx.csrf} />
            <TextInput name="email" label="Email address" type="email" autocomplete="email" value={email} error={errors.email} required />
            <Button>Send reset link</Button>
          </form>
          <p>
            <a href="/sign-in">Back to sign in</a>
          </p>
        </div>
      </div>
    </Page>
  );
}

function NewPasswordFields({ errors }: { errors: Record<string, string> }) {
  return (
    <>
      <TextInput name="password" label="New password" type="password" autocomplete="new-password" hint={`At least ${PASSWORD_MIN} characters. A phrase of several words is easy to remember and hard to guess.`} error={errors.password} required />
      <TextInput name="confirm" label="Confirm new password" type="password" autocomplete="new-password" error={errors.confirm} required />
    </>
  );
}

function ResetPage({ ctx, token, errors, message }: { ctx: PageContext; token: string; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="Choose a new password">
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>Choose a new password</h1>
          <ErrorSummary errors={errors} message={message} />
          <form class="usa-form usa-form--large" method="post" action={`/reset-password/${encodeURIComponent(token)}`} novalidate>
            <Csrf token={ctx.csrf} />
            <NewPasswordFields errors={errors} />
            <Button>Save new password</Button>
          </form>
        </div>
      </div>
    </Page>
  );
}

function LinkProblemPage({ ctx, title, message, action }: { ctx: PageContext; title: string; message: string; action: { href: string; label: string } }) {
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <Alert kind="warning">{message}</Alert>
      <p>
        <a class="usa-button" href={action.href}>
          {action.label}
        </a>
      </p>
    </Page>
  );
}

function InvitationPage({ ctx, token, view, errors, message, name }: { ctx: PageContext; token: string; view: InvitationView; errors: Record<string, string>; message?: string | undefined; name: string }) {
  const { invitation, organization, accountExists } = view;
  const signedInAsInvitee = ctx.actor?.email === invitation.email;
  return (
    <Page ctx={ctx} title={`Join ${organization.name}`}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-7">
          <h1>Join {organization.name}</h1>
          <p class="usa-intro">
            You are invited to join <strong>{organization.name}</strong> on Laurel as <strong>{ROLE_LABELS[invitation.role]}</strong>. The invitation is for{' '}
            <strong>{invitation.email}</strong>.
          </p>
          <ErrorSummary errors={errors} message={message} />
          {accountExists ? (
            signedInAsInvitee ? (
              <form class="usa-form" method="post" action={`/invitations/${encodeURIComponent(token)}`}>
                <Csrf token={ctx.csrf} />
                <Button>Accept the invitation</Button>
              </form>
            ) : ctx.actor ? (
              <Alert kind="warning">
                You are signed in as {ctx.actor.email}. Sign out, then sign in as {invitation.email} to accept.
              </Alert>
            ) : (
              <>
                <p>You already have a Laurel account with this email address. Sign in to accept the invitation.</p>
                <a class="usa-button" href={`/sign-in?next=${encodeURIComponent(`/invitations/${token}`)}`}>
                  Sign in to accept
                </a>
              </>
            )
          ) : ctx.actor ? (
            <Alert kind="warning">
              You are signed in as {ctx.actor.email}. Sign out to create the account for {invitation.email}.
            </Alert>
          ) : (
            <form class="usa-form usa-form--large" method="post" action={`/invitations/${encodeURIComponent(token)}`} novalidate>
              <Csrf token={ctx.csrf} />
              <fieldset class="usa-fieldset">
                <legend class="usa-legend usa-legend--large">Create your account</legend>
                <TextInput name="name" label="Full name" autocomplete="name" value={name} error={errors.name} required />
                <NewPasswordFields errors={errors} />
                <Button>Create account and join</Button>
              </fieldset>
            </form>
          )}
        </div>
      </div>
    </Page>
  );
}

function linkProblem(err: unknown): { title: string; message: string } | undefined {
  if (err instanceof DomainError && ['invitation_invalid', 'invitation_expired', 'reset_link_invalid', 'reset_link_expired'].includes(err.code)) {
    return { title: err.code.startsWith('invitation') ? 'This invitation cannot be used' : 'This reset link cannot be used', message: err.message };
  }
  return undefined;
}

export function registerAuthPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;
  const SIGN_IN_LIMIT = { max: app.laurel.config.signInRateLimit, timeWindow: '1 minute' };

  app.get('/sign-in', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (req.actor) return reply.redirect(safeNext(q.next));
    return sendPage(reply, <SignInPage ctx={pageContext(req, reply)} email="" next={safeNext(q.next)} errors={{}} />);
  });

  app.post('/sign-in', { config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const body = formBody(req);
    const email = field(body, 'email');
    const next = safeNext(field(body, 'next'));
    try {
      const res = await signIn(deps(), { email, password: field(body, 'password'), ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setSessionCookie(app, reply, res.token);
      return reply.redirect(next, 303);
    } catch (err) {
      const { fields, message } = formErrors(err);
      const status = err instanceof DomainError ? STATUS[err.code] : 401;
      return sendPage(reply, <SignInPage ctx={pageContext(req, reply)} email={email} next={next} errors={fields} message={message} />, status);
    }
  });

  app.post('/sign-out', async (req, reply) => {
    if (req.actor?.kind === 'user' && req.actor.sessionId) await signOut(deps(), req.actor.sessionId);
    clearSessionCookie(reply);
    req.actor = null;
    return redirectWithFlash(reply, '/sign-in', { kind: 'info', message: 'You have signed out.' });
  });

  app.get('/forgot-password', async (req, reply) => sendPage(reply, <ForgotPage ctx={pageContext(req, reply)} email="" errors={{}} sent={false} />));

  app.post('/forgot-password', { config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const email = field(formBody(req), 'email').trim();
    try {
      await requestPasswordReset(deps(), { email, ip: req.ip });
      return sendPage(reply, <ForgotPage ctx={pageContext(req, reply)} email={email} errors={{}} sent />);
    } catch (err) {
      const { fields } = formErrors(err);
      return sendPage(reply, <ForgotPage ctx={pageContext(req, reply)} email={email} errors={fields} sent={false} />, 422);
    }
  });

  app.get('/reset-password/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    try {
      await checkResetToken(deps(), token);
      return sendPage(reply, <ResetPage ctx={pageContext(req, reply)} token={token} errors={{}} />);
    } catch (err) {
      const p = linkProblem(err);
      if (!p) throw err;
      return sendPage(reply, <LinkProblemPage ctx={pageContext(req, reply)} {...p} action={{ href: '/forgot-password', label: 'Ask for a new link' }} />, (err as DomainError).code.endsWith('expired') ? 410 : 404);
    }
  });

  app.post('/reset-password/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const body = formBody(req);
    try {
      await resetPassword(deps(), { token, password: field(body, 'password'), confirm: field(body, 'confirm'), ip: req.ip });
      return redirectWithFlash(reply, '/sign-in', { kind: 'success', message: 'Your password has been changed. Sign in with your new password.' });
    } catch (err) {
      const p = linkProblem(err);
      if (p) return sendPage(reply, <LinkProblemPage ctx={pageContext(req, reply)} {...p} action={{ href: '/forgot-password', label: 'Ask for a new link' }} />, (err as DomainError).code.endsWith('expired') ? 410 : 404);
      const { fields, message } = formErrors(err);
      return sendPage(reply, <ResetPage ctx={pageContext(req, reply)} token={token} errors={fields} message={message} />, 422);
    }
  });

  app.get('/invitations/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    try {
      const view = await viewInvitation(deps(), token);
      return sendPage(reply, <InvitationPage ctx={pageContext(req, reply)} token={token} view={view} errors={{}} name="" />);
    } catch (err) {
      const p = linkProblem(err);
      if (!p) throw err;
      return sendPage(reply, <LinkProblemPage ctx={pageContext(req, reply)} {...p} action={{ href: '/', label: 'Go to the home page' }} />, (err as DomainError).code.endsWith('expired') ? 410 : 404);
    }
  });

  app.post('/invitations/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const body = formBody(req);
    const actor = req.actor?.kind === 'user' ? req.actor : null;
    try {
      const res = await acceptInvitation(deps(), { token, actor, name: field(body, 'name'), password: field(body, 'password'), confirm: field(body, 'confirm'), ip: req.ip });
      if (res.created) {
        const s = await startSession(deps(), { userId: res.userId, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
        setSessionCookie(app, reply, s.token);
      }
      return redirectWithFlash(reply, '/dashboard', { kind: 'success', message: res.created ? 'Welcome to Laurel. Your account is ready.' : 'Invitation accepted. Your new role is active.' });
    } catch (err) {
      const p = linkProblem(err);
      if (p) return sendPage(reply, <LinkProblemPage ctx={pageContext(req, reply)} {...p} action={{ href: '/', label: 'Go to the home page' }} />, (err as DomainError).code.endsWith('expired') ? 410 : 404);
      if (err instanceof DomainError && err.code === 'unauthenticated') return reply.redirect(`/sign-in?next=${encodeURIComponent(`/invitations/${token}`)}`, 303);
      const { fields, message } = formErrors(err);
      const view = await viewInvitation(deps(), token);
      return sendPage(reply, <InvitationPage ctx={pageContext(req, reply)} token={token} view={view} errors={fields} message={message} name={field(body, 'name')} />, 422);
    }
  });
}
