// Creating and editing requests, and commenting on them. A request carries one revision of a program; a
// new program starts as a draft program with revision 1, and a revision of a live program is revision
// n+1 while the live one stays listed. Reading them: get-request.ts and list-requests.ts.
import { repos } from '../../storage/repositories/index.ts';
import type { Program } from '../../storage/repositories/programs.ts';
import type { RequestRecord } from '../../storage/repositories/requests.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { authoringOrganizationIds, canAuthorRequests, canViewRequest, requestParties } from '../policy.ts';
import { publicUrlProblem } from '../review/rules.ts';
import { getPolicy } from '../review/settings.ts';
import { emptyForm, formOf, readForm, type ProgramForm } from './form.ts';

export const EDITABLE_STATES: readonly string[] = ['draft', 'changes_requested'];

export async function createRequest(
  deps: Deps,
  actor: Actor,
  input: { organization?: string | undefined; programId?: string | undefined; form: Record<string, unknown> },
): Promise<RequestRecord> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  let program: Program | undefined;
  let organizationId: string;
  let base: ProgramForm = emptyForm();
  if (input.programId) {
    program = await r.programs.findById(input.programId);
    if (!program) throw notFound('The program');
    if (!canAuthorRequests(actor, program.organizationId)) throw forbidden('Only the institution’s program authors and administrators can revise its programs.');
    if (program.status !== 'active' && program.status !== 'suspended') {
      throw new DomainError('invalid_transition', 'Only a listed (or suspended) program can be revised; continue its open request instead.');
    }
    const open = (await r.requests.forProgram(program.id)).find((q) => !['approved', 'denied', 'listed', 'rejected', 'withdrawn'].includes(q.state));
    if (open) throw new DomainError('invalid_transition', 'This program already has a revision in progress.', {}, { request_id: open.id });
    organizationId = program.organizationId;
    const live = program.liveRevisionId ? await r.revisions.findById(program.liveRevisionId) : undefined;
    base = live ? formOf(live.form) : base;
  } else {
    const mine = authoringOrganizationIds(actor);
    let org = input.organization ? await r.organizations.findBySlug(input.organization) : undefined;
    if (input.organization && !org) throw validationError({ organization: `No institution has the slug “${input.organization}”.` });
    if (!org) {
      if (mine.length !== 1) throw validationError({ organization: mine.length === 0 ? 'You are not a program author at any institution.' : 'Choose the institution this request is for.' });
      org = await r.organizations.findById(mine[0]!);
    }
    if (!org || org.kind !== 'institution') throw validationError({ organization: 'Requests are made by institutions.' });
    if (!canAuthorRequests(actor, org.id)) throw forbidden('Only the institution’s program authors and administrators can start requests.');
    organizationId = org.id;
  }
  const { form, errors } = readForm(input.form, base);
  if (Object.keys(errors).length) throw validationError(errors);
  if (!form.title) throw validationError({ title: 'Give the program a title.' });

  const request: RequestRecord = {
    id: newId(),
    programId: program?.id ?? newId(),
    revisionId: newId(),
    organizationId,
    kind: program ? 'revision' : 'new',
    endorsementRequested: form.endorsement_requested,
    title: form.title,
    credentialType: form.credential_type,
    state: 'draft',
    version: 1,
    createdBy: actor.kind === 'user' ? actor.userId : null,
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    decidedAt: null,
  };
  await inTransaction(deps, async (tr) => {
    if (!program) {
      await tr.programs.insert({ id: request.programId, organizationId, status: 'draft', endorsement: null, liveRevisionId: null, publishedAt: null, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt: now, updatedAt: now });
    }
    const number = program ? await tr.revisions.nextNumber(program.id) : 1;
    await tr.revisions.insert({ id: request.revisionId, programId: request.programId, number, title: form.title, form, createdBy: request.createdBy, at: now });
    await tr.requests.insert(request);
    await tr.requestEvents.insert({ id: newId(), requestId: request.id, at: now, actorUserId: request.createdBy, action: 'create', fromState: null, toState: 'draft', comment: null });
    await audit(tr, { actor, at: now, action: program ? 'request.revision_started' : 'request.created', subjectType: 'request', subjectId: request.id, organizationId, data: { title: form.title, program_id: request.programId } });
  });
  return request;
}

/** Saves changes to a draft (or a request sent back for changes). Only fields present in `input` change. */
export async function updateRequest(deps: Deps, actor: Actor, input: { requestId: string; form: Record<string, unknown>; expectedVersion?: number | undefined }): Promise<RequestRecord> {
  const r = repos(deps.db);
  const req = await r.requests.findById(input.requestId);
  if (!req || !canViewRequest(actor, req)) throw notFound('The request');
  if (!canAuthorRequests(actor, req.organizationId)) throw forbidden('Only the institution’s program authors and administrators can edit its requests.');
  if (!EDITABLE_STATES.includes(req.state)) throw new DomainError('request_not_editable', 'This request can no longer be edited: it has been submitted. Withdraw it, or wait for the reviewer to request changes.');
  if (input.expectedVersion !== undefined && input.expectedVersion !== req.version) throw new DomainError('request_conflict', 'Someone else saved this request since you opened it. Reload it to see their changes.');
  const revision = (await r.revisions.findById(req.revisionId))!;
  const { form, errors } = readForm(input.form, formOf(revision.form));
  await saveProblems(deps, input.form, form, errors);
  if (Object.keys(errors).length) throw validationError(errors);
  if (!form.title) throw validationError({ title: 'Give the program a title.' });
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.revisions.updateForm(revision.id, form.title, form, now);
    await tr.requestReviewState.markSaved(req.id, Object.keys(input.form).filter((k) => k in form), now);
    await tr.requests.touchDraft({ id: req.id, title: form.title, credentialType: form.credential_type, endorsementRequested: form.endorsement_requested, at: now });
    await audit(tr, { actor, at: now, action: 'request.saved', subjectType: 'request', subjectId: req.id, organizationId: req.organizationId, data: { fields: Object.keys(input.form) } });
  });
  return (await r.requests.findById(req.id))!;
}

/**
 * The rules a value can be checked against as it is saved, so it is refused next to its field rather
 * than only flagged at review: the narrative's length (a policy setting) and the program URL's scheme
 * and host. Only fields being saved are checked, so a lowered limit does not block saving other fields.
 */
async function saveProblems(deps: Deps, input: Record<string, unknown>, form: ProgramForm, errors: Record<string, string>): Promise<void> {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(input, k);
  if (has('narrative') && !errors.narrative) {
    const max = (await getPolicy(deps)).narrative_max_chars;
    if (form.narrative.length > max) errors.narrative = `The narrative is ${form.narrative.length} characters; the limit is ${max}. Shorten it by ${form.narrative.length - max}.`;
  }
  if (has('program_url') && !errors.program_url && form.program_url) {
    const problem = publicUrlProblem(form.program_url);
    if (problem) errors.program_url = problem;
  }
}

export async function addComment(deps: Deps, actor: Actor, input: { requestId: string; comment: unknown }): Promise<void> {
  const r = repos(deps.db);
  const req = await r.requests.findById(input.requestId);
  if (!req || !canViewRequest(actor, req)) throw notFound('The request');
  if (requestParties(actor, req.organizationId).length === 0) throw forbidden('Only the institution and Regents staff can comment on a request.');
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (!comment) throw validationError({ comment: 'Write a comment.' });
  if (comment.length > 5000) throw validationError({ comment: 'Use at most 5,000 characters.' });
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.requestEvents.insert({ id: newId(), requestId: req.id, at: now, actorUserId: actor.kind === 'user' ? actor.userId : null, action: 'comment', fromState: null, toState: null, comment });
    await audit(tr, { actor, at: now, action: 'request.commented', subjectType: 'request', subjectId: req.id, organizationId: req.organizationId, data: { comment } });
  });
}
