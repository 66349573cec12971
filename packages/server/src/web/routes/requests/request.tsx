// The request page and what is done from it: workflow transitions, comments, and reading attached files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { readAttachment } from '../../../domain/programs/read-attachment.ts';
import { getRequest } from '../../../domain/programs/get-request.ts';
import { addComment } from '../../../domain/programs/requests.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { UserActor } from '../../../domain/actor.ts';
import { transitionRequest } from '../../../domain/review/transition.ts';
import { actionLabel, type Action } from '../../../domain/review/workflow.ts';
import { requireUser } from '../../../kit/auth.ts';
import { WithdrawPage } from '../../pages/requests/request-actions.tsx';
import { RequestPage } from '../../pages/requests/request-page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { IdParams } from '../../schemas.ts';
import { field, formErrors } from '../forms.ts';
import { FormPost } from './schemas.ts';

export function registerRequestViewPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  const renderRequest = async (req: FastifyRequest, reply: FastifyReply, actor: UserActor, id: string, opts: { errors?: Record<string, string>; message?: string; comment?: string; status?: number } = {}) => {
    const view = await getRequest(deps(), actor, id);
    return sendPage(reply, <RequestPage ctx={pageContext(req, reply)} view={view} errors={opts.errors ?? {}} message={opts.message} comment={opts.comment} />, opts.status ?? 200);
  };

  app.get('/requests/:id', { schema: { params: IdParams } }, async (req, reply) => renderRequest(req, reply, requireUser(req), req.params.id));

  app.post('/requests/:id/transition', { schema: { params: IdParams, body: FormPost } }, async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params;
    const b = req.body ?? {};
    const action = field(b, 'action');
    const comment = field(b, `comment-${action}`) || field(b, `comment-decision-${id}`);
    const back = field(b, '_return') === '/review?tab=recommendations' ? '/review?tab=recommendations' : `/requests/${id}`;
    // Withdrawing is final: the button leads to a confirmation page, whose form says it was confirmed.
    if (action === 'withdraw' && field(b, 'confirmed') !== '1') return reply.redirect(`/requests/${id}/withdraw`, 303);
    try {
      await transitionRequest(deps(), actor, { requestId: id, action, comment, expectedVersion: Number(field(b, '_version')) || undefined });
      return redirectWithFlash(reply, back, { kind: 'success', message: `Done: ${actionLabel(action as Action)}.` });
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'request_conflict' || err.code === 'invalid_transition')) {
        return redirectWithFlash(reply, back, { kind: 'error', message: err.message });
      }
      // POST-redirect-GET: the request page's checklist marks each failed rule, next to its Fix link.
      if (err instanceof DomainError && err.code === 'rules_failed') {
        const n = Array.isArray(err.details.rules) ? err.details.rules.length : Object.keys(err.fields).length;
        return redirectWithFlash(reply, `/requests/${id}`, { kind: 'error', message: `Not submitted: ${n} policy rule${n === 1 ? ' is' : 's are'} not met. Fix the rules marked Fail in the checklist, then submit again.` });
      }
      if (back !== `/requests/${id}` && err instanceof DomainError && err.code === 'validation_failed') {
        return redirectWithFlash(reply, back, { kind: 'error', message: `${err.fields.comment ?? err.message} (${actionLabel(action as Action)})` });
      }
      const { fields, message } = formErrors(err);
      const errors: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields)) errors[k === 'comment' ? `comment-${action}` : k.replace(/\./g, '-')] = v;
      return renderRequest(req, reply, actor, id, { errors, message, comment, status: 422 });
    }
  });

  app.get('/requests/:id/withdraw', { schema: { params: IdParams } }, async (req, reply) => {
    const view = await getRequest(deps(), requireUser(req), req.params.id);
    if (!view.actions.includes('withdraw')) return redirectWithFlash(reply, `/requests/${view.request.id}`, { kind: 'error', message: 'This request can no longer be withdrawn.' });
    return sendPage(reply, <WithdrawPage ctx={pageContext(req, reply)} view={view} />);
  });

  app.post('/requests/:id/comments', { schema: { params: IdParams, body: FormPost } }, async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params;
    const comment = field(req.body ?? {}, 'comment');
    try {
      await addComment(deps(), actor, { requestId: id, comment });
      return redirectWithFlash(reply, `/requests/${id}#timeline-h`, { kind: 'success', message: 'Comment posted.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return renderRequest(req, reply, actor, id, { errors: fields, message, comment, status: 422 });
    }
  });

  app.get('/attachments/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = req.actor && req.actor.kind === 'user' ? req.actor : null;
    const { meta, data } = await readAttachment(deps(), actor, req.params.id);
    reply.header('content-type', meta.contentType).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=300');
    // Uploaded SVGs are sanitised; the sandbox is a second guard if one is opened directly.
    if (meta.contentType === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    reply.header('content-disposition', `${meta.contentType === 'application/pdf' ? 'attachment' : 'inline'}; filename="${meta.filename.replace(/"/g, '')}"`);
    return reply.send(data);
  });
}
