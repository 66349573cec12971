// /issuing and the CSV template.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { csvTemplate } from '../../../domain/issuance/batches.ts';
import { getIssuingOverview } from '../../../domain/issuance/get-issuing-overview.ts';
import { listIssuingOrganizations } from '../../../domain/issuance/list-issuing-organizations.ts';
import { requireUser } from '../../../kit/auth.ts';
import { IssuingHomePage } from '../../pages/issuing/home.tsx';
import { pageContext, sendPage } from '../../render.tsx';

export function registerIssuingHome(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/issuing', async (req, reply) => {
    const sections = await getIssuingOverview(deps(), requireUser(req));
    return sendPage(reply, <IssuingHomePage ctx={pageContext(req, reply)} sections={sections} />);
  });

  app.get('/issuing/template.csv', async (req, reply) => {
    await listIssuingOrganizations(deps(), requireUser(req));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="laurel-issue-template.csv"').send(csvTemplate());
  });
}
