// Revoke / suspend / reinstate one award (a confirmation page asking for the reason, then the change),
// and revoking or suspending many from a CSV file.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeStatusByCsv, getAwardForIssuer, reinstateAward, revokeAward, suspendAward } from '../../../domain/issuance/manage-awards.ts';
import { listIssuingOrganizations } from '../../../domain/issuance/list-issuing-organizations.ts';
import { requireUser } from '../../../kit/auth.ts';
import { ConfirmStatusPage, RevokeCsvPage, STATUS_ACTIONS, type CsvRowResult, type StatusAction } from '../../pages/issuing/change-status.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { FormFields, IdParams } from '../../schemas.ts';
import { field, formErrors } from '../forms.ts';

const RUN: Record<StatusAction, typeof revokeAward> = { revoke: revokeAward, suspend: suspendAward, reinstate: reinstateAward };
const ACTIONS: readonly StatusAction[] = ['revoke', 'suspend', 'reinstate'];

export function registerAwardStatusPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  const confirmPage = async (req: FastifyRequest, reply: FastifyReply, action: StatusAction, awardId: string, over: { error?: string; reason?: string; status?: number } = {}) => {
    const a = await getAwardForIssuer(deps(), requireUser(req), awardId);
    return sendPage(reply, <ConfirmStatusPage ctx={pageContext(req, reply)} action={action} award={a} reason={over.reason} error={over.error} />, over.status ?? 200);
  };

  for (const action of ACTIONS) {
    app.get(`/issuing/awards/:id/${action}`, { schema: { params: IdParams } }, async (req, reply) => confirmPage(req, reply, action, req.params.id));
    app.post(`/issuing/awards/:id/${action}`, { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
      const { id } = req.params;
      const reason = field(req.body, 'reason');
      try {
        await RUN[action](deps(), requireUser(req), { awardId: id, reason });
        return redirectWithFlash(reply, `/issuing/awards/${id}`, { kind: 'success', message: STATUS_ACTIONS[action].done });
      } catch (err) {
        const { fields, message } = formErrors(err);
        return confirmPage(req, reply, action, id, { error: fields.reason ?? message, reason, status: 422 });
      }
    });
  }

  const revokeCsvPage = async (req: FastifyRequest, reply: FastifyReply, over: { error?: string; results?: CsvRowResult[]; status?: number } = {}) => {
    await listIssuingOrganizations(deps(), requireUser(req));
    return sendPage(reply, <RevokeCsvPage ctx={pageContext(req, reply)} error={over.error} results={over.results} />, over.status ?? 200);
  };

  app.get('/issuing/revoke-csv', async (req, reply) => revokeCsvPage(req, reply));

  // Multipart: the body is streamed here, so it has no body schema.
  app.post('/issuing/revoke-csv', async (req, reply) => {
    const actor = requireUser(req);
    if (!req.isMultipart()) return revokeCsvPage(req, reply, { error: 'Choose a CSV file.', status: 422 });
    let csv = '';
    let action: 'revoke' | 'suspend' = 'revoke';
    for await (const part of req.parts()) {
      if (part.type === 'file') csv = (await part.toBuffer()).toString('utf8');
      else if (part.fieldname === 'action' && part.value === 'suspend') action = 'suspend';
    }
    try {
      return revokeCsvPage(req, reply, { results: await changeStatusByCsv(deps(), actor, { csv, action }) });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return revokeCsvPage(req, reply, { error: fields.file ?? message, status: 422 });
    }
  });
}
