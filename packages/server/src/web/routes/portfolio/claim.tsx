// The claim link (no account needed to look): accept signed in, decline, or create an account and accept.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { startSession } from '../../../domain/accounts/sessions.ts';
import { DomainError } from '../../../domain/errors.ts';
import { acceptClaim, createAccountFromClaim, declineClaim } from '../../../domain/portfolio/portfolio.ts';
import { requestFreshClaimLink } from '../../../domain/portfolio/request-fresh-claim-link.ts';
import { viewClaim } from '../../../domain/portfolio/view-claim.ts';
import { requireUser, setSessionCookie } from '../../../kit/auth.ts';
import { ClaimDeclinedPage, ClaimPage, FreshLinkSentPage } from '../../pages/portfolio/claim.tsx';
import { pageContext, redirectWithFlash, requestLocale, sendPage } from '../../render.tsx';
import { FormFields } from '../../schemas.ts';
import { field, formErrors } from '../forms.ts';
import { flashLanguage } from './flash-language.ts';
import { TokenParams } from './params.ts';

const expired = (err: unknown) => err instanceof DomainError && err.code === 'claim_link_expired';

export function registerClaimPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const tz = () => app.laurel.config.timeZone;

  const claimPage = async (req: FastifyRequest, reply: FastifyReply, token: string, over: { errors?: Record<string, string>; message?: string; name?: string; status?: number } = {}) => {
    const v = await viewClaim(deps(), req.actor, { token });
    // An expired link's page answers 410 Gone (it explains and offers a fresh link).
    const status = over.status ?? (v.claimLink.expired && !v.award.revokedAt && v.award.claimState !== 'accepted' ? 410 : 200);
    return sendPage(reply, <ClaimPage ctx={pageContext(req, reply)} v={v} token={token} timeZone={tz()} errors={over.errors} message={over.message} {...(over.name !== undefined ? { name: over.name } : {})} />, status);
  };

  app.get('/claim/:token', { schema: { params: TokenParams } }, async (req, reply) => claimPage(req, reply, req.params.token));

  app.post('/claim/:token/accept', { schema: { params: TokenParams } }, async (req, reply) => {
    const { token } = req.params;
    if (!req.actor) return reply.redirect(`/sign-in?next=${encodeURIComponent(`/claim/${token}`)}`, 303);
    const actor = requireUser(req);
    let award;
    try {
      award = await acceptClaim(deps(), actor, token);
    } catch (err) {
      if (expired(err)) return claimPage(req, reply, token, { status: 410 });
      throw err;
    }
    return redirectWithFlash(reply, `/portfolio#badge-${award.id}`, { kind: 'success', message: flashLanguage(req).t('portfolio.flash.acceptedClaim') });
  });

  app.post('/claim/:token/decline', { schema: { params: TokenParams } }, async (req, reply) => {
    try {
      await declineClaim(deps(), req.actor, req.params.token);
    } catch (err) {
      if (expired(err)) return claimPage(req, reply, req.params.token, { status: 410 });
      throw err;
    }
    return sendPage(reply, <ClaimDeclinedPage ctx={pageContext(req, reply)} />);
  });

  // A fresh link, emailed to the badge's recipient address (the form sends no address: none is read).
  app.post('/claim/:token/new-link', { schema: { params: TokenParams } }, async (req, reply) => {
    const { sentTo } = await requestFreshClaimLink(deps(), req.actor, { token: req.params.token, language: requestLocale(req) });
    return sendPage(reply, <FreshLinkSentPage ctx={pageContext(req, reply)} sentTo={sentTo} />);
  });

  app.post('/claim/:token/account', { schema: { params: TokenParams, body: FormFields } }, async (req, reply) => {
    const { token } = req.params;
    const b = req.body;
    try {
      const { userId } = await createAccountFromClaim(deps(), { token, name: field(b, 'name'), password: field(b, 'password') });
      const s = await startSession(deps(), { userId, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setSessionCookie(app, reply, s.token);
      return redirectWithFlash(reply, '/portfolio', { kind: 'success', message: flashLanguage(req).t('portfolio.flash.accountReady') });
    } catch (err) {
      if (expired(err)) return claimPage(req, reply, token, { status: 410 });
      const { fields, message } = formErrors(err);
      return claimPage(req, reply, token, { errors: fields, message, name: field(b, 'name'), status: err instanceof DomainError && err.code === 'duplicate_email' ? 409 : 422 });
    }
  });
}
