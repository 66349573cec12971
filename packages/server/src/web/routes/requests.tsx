// Request pages: the institution's list, starting a request, the multi-section form, the request page
// (review-before-submit for authors; the review page for Regents staff), transitions, comments, files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachFile, readAttachment } from '../../domain/programs/attachments.ts';
import { diffForms, formAsText } from '../../domain/programs/diff.ts';
import { CREDENTIAL_TYPES, readForm } from '../../domain/programs/form.ts';
import { addComment, createRequest, getRequest, listRequests, updateRequest, type RequestView } from '../../domain/programs/requests.ts';
import { DomainError } from '../../domain/errors.ts';
import { authoringOrganizationIds, isRegentsStaff, isSystemAdmin } from '../../domain/policy.ts';
import { requestStats } from '../../domain/review/queues.ts';
import { getPolicy } from '../../domain/review/settings.ts';
import { transitionRequest } from '../../domain/review/transition.ts';
import { actionLabel, PROGRAM_RULES, REQUEST_RULES, STATE_LABELS, waitingOn, type Action, type RequestState } from '../../domain/review/workflow.ts';
import { requireUser } from '../../kit/auth.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { RequestRecord } from '../../storage/repositories/programs.ts';
import { Checklist, DiffTable, EndorsementTag, FieldTable, StateTag, Timeline } from '../components/requests.tsx';
import { Alert, Button, Csrf, ErrorSummary, formatDate, Pagination, Select, TextArea, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { errorsFor, isSection, SECTIONS, sectionDefaults, SectionFields, SectionForm, sectionOf, StepIndicator, UploadForm, type SectionId } from './request-form.tsx';
import { field, formBody, formErrors, pageNumber, unflatten } from './forms.ts';

const GROUPS: { id: string; label: string; states: string[] }[] = [
  { id: 'yours', label: 'Waiting on your institution', states: ['draft', 'changes_requested'] },
  { id: 'regents', label: 'With the State Regents', states: ['submitted', 'in_review', 'resubmitted', 'recommended_approve', 'recommended_deny'] },
  { id: 'decided', label: 'Decided', states: ['approved', 'listed', 'denied', 'rejected', 'withdrawn'] },
];

export function RequestTable({ items, caption, showInstitution, orgNames }: { items: RequestRecord[]; caption: string; showInstitution?: boolean; orgNames?: Map<string, string> }) {
  return (
    <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table class="usa-table usa-table--borderless width-full">
        <caption class="usa-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            {showInstitution ? <th scope="col">Institution</th> : null}
            <th scope="col">Type</th>
            <th scope="col">Endorsement</th>
            <th scope="col">State</th>
            <th scope="col">Submitted</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((q) => (
            <tr key={q.id}>
              <th scope="row">
                <a href={`/requests/${q.id}`}>{q.title}</a>
                {q.kind === 'revision' ? <span class="text-base"> (revision)</span> : null}
              </th>
              {showInstitution ? <td>{orgNames?.get(q.organizationId) ?? ''}</td> : null}
              <td>{q.credentialType ? CREDENTIAL_TYPES[q.credentialType as keyof typeof CREDENTIAL_TYPES] : '—'}</td>
              <td>{q.endorsementRequested ? 'Requested' : 'Listing only'}</td>
              <td>
                <StateTag state={q.state} />
              </td>
              <td>{q.submittedAt ? formatDate(q.submittedAt) : '—'}</td>
              <td>{formatDate(q.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatsLine({ byState, median }: { byState: Record<string, number>; median: number | null }) {
  const entries = Object.entries(byState).filter(([, n]) => n > 0);
  return (
    <div class="usa-summary-box margin-bottom-3" role="region" aria-label="Request counts">
      <div class="usa-summary-box__body">
        <p class="margin-0">
          {entries.length === 0 ? 'No requests yet.' : entries.map(([s, n]) => `${STATE_LABELS[s as RequestState] ?? s}: ${n}`).join(' · ')}
        </p>
        <p class="margin-0">Median time from submission to decision: {median === null ? 'no decisions yet' : `${median} days`}.</p>
      </div>
    </div>
  );
}

function NewRequestPage({ ctx, orgs, v, errors, message }: { ctx: PageContext; orgs: { slug: string; name: string }[]; v: Record<string, string>; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="New request">
      <h1>Request Form for a new micro-credential or digital badge</h1>
      <p class="usa-intro">Start with the basics; you can save the form as a draft at every step and submit it when it is complete.</p>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action="/requests" novalidate>
        <Csrf token={ctx.csrf} />
        {orgs.length > 1 ? <Select name="organization" label="Institution" value={v.organization} options={orgs.map((o) => [o.slug, o.name] as const)} emptyLabel="- Select -" error={errors.organization} /> : null}
        <TextInput name="title" label="Title" value={v.title} error={errors.title} required maxLength={200} />
        <Select name="credential_type" label="Credential type" value={v.credential_type} options={Object.entries(CREDENTIAL_TYPES)} emptyLabel="- Select -" error={errors.credential_type} />
        <fieldset class="usa-fieldset usa-form-group">
          <legend class="usa-legend">Endorsement requested</legend>
          {(
            [
              ['true', 'Endorsed by State Regents', 'Reviewed by Regents staff and decided by the Chancellor.'],
              ['false', 'Listing only — Not Endorsed by State Regents', 'Reviewed by Regents staff and listed in the statewide inventory.'],
            ] as const
          ).map(([val, label, desc]) => (
            <div class="usa-radio" key={val}>
              <input class="usa-radio__input usa-radio__input--tile" id={`endorsement-${val}`} type="radio" name="endorsement_requested" value={val} checked={(v.endorsement_requested ?? 'true') === val} />
              <label class="usa-radio__label" for={`endorsement-${val}`}>
                {label}
                <span class="usa-checkbox__label-description">{desc}</span>
              </label>
            </div>
          ))}
        </fieldset>
        <Button>Start the request</Button>
      </form>
    </Page>
  );
}

function RequestPage({ ctx, view, errors, message, comment }: { ctx: PageContext; view: RequestView; errors: Record<string, string>; message?: string | undefined; comment?: string }) {
  const q = view.request;
  const allActions: Action[] = [...view.actions, ...view.programActions];
  const institutionSide = view.canEdit || view.actions.includes('withdraw');
  const failedRules = view.checklist.filter((r) => r.status === 'failed');
  return (
    <Page ctx={ctx} title={q.title} wide>
      <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
        <ol class="usa-breadcrumb__list">
          <li class="usa-breadcrumb__list-item">
            <a class="usa-breadcrumb__link" href={institutionSide || !ctx.actor || !isRegentsStaff(ctx.actor) ? '/requests' : '/review'}>
              <span>{institutionSide || !ctx.actor || !isRegentsStaff(ctx.actor) ? 'Requests' : 'Review queue'}</span>
            </a>
          </li>
          <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
            <span>{q.title}</span>
          </li>
        </ol>
      </nav>
      {view.canEdit ? <StepIndicator current="review" requestId={q.id} /> : null}
      <h1>{q.title}</h1>
      <p class="laurel-actions margin-top-0">
        <StateTag state={q.state} />
        <span>{view.organization.name}</span>
        <span>·</span>
        <span>{q.endorsementRequested ? 'Requests endorsement' : 'Listing only'}</span>
        <span>·</span>
        <span>
          {q.kind === 'revision' ? 'Revision' : 'New program'} (revision {view.revisionNumber})
        </span>
        {view.program.status !== 'draft' ? (
          <>
            <span>·</span>
            <span>
              Program: <strong>{view.program.status}</strong>
              {view.program.endorsement ? (
                <>
                  {' '}
                  <EndorsementTag endorsed={view.program.endorsement === 'endorsed'} />
                </>
              ) : null}
            </span>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={errors} message={message} />
      {q.state === 'draft' && view.canEdit ? (
        <Alert kind={failedRules.length ? 'warning' : 'info'} heading="Review before you submit">
          {failedRules.length
            ? `Fix the ${failedRules.length} rule${failedRules.length === 1 ? '' : 's'} marked Fail below before you submit.`
            : 'Everything required is in place. Check the request below, then submit it to the State Regents.'}
        </Alert>
      ) : null}
      {view.program.rereviewDueAt && view.program.status === 'active' && view.program.liveRevisionId === q.revisionId ? (
        <p>
          Re-review due: <strong>{formatDate(view.program.rereviewDueAt)}</strong>
        </p>
      ) : null}

      {allActions.length ? (
        <section class="laurel-actionbox" aria-labelledby="actions-h">
          <h2 id="actions-h" class="margin-top-0">
            Your next step
          </h2>
          {allActions.map((a) => {
            const rule = a in REQUEST_RULES ? REQUEST_RULES[a as keyof typeof REQUEST_RULES] : PROGRAM_RULES[a as keyof typeof PROGRAM_RULES];
            const required = rule.comment === 'required';
            return (
              <form class="usa-form margin-bottom-2" method="post" action={`/requests/${q.id}/transition`} key={a}>
                <Csrf token={ctx.csrf} />
                <input type="hidden" name="action" value={a} />
                <input type="hidden" name="_version" value={String(q.version)} />
                <TextArea name={`comment-${a}`} label={required ? `Comment (required to ${actionLabel(a).toLowerCase()})` : 'Comment (optional)'} value={errors[`comment-${a}`] ? comment : ''} error={errors[`comment-${a}`]} rows={2} />
                <Button variant={['withdraw', 'deny', 'reject', 'recommend_deny', 'suspend', 'retire', 'request_changes'].includes(a) ? 'outline' : undefined}>{actionLabel(a)}</Button>
              </form>
            );
          })}
        </section>
      ) : (
        <p class="text-base-dark">{waitingOn(q.state as RequestState) ? `Waiting on ${{ institution: 'the institution', reviewer: 'Regents staff', chancellor: 'the Chancellor' }[waitingOn(q.state as RequestState)!]}.` : 'This request is finished.'}</p>
      )}

      <div class="grid-row grid-gap-lg">
        <div class="desktop:grid-col-8">
          <Checklist results={view.checklist} sectionOf={sectionOf} editable={view.canEdit} requestId={q.id} />
          {view.liveForm ? (
            <section aria-labelledby="diff-h" class="margin-bottom-4">
              <h2 id="diff-h">Changes from the listed revision</h2>
              <DiffTable changes={diffForms(view.liveForm, view.form)} />
            </section>
          ) : null}
          <section aria-labelledby="request-h">
            <h2 id="request-h">The request</h2>
            {SECTIONS.map((s) => {
              const rows = formAsText(view.form).filter(([k]) => sectionOf(k === 'credit_hours' ? 'courses' : k) === s.id);
              return (
                <div key={s.id}>
                  <h3 class="display-flex flex-align-center">
                    {s.label}
                    {view.canEdit ? (
                      <a class="margin-left-2 font-sans-xs" href={`/requests/${q.id}/edit/${s.id}`}>
                        Edit<span class="usa-sr-only"> {s.label}</span>
                      </a>
                    ) : null}
                  </h3>
                  <FieldTable rows={rows} caption={s.label} />
                </div>
              );
            })}
          </section>
          {view.attachments.length ? (
            <section aria-labelledby="files-h">
              <h2 id="files-h">Attachments</h2>
              <ul class="usa-list">
                {view.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`/attachments/${a.id}`}>{a.filename}</a> — {a.kind === 'letter' ? 'letter of support' : 'badge image'}, {Math.max(1, Math.round(a.size / 1024))} KB
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <aside class="desktop:grid-col-4" aria-labelledby="timeline-h">
          <h2 id="timeline-h">Timeline and comments</h2>
          <Timeline events={view.events} />
          <form class="usa-form" method="post" action={`/requests/${q.id}/comments`}>
            <Csrf token={ctx.csrf} />
            <TextArea name="comment" label="Add a comment" value={errors.comment ? comment : ''} error={errors.comment} rows={3} />
            <Button variant="outline">Post comment</Button>
          </form>
        </aside>
      </div>
    </Page>
  );
}

function RecommendationCards({ items, orgNames, recs, csrf, canDecide }: { items: RequestRecord[]; orgNames: Map<string, string>; recs: Map<string, { by: string; toward: string; comment: string | null }>; csrf: string; canDecide: boolean }) {
  return (
    <ul class="usa-card-group">
      {items.map((q) => {
        const rec = recs.get(q.id);
        return (
          <li class="usa-card tablet:grid-col-12" key={q.id}>
            <div class="usa-card__container">
              <div class="usa-card__header">
                <h2 class="usa-card__heading">
                  <a href={`/requests/${q.id}`}>{q.title}</a>
                </h2>
                <p class="margin-0">
                  {orgNames.get(q.organizationId)} · submitted {formatDate(q.submittedAt)}
                </p>
              </div>
              <div class="usa-card__body">
                <p>
                  <strong>{rec ? `${rec.by} recommends ${rec.toward}.` : 'Recommendation pending.'}</strong>
                  {rec?.comment ? ` “${rec.comment}”` : ''}
                </p>
                {canDecide ? (
                  <form class="usa-form laurel-wide-form" method="post" action={`/requests/${q.id}/transition`}>
                    <Csrf token={csrf} />
                    <input type="hidden" name="_version" value={String(q.version)} />
                    <input type="hidden" name="_return" value="/review?tab=recommendations" />
                    <TextArea name={`comment-decision-${q.id}`} label="Comment (required to deny)" rows={2} />
                    <div class="laurel-actions">
                      <button class="usa-button" type="submit" name="action" value="approve">
                        Approve<span class="usa-sr-only"> {q.title}</span>
                      </button>
                      <button class="usa-button usa-button--outline" type="submit" name="action" value="deny">
                        Deny<span class="usa-sr-only"> {q.title}</span>
                      </button>
                    </div>
                  </form>
                ) : null}
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

async function renderRequest(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, opts: { errors?: Record<string, string>; message?: string; comment?: string; status?: number } = {}) {
  const actor = requireUser(req);
  const view = await getRequest(app.laurel.deps, actor, (req.params as { id: string }).id);
  return sendPage(reply, <RequestPage ctx={pageContext(req, reply)} view={view} errors={opts.errors ?? {}} message={opts.message} comment={opts.comment} />, opts.status ?? 200);
}

export function registerRequestPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;

  app.get('/requests', async (req, reply) => {
    const actor = requireUser(req);
    const mine = authoringOrganizationIds(actor).concat(actor.memberships.filter((m) => m.role === 'issuer').map((m) => m.organizationId));
    if (mine.length === 0 && (isRegentsStaff(actor) || isSystemAdmin(actor))) return reply.redirect('/review');
    const q = req.query as Record<string, string | undefined>;
    const r = repos(deps().db);
    const orgs = (await r.organizations.list({ kind: 'institution' })).filter((o) => mine.includes(o.id));
    const org = orgs.find((o) => o.slug === q.institution) ?? orgs[0];
    const ctx = pageContext(req, reply);
    if (!org) {
      return sendPage(
        reply,
        <Page ctx={ctx} title="Requests">
          <h1>Requests</h1>
          <p>Requests are made by institutions’ program authors and administrators. You do not hold one of those roles.</p>
        </Page>,
      );
    }
    const groups = await Promise.all(GROUPS.map(async (g) => ({ ...g, items: (await listRequests(deps(), actor, { organization: org.slug, states: g.states, perPage: 100, sort: 'updated' })).items })));
    const stats = await requestStats(deps(), org.id);
    const canStart = authoringOrganizationIds(actor).includes(org.id);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Requests" wide>
        <h1>Requests — {org.name}</h1>
        {orgs.length > 1 ? (
          <p>
            Institution:{' '}
            {orgs.map((o) => (
              <a key={o.id} class="margin-right-2" href={`/requests?institution=${o.slug}`} aria-current={o.id === org.id ? 'page' : undefined}>
                {o.name}
              </a>
            ))}
          </p>
        ) : null}
        {canStart ? (
          <div class="laurel-actions">
            <a class="usa-button" href="/requests/new">
              Start a new request
            </a>
          </div>
        ) : null}
        <StatsLine byState={stats.byState} median={stats.medianDaysToDecision} />
        {groups.map((g) => (
          <section key={g.id} aria-labelledby={`g-${g.id}`} class="margin-bottom-4">
            <h2 id={`g-${g.id}`}>
              {g.label} ({g.items.length})
            </h2>
            {g.items.length ? <RequestTable items={g.items} caption={g.label} /> : <p>None.</p>}
          </section>
        ))}
      </Page>,
    );
  });

  app.get('/requests/new', async (req, reply) => {
    const actor = requireUser(req);
    const mine = authoringOrganizationIds(actor);
    const orgs = (await repos(deps().db).organizations.list({ kind: 'institution' })).filter((o) => mine.includes(o.id));
    if (orgs.length === 0) throw new DomainError('forbidden', 'Only institutions’ program authors and administrators can start requests.');
    return sendPage(reply, <NewRequestPage ctx={pageContext(req, reply)} orgs={orgs} v={{}} errors={{}} />);
  });

  app.post('/requests', async (req, reply) => {
    const actor = requireUser(req);
    const b = formBody(req);
    const v = { organization: field(b, 'organization'), title: field(b, 'title'), credential_type: field(b, 'credential_type'), endorsement_requested: field(b, 'endorsement_requested') || 'true' };
    try {
      const created = await createRequest(deps(), actor, { organization: v.organization || undefined, form: { title: v.title, credential_type: v.credential_type || null, endorsement_requested: v.endorsement_requested } });
      return redirectWithFlash(reply, `/requests/${created.id}/edit/basics`, { kind: 'success', message: 'Draft started. It is saved as you go; submit it from the review page when it is complete.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const mine = authoringOrganizationIds(actor);
      const orgs = (await repos(deps().db).organizations.list({ kind: 'institution' })).filter((o) => mine.includes(o.id));
      return sendPage(reply, <NewRequestPage ctx={pageContext(req, reply)} orgs={orgs} v={v} errors={fields} message={message} />, 422);
    }
  });

  const renderSection = async (req: FastifyRequest, reply: FastifyReply, section: SectionId, over: { form?: Record<string, unknown>; fieldErrors?: Record<string, string>; message?: string; uploadError?: string; status?: number; extraRow?: string } = {}) => {
    const actor = requireUser(req);
    const view = await getRequest(deps(), actor, (req.params as { id: string }).id);
    if (!view.canEdit) return reply.redirect(`/requests/${view.request.id}`, 303);
    const form = over.form ? readForm(over.form, view.form).form : view.form;
    if (over.extraRow === 'add_course') form.courses.push({ prefix: '', number: '', title: '', credit_hours: null, assessment: '' });
    if (over.extraRow === 'add_activity') form.activities.push({ title: '', contact_hours: null, assessment: '' });
    if (over.extraRow === 'add_partner') form.partners.push({ name: '', role: '', letter_attachment_id: null });
    if (over.extraRow === 'add_alignment') form.alignments.push({ framework: 'onet', code: '', name: '', url: '' });
    const policy = await getPolicy(deps());
    const errors = errorsFor(section, over.fieldErrors ?? {}, view.checklist);
    const ctx = pageContext(req, reply);
    const label = SECTIONS.find((s) => s.id === section)!.label;
    return sendPage(
      reply,
      <Page ctx={ctx} title={`${label} · ${view.request.title}`} wide>
        <StepIndicator current={section} requestId={view.request.id} />
        <p class="margin-bottom-0">
          <a href={`/requests/${view.request.id}`}>{view.request.title}</a> · <StateTag state={view.request.state} />
        </p>
        <h1>{label}</h1>
        <SectionForm requestId={view.request.id} section={section} version={view.request.version} csrf={ctx.csrf} errors={over.fieldErrors ? errors : {}} message={over.message}>
          <SectionFields section={section} f={form} e={errors} policy={policy} attachments={view.attachments} />
        </SectionForm>
        {section === 'badge' || section === 'partners' ? <UploadForm csrf={ctx.csrf} requestId={view.request.id} section={section} form={form} error={over.uploadError} /> : null}
      </Page>,
      over.status ?? 200,
    );
  };

  app.get('/requests/:id/edit/:section', async (req, reply) => {
    const { section } = req.params as { section: string };
    if (!isSection(section)) throw new DomainError('not_found', 'There is no such section of the Request Form.');
    return renderSection(req, reply, section);
  });

  app.post('/requests/:id/edit/:section', async (req, reply) => {
    const actor = requireUser(req);
    const { id, section } = req.params as { id: string; section: string };
    if (!isSection(section)) throw new DomainError('not_found', 'There is no such section of the Request Form.');
    const b = formBody(req);
    const input = { ...sectionDefaults(section), ...unflatten(b) };
    const action = field(b, '_action') || 'save';
    const version = Number(field(b, '_version')) || undefined;
    try {
      await updateRequest(deps(), actor, { requestId: id, form: input, expectedVersion: version });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'request_conflict') {
        return redirectWithFlash(reply, `/requests/${id}/edit/${section}`, { kind: 'error', message: err.message });
      }
      const { fields, message } = formErrors(err);
      return renderSection(req, reply, section, { form: input, fieldErrors: fields, message, status: 422 });
    }
    if (action.startsWith('add_')) return renderSection(req, reply, section, { extraRow: action });
    const idx = SECTIONS.findIndex((s) => s.id === section);
    if (action === 'next' && idx < SECTIONS.length - 1) return reply.redirect(`/requests/${id}/edit/${SECTIONS[idx + 1]!.id}`, 303);
    if (action === 'review') return reply.redirect(`/requests/${id}`, 303);
    return redirectWithFlash(reply, `/requests/${id}/edit/${section}`, { kind: 'success', message: 'Draft saved.' });
  });

  app.post('/requests/:id/files', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
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
    if (tooBig) return renderSection(req, reply, section, { uploadError: 'The file is larger than 10 MB.', status: 413 });
    if (!file) return renderSection(req, reply, section, { uploadError: 'Choose a file to upload.', status: 422 });
    try {
      await attachFile(deps(), actor, { requestId: id, kind, partnerIndex: partner, filename: file.filename, data: file.data });
      return redirectWithFlash(reply, `/requests/${id}/edit/${section}`, { kind: 'success', message: `${file.filename} uploaded.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return renderSection(req, reply, section, { uploadError: fields.file ?? fields.partner ?? message, status: 422 });
    }
  });

  app.get('/requests/:id', async (req, reply) => renderRequest(app, req, reply));

  app.post('/requests/:id/transition', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
    const b = formBody(req);
    const action = field(b, 'action');
    const comment = field(b, `comment-${action}`) || field(b, `comment-decision-${id}`);
    const back = field(b, '_return') === '/review?tab=recommendations' ? '/review?tab=recommendations' : `/requests/${id}`;
    try {
      await transitionRequest(deps(), actor, { requestId: id, action, comment, expectedVersion: Number(field(b, '_version')) || undefined });
      return redirectWithFlash(reply, back, { kind: 'success', message: `Done: ${actionLabel(action as Action)}.` });
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'request_conflict' || err.code === 'invalid_transition')) {
        return redirectWithFlash(reply, back, { kind: 'error', message: err.message });
      }
      if (back !== `/requests/${id}` && err instanceof DomainError && err.code === 'validation_failed') {
        return redirectWithFlash(reply, back, { kind: 'error', message: `${err.fields.comment ?? err.message} (${actionLabel(action as Action)})` });
      }
      const { fields, message } = formErrors(err);
      const errors: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields)) errors[k === 'comment' ? `comment-${action}` : k.replace(/\./g, '-')] = v;
      return renderRequest(app, req, reply, { errors, message, comment, status: 422 });
    }
  });

  app.post('/requests/:id/comments', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
    const comment = field(formBody(req), 'comment');
    try {
      await addComment(deps(), actor, { requestId: id, comment });
      return redirectWithFlash(reply, `/requests/${id}#timeline-h`, { kind: 'success', message: 'Comment posted.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return renderRequest(app, req, reply, { errors: fields, message, comment, status: 422 });
    }
  });

  app.get('/attachments/:id', async (req, reply) => {
    const actor = req.actor && req.actor.kind === 'user' ? req.actor : null;
    const { meta, data } = await readAttachment(deps(), actor, (req.params as { id: string }).id);
    reply.header('content-type', meta.contentType).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=300');
    // Uploaded SVGs are sanitised; the sandbox is a second guard if one is opened directly.
    if (meta.contentType === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    reply.header('content-disposition', `${meta.contentType === 'application/pdf' ? 'attachment' : 'inline'}; filename="${meta.filename.replace(/"/g, '')}"`);
    return reply.send(data);
  });

  app.get('/review', async (req, reply) => {
    const actor = requireUser(req);
    if (!isRegentsStaff(actor) && !isSystemAdmin(actor)) throw new DomainError('forbidden', 'The review queue is for State Regents staff.');
    const q = req.query as Record<string, string | undefined>;
    const tab = q.tab === 'recommendations' || q.tab === 'rereview' || q.tab === 'decided' ? q.tab : 'queue';
    const page = pageNumber(q.page);
    const r = repos(deps().db);
    const orgs = await r.organizations.list({ kind: 'institution' });
    const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
    const states = tab === 'recommendations' ? ['recommended_approve', 'recommended_deny'] : tab === 'decided' ? ['approved', 'listed', 'denied', 'rejected'] : ['submitted', 'resubmitted', 'in_review', 'changes_requested'];
    const endorsement = q.endorsement === 'requested' ? true : q.endorsement === 'listing' ? false : undefined;
    const olderThan = q.age ? Number(q.age) : undefined;
    const ctx = pageContext(req, reply);
    const stats = await requestStats(deps());
    const { programsDueForRereview } = await import('../../domain/review/rereview.ts');
    const due = tab === 'rereview' ? await programsDueForRereview(deps()) : [];
    const result =
      tab === 'rereview'
        ? null
        : await listRequests(deps(), actor, {
            organization: q.institution || undefined,
            states: q.state && states.includes(q.state) ? [q.state] : states,
            endorsementRequested: endorsement,
            credentialType: q.type || undefined,
            olderThanDays: olderThan && Number.isFinite(olderThan) ? olderThan : undefined,
            sort: tab === 'decided' ? 'updated' : 'oldest',
            page,
            perPage: 25,
          });
    // For the Chancellor: each request's recommendation (who, which way, why) beside the decision buttons.
    const recommendations = new Map<string, { by: string; toward: string; comment: string | null }>();
    if (tab === 'recommendations' && result) {
      for (const item of result.items) {
        const ev = (await r.requestEvents.listForRequest(item.id)).filter((e) => e.action === 'recommend_approve' || e.action === 'recommend_deny').at(-1);
        if (ev) recommendations.set(item.id, { by: ev.actorName ?? 'Regents staff', toward: ev.action === 'recommend_approve' ? 'approval' : 'denial', comment: ev.comment });
      }
    }
    const qs = (p: number) => {
      const s = new URLSearchParams();
      for (const k of ['tab', 'institution', 'type', 'endorsement', 'age', 'state']) if (q[k]) s.set(k, q[k]!);
      if (p > 1) s.set('page', String(p));
      return `/review?${s.toString()}`;
    };
    const tabs: [string, string][] = [
      ['queue', 'Review queue'],
      ['recommendations', 'Recommendations for the Chancellor'],
      ['rereview', 'Due for re-review'],
      ['decided', 'Decided'],
    ];
    return sendPage(
      reply,
      <Page ctx={ctx} title="Review" wide>
        <h1>Review</h1>
        <StatsLine byState={stats.byState} median={stats.medianDaysToDecision} />
        <nav aria-label="Review lists" class="margin-bottom-3">
          <ul class="usa-button-group usa-button-group--segmented">
            {tabs.map(([id, label]) => (
              <li class="usa-button-group__item" key={id}>
                <a class={`usa-button${tab === id ? '' : ' usa-button--outline'}`} href={`/review?tab=${id}`} aria-current={tab === id ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {tab === 'rereview' ? (
          due.length === 0 ? (
            <p>No program is due for re-review in the coming weeks.</p>
          ) : (
            <ul class="usa-list">
              {await Promise.all(
                due.map(async (p) => {
                  const req2 = (await r.requests.forProgram(p.id)).filter((x) => x.revisionId === p.liveRevisionId).at(-1);
                  return (
                    <li key={p.id}>
                      {req2 ? <a href={`/requests/${req2.id}`}>{req2.title}</a> : p.id} — {orgNames.get(p.organizationId)}, due {formatDate(p.rereviewDueAt)}
                    </li>
                  );
                }),
              )}
            </ul>
          )
        ) : (
          <>
            <form class="usa-form laurel-filter margin-bottom-3" method="get" action="/review" role="search" aria-label="Filter requests">
              <input type="hidden" name="tab" value={tab} />
              <div class="grid-row grid-gap">
                <div class="tablet:grid-col-3">
                  <Select name="institution" label="Institution" value={q.institution} options={orgs.map((o) => [o.slug, o.name] as const)} emptyLabel="All" />
                </div>
                <div class="tablet:grid-col-3">
                  <Select name="type" label="Credential type" value={q.type} options={Object.entries(CREDENTIAL_TYPES)} emptyLabel="Any" />
                </div>
                <div class="tablet:grid-col-3">
                  <Select name="endorsement" label="Endorsement" value={q.endorsement} options={[['requested', 'Endorsement requested'], ['listing', 'Listing only']]} emptyLabel="Any" />
                </div>
                <div class="tablet:grid-col-3">
                  <Select name="age" label="Submitted" value={q.age} options={[['7', 'More than a week ago'], ['30', 'More than 30 days ago'], ['90', 'More than 90 days ago']]} emptyLabel="Any time" />
                </div>
              </div>
              <Button variant="outline">Filter</Button>
            </form>
            <p aria-live="polite">{result!.total === 0 ? 'Nothing is waiting here.' : `${result!.total} request${result!.total === 1 ? '' : 's'}, oldest first.`}</p>
            {result!.total > 0 && tab === 'recommendations' ? (
              <RecommendationCards items={result!.items} orgNames={orgNames} recs={recommendations} csrf={ctx.csrf} canDecide={actor.memberships.some((m) => m.role === 'chancellor')} />
            ) : result!.total > 0 ? (
              <RequestTable items={result!.items} caption="Requests" showInstitution orgNames={orgNames} />
            ) : null}
            <Pagination page={result!.page} perPage={result!.perPage} total={result!.total} href={qs} />
          </>
        )}
      </Page>,
    );
  });
}
