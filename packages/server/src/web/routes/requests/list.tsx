// The institution's request list and starting a request.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getInstitutionRequests } from '../../../domain/programs/get-institution-requests.ts';
import { listAuthoringInstitutions } from '../../../domain/programs/list-authoring-institutions.ts';
import { createRequest } from '../../../domain/programs/requests.ts';
import { DomainError } from '../../../domain/errors.ts';
import { isRegentsStaff, isSystemAdmin, requestListOrganizationIds } from '../../../domain/policy.ts';
import { requireUser } from '../../../kit/auth.ts';
import { NewRequestPage, NoInstitutionPage, RequestListPage } from '../../pages/requests/list-page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { queryOf } from '../../schemas.ts';
import { field, formErrors } from '../forms.ts';
import { FormPost } from './schemas.ts';

export function registerRequestListPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/requests', { schema: { querystring: queryOf('institution') } }, async (req, reply) => {
    const actor = requireUser(req);
    if (requestListOrganizationIds(actor).length === 0 && (isRegentsStaff(actor) || isSystemAdmin(actor))) return reply.redirect('/review');
    const data = await getInstitutionRequests(deps(), actor, { institution: req.query.institution });
    const ctx = pageContext(req, reply);
    if (!data.current) return sendPage(reply, <NoInstitutionPage ctx={ctx} />);
    return sendPage(reply, <RequestListPage ctx={ctx} data={data} org={data.current} />);
  });

  app.get('/requests/new', async (req, reply) => {
    const actor = requireUser(req);
    const orgs = await listAuthoringInstitutions(deps(), actor);
    if (orgs.length === 0) throw new DomainError('forbidden', 'Only institutions’ program authors and administrators can start requests.');
    return sendPage(reply, <NewRequestPage ctx={pageContext(req, reply)} orgs={orgs} v={{}} errors={{}} />);
  });

  app.post('/requests', { schema: { body: FormPost } }, async (req, reply) => {
    const actor = requireUser(req);
    const b = req.body ?? {};
    const v = { organization: field(b, 'organization'), title: field(b, 'title'), credential_type: field(b, 'credential_type'), endorsement_requested: field(b, 'endorsement_requested') || 'true' };
    try {
      const created = await createRequest(deps(), actor, { organization: v.organization || undefined, form: { title: v.title, credential_type: v.credential_type || null, endorsement_requested: v.endorsement_requested } });
      return redirectWithFlash(reply, `/requests/${created.id}/edit/basics`, { kind: 'success', message: 'Draft started. It is saved as you go; submit it from the review page when it is complete.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const orgs = await listAuthoringInstitutions(deps(), actor);
      return sendPage(reply, <NewRequestPage ctx={pageContext(req, reply)} orgs={orgs} v={v} errors={fields} message={message} />, 422);
    }
  });
}
