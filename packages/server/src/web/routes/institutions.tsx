// Institution pages: the system admin's list and "add", and the profile form an institution's own
// admin may use too.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createOrganization, updateOrganization } from '../../domain/institutions/institutions.ts';
import { getEditableInstitution } from '../../domain/institutions/get-editable-institution.ts';
import { listInstitutionSummaries } from '../../domain/institutions/list-institution-summaries.ts';
import { assertAllowed, canManageInstitutions } from '../../domain/policy.ts';
import { requireUser } from '../../kit/auth.ts';
import { InstitutionFormPage, orgFormValues, type OrgFormValues } from '../pages/institutions/institution-form.tsx';
import { InstitutionListPage } from '../pages/institutions/institution-list.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields } from '../schemas.ts';
import { field, formErrors, type FormBody } from './forms.ts';

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) });

function fromBody(b: FormBody): OrgFormValues {
  return {
    name: field(b, 'name'),
    slug: field(b, 'slug'),
    institutionType: field(b, 'institutionType'),
    website: field(b, 'website'),
    city: field(b, 'city'),
    description: field(b, 'description'),
    status: field(b, 'status') || 'active',
  };
}

export function registerInstitutionPages(app: FastifyInstance): void {
  registerInstitutionList(app);
  registerInstitutionEdit(app);
}

function registerInstitutionList(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/admin/institutions', async (req, reply) => {
    const actor = requireUser(req);
    const orgs = await listInstitutionSummaries(deps(), actor);
    return sendPage(reply, <InstitutionListPage ctx={pageContext(req, reply)} orgs={orgs} />);
  });

  app.get('/admin/institutions/new', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canManageInstitutions(actor), 'Only system administrators can add institutions.');
    return sendPage(reply, <InstitutionFormPage ctx={pageContext(req, reply)} mode="new" v={orgFormValues()} errors={{}} />);
  });

  app.post('/admin/institutions', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const v = fromBody(req.body);
    try {
      const org = await createOrganization(deps(), actor, { ...v, institutionType: v.institutionType || null });
      return redirectWithFlash(reply, '/admin/institutions', { kind: 'success', message: `${org.name} was added.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendPage(reply, <InstitutionFormPage ctx={pageContext(req, reply)} mode="new" v={v} errors={fields} message={message} />, 422);
    }
  });
}

function registerInstitutionEdit(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/admin/institutions/:slug/edit', { schema: { params: SlugParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const org = await getEditableInstitution(deps(), actor, { slug: req.params.slug });
    return sendPage(reply, <InstitutionFormPage ctx={pageContext(req, reply)} mode="edit" v={orgFormValues(org)} errors={{}} org={org} />);
  });

  app.post('/admin/institutions/:slug', { schema: { params: SlugParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const org = await getEditableInstitution(deps(), actor, { slug: req.params.slug });
    const v = fromBody(req.body);
    try {
      const updated = await updateOrganization(deps(), actor, org.slug, { ...v, institutionType: v.institutionType || null });
      return redirectWithFlash(reply, canManageInstitutions(actor) ? '/admin/institutions' : '/dashboard', { kind: 'success', message: `${updated.name} was saved.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendPage(reply, <InstitutionFormPage ctx={pageContext(req, reply)} mode="edit" v={v} errors={fields} message={message} org={org} />, 422);
    }
  });
}
