// /me: the authenticated user.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getUser } from '../../../domain/accounts/get-user.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses, userOut, UserSchema } from './schemas.ts';

export function registerAccountApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/me',
    { schema: { tags: ['Account'], summary: 'The authenticated user and their roles', response: { 200: UserSchema, ...errorResponses(401) } } },
    async (req) => {
      const actor = requireUser(req);
      return userOut(await getUser(app.laurel.deps, actor, actor.userId));
    },
  );
}
