// The dashboard: one section per role the person holds (pages/dashboard/).
import type { FastifyInstance } from 'fastify';
import { getDashboard } from '../../domain/dashboard/get-dashboard.ts';
import { requireUser } from '../../kit/auth.ts';
import { DashboardPage } from '../pages/dashboard/dashboard-page.tsx';
import { pageContext, sendPage } from '../render.tsx';

export function registerDashboard(app: FastifyInstance): void {
  app.get('/dashboard', async (req, reply) => {
    const actor = requireUser(req);
    const data = await getDashboard(app.laurel.deps, actor);
    return sendPage(reply, <DashboardPage ctx={pageContext(req, reply)} name={actor.name} data={data} hasMemberships={actor.memberships.length > 0} />);
  });
}
