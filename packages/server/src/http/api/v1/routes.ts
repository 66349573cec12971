import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { inviteUser } from '../../../domain/accounts/invitations.ts';
import { getUser, listUsers, setUserRoles, setUserStatus } from '../../../domain/accounts/users.ts';
import { createOrganization, getOrganization, listOrganizations, updateOrganization } from '../../../domain/institutions/institutions.ts';
import { assertAllowed, canViewAuditLog } from '../../../domain/policy.ts';
import { repos } from '../../../storage/repositories/index.ts';
import { requireUser } from '../../../kit/auth.ts';
import { registerRequestApi } from './requests.ts';
import { registerVerifyApi } from './verify.ts';
import { registerInventoryApi } from './inventory.ts';
import { registerAwardsApi } from './awards.ts';
import {
  AuditEventSchema,
  auditOut,
  errorResponses,
  InstitutionCreateSchema,
  institutionOut,
  InstitutionSchema,
  InstitutionUpdateSchema,
  InvitationCreateSchema,
  invitationOut,
  InvitationSchema,
  pageOf,
  PageQuerySchema,
  ProblemSchema,
  RoleSchema,
  userOut,
  UserSchema,
} from './schemas.ts';

function camelInstitution(b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...b };
  if ('institution_type' in b) {
    out.institutionType = b.institution_type;
    delete out.institution_type;
  }
  return out;
}

export async function registerApi(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(ProblemSchema);
  await registerRequestApi(app);
  await registerVerifyApi(app);
  await registerInventoryApi(app);
  registerAwardsApi(app);
  const deps = () => app.laurel.deps;

  app.get(
    '/me',
    { schema: { tags: ['Account'], summary: 'The authenticated user and their roles', response: { 200: UserSchema, ...errorResponses(401) } } },
    async (req) => {
      const actor = requireUser(req);
      return userOut(await getUser(deps(), actor, actor.userId));
    },
  );

  app.get(
    '/institutions',
    { schema: { tags: ['Institutions'], summary: 'List the Regents and every institution (public information)', security: [], response: { 200: Type.Object({ items: Type.Array(InstitutionSchema) }) } } },
    async () => ({ items: (await listOrganizations(deps())).map(institutionOut) }),
  );

  app.get(
    '/institutions/:slug',
    { schema: { tags: ['Institutions'], summary: 'One institution', security: [], params: Type.Object({ slug: Type.String() }), response: { 200: InstitutionSchema, ...errorResponses(404) } } },
    async (req) => institutionOut(await getOrganization(deps(), req.params.slug)),
  );

  app.post(
    '/institutions',
    {
      schema: {
        tags: ['Institutions'],
        summary: 'Add an institution (system admin)',
        body: InstitutionCreateSchema,
        response: { 201: InstitutionSchema, ...errorResponses(401, 403, 409, 422) },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const org = await createOrganization(deps(), actor, camelInstitution(req.body));
      return reply.status(201).header('location', `/api/v1/institutions/${org.slug}`).send(institutionOut(org));
    },
  );

  app.patch(
    '/institutions/:slug',
    {
      schema: {
        tags: ['Institutions'],
        summary: "Edit an institution's profile (system admin, or that institution's admin)",
        params: Type.Object({ slug: Type.String() }),
        body: InstitutionUpdateSchema,
        response: { 200: InstitutionSchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      return institutionOut(await updateOrganization(deps(), actor, req.params.slug, camelInstitution(req.body)));
    },
  );

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
      const inv = await inviteUser(deps(), actor, { organization: req.body.institution, email: req.body.email, role: req.body.role });
      return reply.status(201).send(invitationOut(inv, req.body.institution));
    },
  );

  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['Audit'],
        summary: 'The append-only audit log, newest first (system admin)',
        querystring: Type.Object({ action: Type.Optional(Type.String()), subject_id: Type.Optional(Type.String()), ...PageQuerySchema }),
        response: { 200: pageOf(AuditEventSchema), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      assertAllowed(canViewAuditLog(actor), 'Only system administrators can read the audit log.');
      const q = req.query;
      const res = await repos(deps().db).audit.list({ action: q.action, subjectId: q.subject_id, page: q.page ?? 1, perPage: q.per_page ?? 25 });
      return { total: res.total, page: res.page, per_page: res.perPage, items: res.items.map(auditOut) };
    },
  );
}
