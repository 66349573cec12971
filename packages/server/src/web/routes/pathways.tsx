// Pathway pages: the public list and page (/pathways, /pathways/{id}), the staff's list, form and
// pathway page under /pathways/manage, and the Regents' queue under /pathways/review. The form works
// without JavaScript (pathway-form-state.ts): each of its buttons posts everything typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Actor } from '../../domain/actor.ts';
import { archivePathway } from '../../domain/pathways/archive-pathway.ts';
import { createPathway } from '../../domain/pathways/create-pathway.ts';
import { deletePathway } from '../../domain/pathways/delete-pathway.ts';
import { getPathway } from '../../domain/pathways/get-pathway.ts';
import { getPathwayFormOptions } from '../../domain/pathways/get-pathway-form-options.ts';
import { getPathwayReviewQueue } from '../../domain/pathways/get-pathway-review-queue.ts';
import { getPublishedPathway } from '../../domain/pathways/get-published-pathway.ts';
import { listPathways } from '../../domain/pathways/list-pathways.ts';
import { listPublishedPathways } from '../../domain/pathways/list-published-pathways.ts';
import { publishPathway } from '../../domain/pathways/publish-pathway.ts';
import { reviewPathway } from '../../domain/pathways/review-pathway.ts';
import { updatePathway } from '../../domain/pathways/update-pathway.ts';
import { canReviewPathways } from '../../domain/policy.ts';
import { requireUser } from '../../kit/auth.ts';
import { PathwayFormPage } from '../pages/pathways/pathway-form.tsx';
import { DeletePathwayPage, PathwayListPage, PathwayStaffPage } from '../pages/pathways/pathway-pages.tsx';
import { PathwayReviewQueuePage, PublicPathwayListPage, PublicPathwayPage } from '../pages/pathways/public-pages.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields, IdParams, queryOf } from '../schemas.ts';
import { field, formErrors, type FormBody } from './forms.ts';
import { applyFormAction, emptyPathwayValues, inputOfValues, valuesFromBody, valuesOfPathway, type PathwayFormValues } from './pathway-form-state.ts';

interface FormRender {
  readonly v: PathwayFormValues;
  readonly errors?: Record<string, string>;
  readonly message?: string | undefined;
  readonly notice?: string | undefined;
  readonly search?: boolean;
  readonly pathway?: { id: string; name: string; organizationId: string } | undefined;
  readonly status?: number;
}

async function sendForm(req: FastifyRequest, reply: FastifyReply, actor: Actor, o: FormRender): Promise<FastifyReply> {
  const v = o.v;
  const programIds = [...v.components.map((c) => c.program_id), v.destination_program_id].filter(Boolean);
  const options = await getPathwayFormOptions(req.server.laurel.deps, actor, {
    ...(o.pathway ? { organizationId: o.pathway.organizationId } : { institution: v.institution || undefined }),
    q: o.search ? v.program_q : undefined,
    programIds,
  });
  const page = <PathwayFormPage ctx={pageContext(req, reply)} v={{ ...v, institution: options.institution.slug }} options={options} errors={o.errors ?? {}} message={o.message} notice={o.notice} pathway={o.pathway} />;
  return sendPage(reply, page, o.status ?? 200);
}

const version = (body: FormBody): number | undefined => {
  const n = Number(field(body, '_version'));
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

export function registerPathwayPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/pathways', async (req, reply) => sendPage(reply, <PublicPathwayListPage ctx={pageContext(req, reply)} views={await listPublishedPathways(deps(), req.actor)} />));

  app.get('/pathways/manage', async (req, reply) => {
    const actor = requireUser(req);
    const groups = await listPathways(deps(), actor);
    return sendPage(reply, <PathwayListPage ctx={pageContext(req, reply)} groups={groups} canReview={canReviewPathways(actor)} />);
  });

  app.get('/pathways/manage/new', { schema: { querystring: queryOf('institution') } }, async (req, reply) => sendForm(req, reply, requireUser(req), { v: emptyPathwayValues(req.query.institution ?? '') }));

  /** The form's post: a button other than save gives the form back changed; save creates or updates. */
  const handleForm = async (req: FastifyRequest, reply: FastifyReply, body: FormBody, pathwayId?: string) => {
    const actor = requireUser(req);
    const v = valuesFromBody(body);
    const existing = pathwayId ? (await getPathway(deps(), actor, { pathwayId })).pathway : undefined;
    const pathway = existing ? { id: existing.id, name: existing.name, organizationId: existing.organizationId } : undefined;
    const step = applyFormAction(v, field(body, '_action'));
    if (step.kind === 'search') return sendForm(req, reply, actor, { v, pathway, search: true });
    if (step.kind === 'edit') return sendForm(req, reply, actor, { v: step.values, errors: step.errors, notice: step.message, pathway, search: Boolean(step.values.program_q), status: Object.keys(step.errors).length ? 422 : 200 });
    try {
      const saved = pathwayId ? await updatePathway(deps(), actor, { ...inputOfValues(v), pathwayId, expectedVersion: version(body) }) : await createPathway(deps(), actor, inputOfValues(v));
      const back = saved.reviewState === 'pending' && existing?.reviewState !== 'pending' ? ' It changed after the Regents accepted it, so it is back in their queue.' : '';
      return redirectWithFlash(reply, `/pathways/manage/${saved.id}`, { kind: 'success', message: `${saved.name} was saved.${back}` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendForm(req, reply, actor, { v, errors: fields, message, pathway, status: 422 });
    }
  };
  app.post('/pathways/manage/new', { schema: { body: FormFields } }, (req, reply) => handleForm(req, reply, req.body));
  app.post('/pathways/manage/:id/edit', { schema: { params: IdParams, body: FormFields } }, (req, reply) => handleForm(req, reply, req.body, req.params.id));

  app.get('/pathways/manage/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const d = await getPathway(deps(), requireUser(req), { pathwayId: req.params.id });
    return sendPage(reply, <PathwayStaffPage ctx={pageContext(req, reply)} d={d} />);
  });

  app.get('/pathways/manage/:id/edit', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const d = await getPathway(deps(), actor, { pathwayId: req.params.id });
    const p = d.pathway;
    return sendForm(req, reply, actor, { v: valuesOfPathway(p, d.owner.slug), pathway: { id: p.id, name: p.name, organizationId: p.organizationId } });
  });

  const act = (path: 'publish' | 'archive', run: typeof publishPathway, done: (name: string, pending: boolean) => string) =>
    app.post(`/pathways/manage/:id/${path}`, { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
      const back = `/pathways/manage/${req.params.id}`;
      try {
        const p = await run(deps(), requireUser(req), { pathwayId: req.params.id, expectedVersion: version(req.body) });
        return redirectWithFlash(reply, back, { kind: 'success', message: done(p.name, p.reviewState === 'pending') });
      } catch (err) {
        return redirectWithFlash(reply, back, { kind: 'error', message: formErrors(err).message });
      }
    });
  act('publish', publishPathway, (name, pending) => (pending ? `${name} was sent to the State Regents for review. It is public once accepted.` : `${name} is published.`));
  act('archive', archivePathway, (name) => `${name} is archived: it no longer shows publicly.`);

  app.get('/pathways/manage/:id/delete', { schema: { params: IdParams } }, async (req, reply) => {
    const d = await getPathway(deps(), requireUser(req), { pathwayId: req.params.id });
    return sendPage(reply, <DeletePathwayPage ctx={pageContext(req, reply)} d={d} />);
  });

  app.post('/pathways/manage/:id/delete', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    try {
      const { name } = await deletePathway(deps(), requireUser(req), { pathwayId: req.params.id, expectedVersion: version(req.body) });
      return redirectWithFlash(reply, '/pathways/manage', { kind: 'success', message: `${name} was deleted.` });
    } catch (err) {
      return redirectWithFlash(reply, `/pathways/manage/${req.params.id}`, { kind: 'error', message: formErrors(err).message });
    }
  });

  app.get('/pathways/review', async (req, reply) => sendPage(reply, <PathwayReviewQueuePage ctx={pageContext(req, reply)} views={await getPathwayReviewQueue(deps(), requireUser(req))} />));

  app.post('/pathways/review/:id', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const decision = field(req.body, 'decision') === 'accept' ? 'accept' : 'request_changes';
    const comment = field(req.body, 'comment');
    try {
      const p = await reviewPathway(deps(), actor, { pathwayId: req.params.id, decision, comment, expectedVersion: version(req.body) });
      return redirectWithFlash(reply, '/pathways/review', { kind: 'success', message: decision === 'accept' ? `${p.name} was accepted and is now public.` : `${p.name} was sent back to its authors with your comment.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const views = await getPathwayReviewQueue(deps(), actor);
      const page = <PathwayReviewQueuePage ctx={pageContext(req, reply)} views={views} failed={{ id: req.params.id, errors: Object.keys(fields).length ? fields : { comment: message }, comment }} />;
      return sendPage(reply, page, 422);
    }
  });

  app.get('/pathways/:id', { schema: { params: IdParams } }, async (req, reply) => sendPage(reply, <PublicPathwayPage ctx={pageContext(req, reply)} v={await getPublishedPathway(deps(), req.actor, { pathwayId: req.params.id })} />));
}
