// One request as its page and the API show it: the form, the compliance checklist, the timeline, the
// files, and the actions the actor may take now. Hidden (not found) from whoever may not see it.
import { repos } from '../../storage/repositories/index.ts';
import type { AttachmentMeta } from '../../storage/repositories/attachments.ts';
import type { Program } from '../../storage/repositories/programs.ts';
import type { RequestEvent } from '../../storage/repositories/request-events.ts';
import type { RequestRecord } from '../../storage/repositories/requests.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { canViewRequest, requestParties } from '../policy.ts';
import { checkCompliance, type RuleResult } from '../review/rules.ts';
import { getPolicy } from '../review/settings.ts';
import { availableProgramActions, availableRequestActions, type ProgramAction, type RequestAction, type RequestState } from '../review/workflow.ts';
import { formOf, type ProgramForm } from './form.ts';
import { EDITABLE_STATES } from './requests.ts';

export interface RequestView {
  readonly request: RequestRecord;
  readonly program: Program;
  readonly organization: { id: string; slug: string; name: string };
  readonly form: ProgramForm;
  readonly revisionNumber: number;
  readonly checklist: RuleResult[];
  readonly events: RequestEvent[];
  readonly attachments: AttachmentMeta[];
  readonly actions: RequestAction[];
  readonly programActions: ProgramAction[];
  readonly canEdit: boolean;
  /** The live revision's form when this request revises a listed program, for the diff. */
  readonly liveForm: ProgramForm | null;
  /** The form as it was when changes were last requested, for the diff after resubmission. */
  readonly reviewedForm: ProgramForm | null;
  /** Top-level form fields the authors have saved at least once (a new draft's sections start quiet). */
  readonly savedFields: string[];
}

export async function getRequest(deps: Deps, actor: Actor, requestId: string): Promise<RequestView> {
  const r = repos(deps.db);
  const req = await r.requests.findById(requestId);
  if (!req || !canViewRequest(actor, req)) throw notFound('The request');
  const [program, org, revision, events, policy, snapshot, savedFields] = await Promise.all([
    r.programs.findById(req.programId),
    r.organizations.findById(req.organizationId),
    r.revisions.findById(req.revisionId),
    r.requestEvents.listForRequest(req.id),
    getPolicy(deps),
    r.requestReviewState.latestSnapshot(req.id),
    r.requestReviewState.savedFields(req.id),
  ]);
  const form = formOf(revision!.form);
  const duplicateTitle = await r.programs.titleTaken(req.organizationId, form.title, req.programId);
  const checklist = checkCompliance(form, { policy, duplicateTitle });
  const ids = [form.badge.image_attachment_id, ...form.partners.map((p) => p.letter_attachment_id)].filter((x): x is string => Boolean(x));
  const attachments = await r.attachments.metas(ids);
  const parties = requestParties(actor, req.organizationId);
  const live = req.kind === 'revision' && program!.liveRevisionId && program!.liveRevisionId !== req.revisionId ? await r.revisions.findById(program!.liveRevisionId) : undefined;
  // Program actions are offered on the request that made the program live (its latest decided one).
  const decidedHere = (req.state === 'approved' || req.state === 'listed') && program!.liveRevisionId === req.revisionId;
  return {
    request: req,
    program: program!,
    organization: { id: org!.id, slug: org!.slug, name: org!.name },
    form,
    revisionNumber: revision!.number,
    checklist,
    events,
    attachments,
    actions: availableRequestActions({ state: req.state as RequestState, endorsed: req.endorsementRequested, parties }),
    programActions: decidedHere ? availableProgramActions({ status: program!.status, parties }) : [],
    canEdit: EDITABLE_STATES.includes(req.state) && parties.includes('institution'),
    liveForm: live ? formOf(live.form) : null,
    reviewedForm: snapshot ? formOf(snapshot.form) : null,
    savedFields,
  };
}
