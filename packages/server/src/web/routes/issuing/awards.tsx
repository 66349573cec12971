// The award list (search and filters), one award's page with its history, and sending its claim email again.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getAwardDetail } from '../../../domain/issuance/get-award.ts';
import { listAwards } from '../../../domain/issuance/list-awards.ts';
import { getAwardForIssuer } from '../../../domain/issuance/manage-awards.ts';
import { resendClaimEmail, resendClaimProblem } from '../../../domain/issuance/resend-claim-email.ts';
import { DomainError } from '../../../domain/errors.ts';
import { requireUser } from '../../../kit/auth.ts';
import { AwardDetailPage } from '../../pages/issuing/award-detail.tsx';
import { AwardListPage } from '../../pages/issuing/award-list.tsx';
import { ConfirmResendClaimPage } from '../../pages/issuing/resend-claim.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { IdParams, queryOf } from '../../schemas.ts';
import { pageNumber } from '../forms.ts';

const AWARDS_PER_PAGE = 50;

export function registerAwardPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/issuing/awards', { schema: { querystring: queryOf('institution', 'badge_class', 'q', 'status', 'page') } }, async (req, reply) => {
    const q = req.query;
    const page = pageNumber(q.page);
    const list = await listAwards(deps(), requireUser(req), { institution: q.institution, badgeClassId: q.badge_class, q: q.q, status: q.status, page, perPage: AWARDS_PER_PAGE });
    return sendPage(reply, <AwardListPage ctx={pageContext(req, reply)} list={list} query={{ institution: q.institution, q: q.q }} page={page} perPage={AWARDS_PER_PAGE} />);
  });

  app.get('/issuing/awards/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const { history, claimLink, ...view } = await getAwardDetail(deps(), requireUser(req), req.params.id);
    return sendPage(reply, <AwardDetailPage ctx={pageContext(req, reply)} view={view} history={history} claimLink={claimLink} />);
  });

  const resendPage = async (req: FastifyRequest, reply: FastifyReply, awardId: string, over: { problem?: string; status?: number } = {}) => {
    const a = await getAwardForIssuer(deps(), requireUser(req), awardId);
    return sendPage(reply, <ConfirmResendClaimPage ctx={pageContext(req, reply)} award={a} problem={over.problem ?? resendClaimProblem(a)} />, over.status ?? 200);
  };

  app.get('/issuing/awards/:id/resend-claim', { schema: { params: IdParams } }, async (req, reply) => resendPage(req, reply, req.params.id));

  app.post('/issuing/awards/:id/resend-claim', { schema: { params: IdParams } }, async (req, reply) => {
    const { id } = req.params;
    try {
      const a = await resendClaimEmail(deps(), requireUser(req), { awardId: id });
      return redirectWithFlash(reply, `/issuing/awards/${id}`, { kind: 'success', message: `A new claim link is on its way to ${a.recipientEmail}. The link sent before no longer works.` });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'invalid_transition') throw err;
      return resendPage(req, reply, id, { problem: err.message, status: 409 });
    }
  });
}
