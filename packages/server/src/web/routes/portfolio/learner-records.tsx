// The earner's learner records (CLR 2.0): the page to make one, each record's page and its downloads.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { createLearnerRecord } from '../../../domain/portfolio/create-learner-record.ts';
import { getLearnerRecord, getLearnerRecordFile, verifyLearnerRecord } from '../../../domain/portfolio/get-learner-record.ts';
import { listLearnerRecords } from '../../../domain/portfolio/list-learner-records.ts';
import { requireUser } from '../../../kit/auth.ts';
import { LearnerRecordPage } from '../../pages/portfolio/learner-record.tsx';
import { LearnerRecordsPage, type LearnerRecordForm } from '../../pages/portfolio/learner-records.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { FormFields, IdParams } from '../../schemas.ts';
import { field, fieldList, formErrors } from '../forms.ts';
import { flashLanguage } from './flash-language.ts';

const FileParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }), file: Type.Union([Type.Literal('clr.json'), Type.Literal('clr.png')]) });

export function registerLearnerRecordPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const listPage = async (req: FastifyRequest, reply: FastifyReply, form: LearnerRecordForm, over: { errors?: Record<string, string>; message?: string; status?: number } = {}) => {
    const { records, badges } = await listLearnerRecords(deps(), requireUser(req));
    return sendPage(reply, <LearnerRecordsPage ctx={pageContext(req, reply)} records={records} badges={badges} form={form} errors={over.errors} message={over.message} />, over.status ?? 200);
  };

  app.get('/portfolio/learner-record', async (req, reply) => listPage(req, reply, { scope: 'all', badges: [] }));

  app.post('/portfolio/learner-record', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const form: LearnerRecordForm = { scope: field(req.body, 'scope') === 'chosen' ? 'chosen' : 'all', badges: fieldList(req.body, 'badges') };
    try {
      const record = await createLearnerRecord(deps(), actor, { awardIds: form.scope === 'all' ? 'all' : form.badges });
      return redirectWithFlash(reply, `/portfolio/learner-records/${record.id}`, { kind: 'success', message: flashLanguage(req).t('portfolio.flash.recordCreated', { count: record.badgeCount }) });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return listPage(req, reply, form, { errors: Object.keys(fields).length ? fields : { badges: message }, message, status: 422 });
    }
  });

  app.get('/portfolio/learner-records/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const { record, badges } = await getLearnerRecord(deps(), actor, { id: req.params.id });
    const result = await verifyLearnerRecord(deps(), actor, { id: record.id });
    return sendPage(reply, <LearnerRecordPage ctx={pageContext(req, reply)} record={record} badges={badges} result={result} />);
  });

  app.get('/portfolio/learner-records/:id/:file', { schema: { params: FileParams } }, async (req, reply) => {
    const format = req.params.file === 'clr.json' ? 'json' : 'png';
    const { record, body } = await getLearnerRecordFile(deps(), requireUser(req), { id: req.params.id, format });
    return reply
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename="learner-record-${record.id}.${format}"`)
      .type(format === 'json' ? 'application/vc+ld+json' : 'image/png')
      .send(body);
  });
}
