// The Request Form's sections: showing one, saving it (with the add-a-row buttons), and uploading files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { attachFile } from '../../../domain/programs/attachments.ts';
import { readForm } from '../../../domain/programs/form.ts';
import { getRequestForEditing } from '../../../domain/programs/get-request-for-editing.ts';
import { updateRequest } from '../../../domain/programs/requests.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { UserActor } from '../../../domain/actor.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorsFor, isSection, SECTIONS, sectionChanges, sectionDefaults, type SectionId } from '../../pages/requests/request-form.tsx';
import { SectionPage } from '../../pages/requests/section-page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { IdParams } from '../../schemas.ts';
import { field, formErrors, unflatten, type FormBody } from '../forms.ts';
import { FormPost, SectionParams } from './schemas.ts';

interface SectionOverrides {
  form?: Record<string, unknown>;
  /** What was posted, field name → text, so a value that could not be read is shown as typed. */
  raw?: Record<string, string>;
  /** Someone else saved since the form was opened: show their version next to what was typed. */
  conflict?: boolean;
  fieldErrors?: Record<string, string>;
  message?: string;
  uploadError?: string;
  status?: number;
  extraRow?: string;
}

/** The posted text fields as typed (the first value of each), for showing back what could not be read. */
function rawValues(b: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(b)) if (!k.startsWith('_') && (typeof v === 'string' || Array.isArray(v))) out[k] = field(b, k);
  return out;
}

function sectionOrNotFound(section: string): SectionId {
  if (!isSection(section)) throw new DomainError('not_found', 'There is no such section of the Request Form.');
  return section;
}

export function registerRequestFormPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  const renderSection = async (req: FastifyRequest, reply: FastifyReply, actor: UserActor, requestId: string, section: SectionId, over: SectionOverrides = {}) => {
    const { view, policy } = await getRequestForEditing(deps(), actor, { requestId });
    if (!view.canEdit) return reply.redirect(`/requests/${view.request.id}`, 303);
    const form = over.form ? readForm(over.form, view.form).form : view.form;
    if (over.extraRow === 'add_course') form.courses.push({ prefix: '', number: '', title: '', credit_hours: null, assessment: '' });
    if (over.extraRow === 'add_activity') form.activities.push({ title: '', contact_hours: null, assessment: '' });
    if (over.extraRow === 'add_partner') form.partners.push({ name: '', role: '', letter_attachment_id: null });
    if (over.extraRow === 'add_alignment') form.alignments.push({ framework: 'onet', code: '', name: '', url: '' });
    const errors = errorsFor(section, over.fieldErrors ?? {}, view.checklist, { form: view.form, savedFields: view.savedFields });
    const conflict = over.conflict ? sectionChanges(section, view.form, form) : undefined;
    const page = (
      <SectionPage ctx={pageContext(req, reply)} request={view.request} section={section} form={form} raw={over.raw} conflict={conflict} policy={policy} attachments={view.attachments} errors={errors} saveFailed={over.fieldErrors !== undefined} message={over.message} uploadError={over.uploadError} />
    );
    return sendPage(reply, page, over.status ?? 200);
  };

  app.get('/requests/:id/edit/:section', { schema: { params: SectionParams } }, async (req, reply) => {
    const section = sectionOrNotFound(req.params.section);
    return renderSection(req, reply, requireUser(req), req.params.id, section);
  });

  app.post('/requests/:id/edit/:section', { schema: { params: SectionParams, body: FormPost } }, async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params;
    const section = sectionOrNotFound(req.params.section);
    const b = req.body ?? {};
    const input = { ...sectionDefaults(section), ...unflatten(b) };
    const action = field(b, '_action') || 'save';
    const version = Number(field(b, '_version')) || undefined;
    try {
      await updateRequest(deps(), actor, { requestId: id, form: input, expectedVersion: version });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'request_conflict') {
        return renderSection(req, reply, actor, id, section, { form: input, raw: rawValues(b), conflict: true, status: 409 });
      }
      const { fields, message } = formErrors(err);
      return renderSection(req, reply, actor, id, section, { form: input, raw: rawValues(b), fieldErrors: fields, message, status: 422 });
    }
    if (action.startsWith('add_')) return renderSection(req, reply, actor, id, section, { extraRow: action });
    const idx = SECTIONS.findIndex((s) => s.id === section);
    if (action === 'next' && idx < SECTIONS.length - 1) return reply.redirect(`/requests/${id}/edit/${SECTIONS[idx + 1]!.id}`, 303);
    if (action === 'review') return reply.redirect(`/requests/${id}`, 303);
    return redirectWithFlash(reply, `/requests/${id}/edit/${section}`, { kind: 'success', message: 'Draft saved.' });
  });

  // Multipart: the body is streamed here (no body schema); the CSRF token rides in the action URL.
  app.post('/requests/:id/files', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params;
    if (!req.isMultipart()) throw new DomainError('validation_failed', 'Choose a file to upload.');
    let kind = '';
    let partner: number | undefined;
    let section: SectionId = 'badge';
    let file: { filename: string; data: Buffer } | undefined;
    let tooBig = false;
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        tooBig = part.file.truncated;
        if (part.filename) file = { filename: part.filename, data };
      } else if (part.fieldname === 'kind') kind = String(part.value);
      else if (part.fieldname === 'partner' && part.value !== '') partner = Number(part.value);
      else if (part.fieldname === 'section' && isSection(String(part.value))) section = String(part.value) as SectionId;
    }
    if (tooBig) return renderSection(req, reply, actor, id, section, { uploadError: 'The file is larger than 10 MB.', status: 413 });
    if (!file) return renderSection(req, reply, actor, id, section, { uploadError: 'Choose a file to upload.', status: 422 });
    try {
      await attachFile(deps(), actor, { requestId: id, kind, partnerIndex: partner, filename: file.filename, data: file.data });
      return redirectWithFlash(reply, `/requests/${id}/edit/${section}`, { kind: 'success', message: `${file.filename} uploaded.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return renderSection(req, reply, actor, id, section, { uploadError: fields.file ?? fields.partner ?? message, status: 422 });
    }
  });
}
