// Revoke / suspend / reinstate one award (a confirmation page asking for the reason, then the change),
// and revoking or suspending many from a CSV file: upload → preview → confirm → background jobs, with
// the file's progress (page and JSON) and its error report.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { confirmStatusBatch, createStatusBatch } from '../../../domain/issuance/change-status-by-csv.ts';
import { getStatusBatchDetail, getStatusBatchErrorReport, getStatusBatchProgress, listStatusBatches } from '../../../domain/issuance/get-status-batch.ts';
import { getAwardForIssuer, reinstateAward, revokeAward, suspendAward } from '../../../domain/issuance/manage-awards.ts';
import { listIssuingOrganizations } from '../../../domain/issuance/list-issuing-organizations.ts';
import { requireUser } from '../../../kit/auth.ts';
import { ConfirmStatusPage, RevokeCsvPage, STATUS_ACTIONS, type StatusAction } from '../../pages/issuing/change-status.tsx';
import { StatusBatchPage } from '../../pages/issuing/status-batch.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { FormFields, IdParams, queryOf } from '../../schemas.ts';
import { field, formErrors, pageNumber } from '../forms.ts';

const ROWS_PER_PAGE = 100;

/** The uploaded file and the form's other fields, read from the multipart stream. */
async function readStatusUpload(req: FastifyRequest): Promise<{ file: { filename: string; data: Buffer } | undefined; truncated: boolean; fields: Record<string, string> }> {
  let file: { filename: string; data: Buffer } | undefined;
  let truncated = false;
  const fields: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      truncated = part.file.truncated;
      if (part.filename) file = { filename: part.filename, data };
    } else fields[part.fieldname] = String(part.value);
  }
  return { file, truncated, fields };
}

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

  const revokeCsvPage = async (req: FastifyRequest, reply: FastifyReply, over: { error?: string; status?: number } = {}) => {
    const actor = requireUser(req);
    const organizations = await listIssuingOrganizations(deps(), actor);
    const recent = await listStatusBatches(deps(), actor);
    return sendPage(reply, <RevokeCsvPage ctx={pageContext(req, reply)} organizations={organizations} recent={recent} error={over.error} />, over.status ?? 200);
  };

  app.get('/issuing/revoke-csv', async (req, reply) => revokeCsvPage(req, reply));

  // Multipart: the body is streamed here, so it has no body schema. Checks the file and shows its preview.
  app.post('/issuing/revoke-csv', async (req, reply) => {
    const actor = requireUser(req);
    if (!req.isMultipart()) return revokeCsvPage(req, reply, { error: 'Choose a CSV file.', status: 422 });
    const { file, truncated, fields } = await readStatusUpload(req);
    if (truncated) return revokeCsvPage(req, reply, { error: 'The file is larger than 10 MB.', status: 413 });
    if (!file) return revokeCsvPage(req, reply, { error: 'Choose a CSV file.', status: 422 });
    try {
      const action = fields.action === 'suspend' ? 'suspend' : 'revoke';
      const b = await createStatusBatch(deps(), actor, { action, filename: file.filename, csv: file.data, organizationId: fields.organization || undefined });
      return reply.redirect(`/issuing/status-batches/${b.id}`, 303);
    } catch (err) {
      const { fields: errors, message } = formErrors(err);
      return revokeCsvPage(req, reply, { error: errors.file ?? errors.organization ?? message, status: 422 });
    }
  });

  app.get('/issuing/status-batches/:id', { schema: { params: IdParams, querystring: queryOf('page', 'rows') } }, async (req, reply) => {
    const page = pageNumber(req.query.page);
    const detail = await getStatusBatchDetail(deps(), requireUser(req), req.params.id, { onlyProblems: req.query.rows === 'problems', page, perPage: ROWS_PER_PAGE });
    return sendPage(reply, <StatusBatchPage ctx={pageContext(req, reply)} detail={detail} rowsQuery={req.query.rows} page={page} perPage={ROWS_PER_PAGE} />);
  });

  app.post('/issuing/status-batches/:id/confirm', { schema: { params: IdParams } }, async (req, reply) => {
    const { id } = req.params;
    const b = await confirmStatusBatch(deps(), requireUser(req), id);
    const doing = b.action === 'revoke' ? 'Revoking' : 'Suspending';
    return redirectWithFlash(reply, `/issuing/status-batches/${id}`, { kind: 'success', message: `${doing} started. It continues in the background if you leave this page.` });
  });

  app.get('/issuing/status-batches/:id/progress.json', { schema: { params: IdParams } }, async (req, reply) => {
    const p = await getStatusBatchProgress(deps(), requireUser(req), req.params.id);
    return reply.header('cache-control', 'no-store').send(p);
  });

  app.get('/issuing/status-batches/:id/errors.csv', { schema: { params: IdParams } }, async (req, reply) => {
    const { id } = req.params;
    const csv = await getStatusBatchErrorReport(deps(), requireUser(req), id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="errors-${id}.csv"`).header('cache-control', 'no-store').send(csv);
  });
}
