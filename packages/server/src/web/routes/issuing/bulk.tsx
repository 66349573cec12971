// Bulk issuing from a CSV file: the upload form and its (streamed, multipart) post, the preview and
// progress page of an upload, confirming it, its progress as JSON and its error report.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { batchErrorReport, batchProgress, confirmBatch, createBatch } from '../../../domain/issuance/batches.ts';
import { getBadgeClassForIssuer } from '../../../domain/issuance/get-badge-class-for-issuer.ts';
import { getBatchDetail } from '../../../domain/issuance/get-batch-detail.ts';
import { requireUser } from '../../../kit/auth.ts';
import { BatchPage } from '../../pages/issuing/batch.tsx';
import { BulkUploadPage } from '../../pages/issuing/bulk-upload.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { IdParams, queryOf } from '../../schemas.ts';
import { formErrors, pageNumber } from '../forms.ts';

const ROWS_PER_PAGE = 100;

/** The uploaded file and the form's ticked options, read from the multipart stream. */
async function readUpload(req: FastifyRequest): Promise<{ file: { filename: string; data: Buffer } | undefined; truncated: boolean; flags: Record<string, boolean> }> {
  let file: { filename: string; data: Buffer } | undefined;
  let truncated = false;
  const flags: Record<string, boolean> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      truncated = part.file.truncated;
      if (part.filename) file = { filename: part.filename, data };
    } else flags[part.fieldname] = String(part.value) === '1';
  }
  return { file, truncated, flags };
}

export function registerBulkIssuePages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  const uploadPage = async (req: FastifyRequest, reply: FastifyReply, badgeClassId: string, over: { error?: string; status?: number } = {}) => {
    const c = await getBadgeClassForIssuer(deps(), requireUser(req), badgeClassId);
    const badgeClass = { id: badgeClassId, name: c.badgeClass.name, expiresAfterMonths: c.badgeClass.expiresAfterMonths, organizationName: c.organization.name };
    return sendPage(reply, <BulkUploadPage ctx={pageContext(req, reply)} badgeClass={badgeClass} error={over.error} />, over.status ?? 200);
  };

  app.get('/issuing/badge-classes/:id/bulk', { schema: { params: IdParams } }, async (req, reply) => uploadPage(req, reply, req.params.id));

  // Multipart: the body is streamed here, so it has no body schema.
  app.post('/issuing/badge-classes/:id/bulk', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params;
    if (!req.isMultipart()) return uploadPage(req, reply, id, { error: 'Choose a CSV file to upload.', status: 422 });
    const { file, truncated, flags } = await readUpload(req);
    if (truncated) return uploadPage(req, reply, id, { error: 'The file is larger than 10 MB.', status: 413 });
    if (!file) return uploadPage(req, reply, id, { error: 'Choose a CSV file to upload.', status: 422 });
    try {
      const b = await createBatch(deps(), actor, { badgeClassId: id, filename: file.filename, csv: file.data, reissue: !!flags.reissue, notify: !flags.suppress_notification });
      return reply.redirect(`/issuing/batches/${b.id}`, 303);
    } catch (err) {
      const { fields, message } = formErrors(err);
      return uploadPage(req, reply, id, { error: fields.file ?? message, status: 422 });
    }
  });

  app.get('/issuing/batches/:id', { schema: { params: IdParams, querystring: queryOf('page', 'rows') } }, async (req, reply) => {
    const page = pageNumber(req.query.page);
    const detail = await getBatchDetail(deps(), requireUser(req), req.params.id, { onlyProblems: req.query.rows === 'problems', page, perPage: ROWS_PER_PAGE });
    return sendPage(reply, <BatchPage ctx={pageContext(req, reply)} detail={detail} rowsQuery={req.query.rows} page={page} perPage={ROWS_PER_PAGE} />);
  });

  app.post('/issuing/batches/:id/confirm', { schema: { params: IdParams } }, async (req, reply) => {
    const { id } = req.params;
    await confirmBatch(deps(), requireUser(req), id);
    return redirectWithFlash(reply, `/issuing/batches/${id}`, { kind: 'success', message: 'Issuing started. It continues in the background if you leave this page.' });
  });

  app.get('/issuing/batches/:id/progress.json', { schema: { params: IdParams } }, async (req, reply) => {
    const p = await batchProgress(deps(), requireUser(req), req.params.id);
    return reply.header('cache-control', 'no-store').send(p);
  });

  app.get('/issuing/batches/:id/errors.csv', { schema: { params: IdParams } }, async (req, reply) => {
    const { id } = req.params;
    const csv = await batchErrorReport(deps(), requireUser(req), id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="errors-${id}.csv"`).header('cache-control', 'no-store').send(csv);
  });
}
