// The review page for State Regents staff.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getReviewQueue, type ReviewTab } from '../../../domain/review/get-review-queue.ts';
import { requireUser } from '../../../kit/auth.ts';
import { ReviewPage } from '../../pages/requests/review-page.tsx';
import { pageContext, sendPage } from '../../render.tsx';
import { queryOf } from '../../schemas.ts';
import { pageNumber } from '../forms.ts';

const ReviewQuery = queryOf('tab', 'page', 'institution', 'type', 'endorsement', 'age', 'state');

export function registerReviewPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/review', { schema: { querystring: ReviewQuery } }, async (req, reply) => {
    const actor = requireUser(req);
    const q = req.query;
    const tab: ReviewTab = q.tab === 'recommendations' || q.tab === 'rereview' || q.tab === 'decided' ? q.tab : 'queue';
    const queue = await getReviewQueue(app.laurel.deps, actor, { tab, institution: q.institution, credentialType: q.type, endorsement: q.endorsement, age: q.age, state: q.state, page: pageNumber(q.page) });
    const filters = { institution: q.institution, type: q.type, endorsement: q.endorsement, age: q.age, state: q.state };
    return sendPage(reply, <ReviewPage ctx={pageContext(req, reply)} tab={tab} filters={filters} queue={queue} />);
  });
}
