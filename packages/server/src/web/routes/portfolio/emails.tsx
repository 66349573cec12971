// The portfolio's extra email addresses, and the public profile.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getPublicProfile } from '../../../domain/portfolio/get-public-profile.ts';
import { listEarnerEmails } from '../../../domain/portfolio/list-earner-emails.ts';
import { addEarnerEmail, removeEarnerEmail, verifyEarnerEmail } from '../../../domain/portfolio/portfolio.ts';
import { requireUser } from '../../../kit/auth.ts';
import { EarnerEmailsPage } from '../../pages/portfolio/emails.tsx';
import { PublicProfilePage } from '../../pages/portfolio/profile.tsx';
import { pageContext, redirectWithFlash, requestLocale, sendPage } from '../../render.tsx';
import { FormFields, IdParams } from '../../schemas.ts';
import { field, formErrors } from '../forms.ts';
import { TokenParams } from './params.ts';
import { flashLanguage } from './flash-language.ts';


export function registerEarnerEmailPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  const emailsPage = async (req: FastifyRequest, reply: FastifyReply, over: { errors?: Record<string, string>; email?: string; status?: number } = {}) => {
    const actor = requireUser(req);
    const list = await listEarnerEmails(deps(), actor, { userId: actor.userId });
    return sendPage(reply, <EarnerEmailsPage ctx={pageContext(req, reply)} signInEmail={actor.email} list={list} errors={over.errors} email={over.email} />, over.status ?? 200);
  };

  app.get('/portfolio/emails', async (req, reply) => emailsPage(req, reply));

  app.post('/portfolio/emails', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const email = field(req.body, 'email');
    try {
      await addEarnerEmail(deps(), actor, email, requestLocale(req));
      return redirectWithFlash(reply, '/portfolio/emails', { kind: 'success', message: flashLanguage(req).t('portfolio.flash.emailSent', { email: email.trim() }) });
    } catch (err) {
      const { fields } = formErrors(err);
      return emailsPage(req, reply, { errors: fields, email, status: 422 });
    }
  });

  app.post('/portfolio/emails/:id/remove', { schema: { params: IdParams } }, async (req, reply) => {
    await removeEarnerEmail(deps(), requireUser(req), req.params.id);
    return redirectWithFlash(reply, '/portfolio/emails', { kind: 'success', message: flashLanguage(req).t('portfolio.flash.emailRemoved') });
  });

  app.get('/portfolio/emails/verify/:token', { schema: { params: TokenParams } }, async (req, reply) => {
    const { email } = await verifyEarnerEmail(deps(), req.params.token);
    return redirectWithFlash(reply, req.actor ? '/portfolio' : '/sign-in', { kind: 'success', message: flashLanguage(req).t('portfolio.flash.emailConfirmed', { email }) });
  });
}

export function registerProfilePages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/profiles/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const { name, badges } = await getPublicProfile(app.laurel.deps, req.actor, { userId: req.params.id });
    return sendPage(reply, <PublicProfilePage ctx={pageContext(req, reply)} name={name} badges={badges} timeZone={app.laurel.config.timeZone} />);
  });
}
