// /institutions: the Regents and the institutions (public to read; system admin adds, admins edit).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createOrganization, updateOrganization } from '../../../domain/institutions/institutions.ts';
import { getInstitution } from '../../../domain/institutions/get-institution.ts';
import { listInstitutions } from '../../../domain/institutions/list-institutions.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses, InstitutionCreateSchema, institutionOut, InstitutionSchema, InstitutionUpdateSchema } from './schemas.ts';

function camelInstitution(b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...b };
  if ('institution_type' in b) {
    out.institutionType = b.institution_type;
    delete out.institution_type;
  }
  return out;
}

export function registerInstitutionApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get(
    '/institutions',
    { schema: { tags: ['Institutions'], summary: 'List the Regents and every institution (public information)', security: [], response: { 200: Type.Object({ items: Type.Array(InstitutionSchema) }) } } },
    async (req) => ({ items: (await listInstitutions(deps(), req.actor)).map(institutionOut) }),
  );

  app.get(
    '/institutions/:slug',
    { schema: { tags: ['Institutions'], summary: 'One institution', security: [], params: Type.Object({ slug: Type.String() }), response: { 200: InstitutionSchema, ...errorResponses(404) } } },
    async (req) => institutionOut(await getInstitution(deps(), req.actor, { slug: req.params.slug })),
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
}
