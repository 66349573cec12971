// /issuing/milestones: the milestones awaiting the issuer's approval, approve (POST) and dismiss (a
// confirmation page, then POST). Both decisions go through the domain's use cases and policy.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { approveMilestone } from '../../../domain/pathways/approve-milestone.ts';
import { dismissMilestone } from '../../../domain/pathways/dismiss-milestone.ts';
import { listPendingMilestones } from '../../../domain/pathways/list-pending-milestones.ts';
import { requireUser } from '../../../kit/auth.ts';
import { DismissMilestonePage, PendingMilestonesPage } from '../../pages/issuing/milestones.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { formErrors } from '../forms.ts';

const MilestoneParams = Type.Object({ pathwayId: Type.String({ minLength: 1, maxLength: 200 }), userId: Type.String({ minLength: 1, maxLength: 200 }) });

export function registerMilestonePages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const back = (reply: FastifyReply, kind: 'success' | 'error', message: string) => redirectWithFlash(reply, '/issuing/milestones', { kind, message });
  const pending = async (req: FastifyRequest, p: { pathwayId: string; userId: string }) =>
    (await listPendingMilestones(deps(), requireUser(req))).flatMap((s) => s.pending).find((m) => m.milestone.pathwayId === p.pathwayId && m.milestone.userId === p.userId);

  app.get('/issuing/milestones', async (req, reply) => {
    const sections = await listPendingMilestones(deps(), requireUser(req));
    return sendPage(reply, <PendingMilestonesPage ctx={pageContext(req, reply)} sections={sections} />);
  });

  app.post('/issuing/milestones/:pathwayId/:userId/approve', { schema: { params: MilestoneParams } }, async (req, reply) => {
    try {
      const o = await approveMilestone(deps(), requireUser(req), req.params);
      return back(reply, 'success', o.state === 'issued' ? 'The milestone badge is issued.' : 'The milestone badge is being issued.');
    } catch (err) {
      return back(reply, 'error', formErrors(err).message);
    }
  });

  app.get('/issuing/milestones/:pathwayId/:userId/dismiss', { schema: { params: MilestoneParams } }, async (req, reply) => {
    const m = await pending(req, req.params);
    if (!m) return back(reply, 'error', 'This milestone is no longer awaiting approval.');
    return sendPage(reply, <DismissMilestonePage ctx={pageContext(req, reply)} m={m} />);
  });

  app.post('/issuing/milestones/:pathwayId/:userId/dismiss', { schema: { params: MilestoneParams } }, async (req, reply) => {
    try {
      await dismissMilestone(deps(), requireUser(req), req.params);
      return back(reply, 'success', 'The milestone is dismissed.');
    } catch (err) {
      return back(reply, 'error', formErrors(err).message);
    }
  });
}
