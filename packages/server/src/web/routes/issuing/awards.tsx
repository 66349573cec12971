// The award list (search and filters) and one award's page with its history.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { getAwardDetail } from '../../../domain/issuance/get-award.ts';
import { listAwards } from '../../../domain/issuance/list-awards.ts';
import { requireUser } from '../../../kit/auth.ts';
import { AwardDetailPage } from '../../pages/issuing/award-detail.tsx';
import { AwardListPage } from '../../pages/issuing/award-list.tsx';
import { pageContext, sendPage } from '../../render.tsx';
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
    const { history, ...view } = await getAwardDetail(deps(), requireUser(req), req.params.id);
    return sendPage(reply, <AwardDetailPage ctx={pageContext(req, reply)} view={view} history={history} />);
  });
}
