// /invitations: inviting someone by email to an organization, with a role.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inviteUser } from '../../../domain/accounts/invitations.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses, InvitationCreateSchema, invitationOut, InvitationSchema } from './schemas.ts';

export function registerInvitationApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/invitations',
    {
      schema: {
        tags: ['Users'],
        summary: 'Invite someone by email to join an organization with a role',
        body: InvitationCreateSchema,
        response: { 201: InvitationSchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const inv = await inviteUser(app.laurel.deps, actor, { organization: req.body.institution, email: req.body.email, role: req.body.role });
      return reply.status(201).send(invitationOut(inv, req.body.institution));
    },
  );
}
