// The award register (search, filters, keyset pages, CSV download), one award's page with its history,
// and sending its claim email again.
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countAwardRegister, listAwardRegister, registerChoices, type RegisterFilters, type RegisterParams } from '../../../domain/issuance/award-register.ts';
import { exportAwardRegister } from '../../../domain/issuance/export-award-register.ts';
import { getAwardDetail } from '../../../domain/issuance/get-award.ts';
import { getAwardForIssuer } from '../../../domain/issuance/manage-awards.ts';
import { resendClaimEmail, resendClaimProblem } from '../../../domain/issuance/resend-claim-email.ts';
import { DomainError } from '../../../domain/errors.ts';
import { requireUser } from '../../../kit/auth.ts';
import { AwardDetailPage } from '../../pages/issuing/award-detail.tsx';
import { AwardListPage } from '../../pages/issuing/award-list.tsx';
import { ConfirmResendClaimPage } from '../../pages/issuing/resend-claim.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { IdParams, queryOf } from '../../schemas.ts';

const REGISTER_QUERY = queryOf('institution', 'q', 'badge_class_id', 'badge_class', 'status', 'issued_from', 'issued_to', 'expires_from', 'expires_to', 'cursor');
type RegisterQuery = Partial<Record<'institution' | 'q' | 'badge_class_id' | 'badge_class' | 'status' | 'issued_from' | 'issued_to' | 'expires_from' | 'expires_to' | 'cursor', string>>;

/** The page's query as register parameters; empty fields (a form sends them all) are no filter. */
function paramsOf(q: RegisterQuery): RegisterParams {
  const v = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  return {
    institution: v(q.institution),
    q: v(q.q),
    // `badge_class`: the older name, still in links people saved.
    badge_class_id: v(q.badge_class_id) ?? v(q.badge_class),
    status: v(q.status),
    issued_from: v(q.issued_from),
    issued_to: v(q.issued_to),
    expires_from: v(q.expires_from),
    expires_to: v(q.expires_to),
    cursor: v(q.cursor),
  };
}

export function registerAwardPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/issuing/awards', { schema: { querystring: REGISTER_QUERY } }, async (req, reply) => {
    const actor = requireUser(req);
    const params = paramsOf(req.query);
    const { cursor: _cursor, ...shown } = params;
    const values = Object.fromEntries(Object.entries(shown).filter(([, x]) => x !== undefined)) as RegisterFilters;
    try {
      const [register, total] = await Promise.all([listAwardRegister(deps(), actor, params), countAwardRegister(deps(), actor, params)]);
      return sendPage(reply, <AwardListPage ctx={pageContext(req, reply)} {...register} values={register.filters} register={register} total={total} />);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
      const choices = await registerChoices(deps(), actor, params.institution);
      return sendPage(reply, <AwardListPage ctx={pageContext(req, reply)} {...choices} values={values} errors={err.fields} />, 422);
    }
  });

  app.get('/issuing/awards.csv', { schema: { querystring: REGISTER_QUERY } }, async (req, reply) => {
    const { filename, lines } = await exportAwardRegister(deps(), requireUser(req), paramsOf(req.query));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(Readable.from(lines));
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
