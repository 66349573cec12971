// /users: people administration (system admin: everyone; institution admin: their institution).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { getUser } from '../../../domain/accounts/get-user.ts';
import { listUsers } from '../../../domain/accounts/list-users.ts';
import { setUserRoles, setUserStatus } from '../../../domain/accounts/users.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses, pageOf, PageQuerySchema, RoleSchema, userOut, UserSchema } from './schemas.ts';

export function registerUserApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get(
    '/users',
    {
      schema: {
        tags: ['Users'],
        summary: 'List users (system admin: everyone; institution admin: their institution)',
        querystring: Type.Object({
          institution: Type.Optional(Type.String({ description: 'Organization slug' })),
          q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of a name or email' })),
          role: Type.Optional(RoleSchema),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('deactivated')])),
          ...PageQuerySchema,
        }),
        response: { 200: pageOf(UserSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const q = req.query;
      const res = await listUsers(deps(), actor, { organization: q.institution, q: q.q, role: q.role, status: q.status, page: q.page ?? 1, perPage: q.per_page ?? 25 });
      return { total: res.total, page: res.page, per_page: res.perPage, items: res.items.map(userOut) };
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags: ['Users'], summary: 'One user (visible to themselves and their administrators)', params: Type.Object({ id: Type.String() }), response: { 200: UserSchema, ...errorResponses(401, 404) } } },
    async (req) => userOut(await getUser(deps(), requireUser(req), req.params.id)),
  );

  app.put(
    '/users/:id/roles',
    {
      schema: {
        tags: ['Users'],
        summary: "Replace a user's roles at one organization",
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ institution: Type.String(), roles: Type.Array(RoleSchema, { maxItems: 7 }) }, { additionalProperties: false }),
        response: { 200: UserSchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      await setUserRoles(deps(), actor, { userId: req.params.id, organization: req.body.institution, roles: req.body.roles });
      return userOut(await getUser(deps(), actor, req.params.id));
    },
  );

  for (const [path, status] of [
    ['deactivate', 'deactivated'],
    ['reactivate', 'active'],
  ] as const) {
    app.post(
      `/users/:id/${path}`,
      {
        schema: {
          tags: ['Users'],
          summary: path === 'deactivate' ? 'Deactivate an account (signs it out everywhere)' : 'Reactivate an account',
          params: Type.Object({ id: Type.String() }),
          response: { 200: UserSchema, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (req) => {
        const actor = requireUser(req);
        await setUserStatus(deps(), actor, { userId: req.params.id, status });
        return userOut(await getUser(deps(), actor, req.params.id));
      },
    );
  }
}
