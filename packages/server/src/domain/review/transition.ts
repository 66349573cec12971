// Applying one workflow step: the actor's role and institution are checked against the transition
// table, a required comment is enforced, submit/resubmit run the compliance rules, and the state change,
// its timeline event, its audit event, any publication and the emails commit in one transaction.
import { repos } from '../../storage/repositories/index.ts';
import type { RequestRecord } from '../../storage/repositories/requests.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { canViewRequest, requestParties } from '../policy.ts';
import { formOf } from '../programs/form.ts';
import { publishRevision, setProgramStatus } from '../programs/lifecycle.ts';
import { activeEndorsement, prepareEndorsement, recordEndorsement, revokeEndorsement } from '../credentials/endorsement.ts';
import { emitWebhookEvents } from '../webhooks/emit.ts';
import { transitionEvents } from '../webhooks/payloads.ts';
import { checkCompliance, failedHardRules } from './rules.ts';
import { getPolicy } from './settings.ts';
import { notifyTransition } from './notifications.ts';
import { actionLabel, decideProgramAction, decideRequestAction, DECIDED_STATES, isAction, isProgramAction, type RequestState } from './workflow.ts';

export async function transitionRequest(deps: Deps, actor: Actor, input: { requestId: string; action: unknown; comment?: unknown; expectedVersion?: number | undefined }): Promise<RequestRecord> {
  const r = repos(deps.db);
  const req = await r.requests.findById(input.requestId);
  if (!req || !canViewRequest(actor, req)) throw notFound('The request');
  const action = input.action;
  if (!isAction(action)) throw validationError({ action: 'Unknown action.' });
  const comment = typeof input.comment === 'string' && input.comment.trim() ? input.comment.trim() : null;
  if (comment && comment.length > 5000) throw validationError({ comment: 'Use at most 5,000 characters.' });
  if (input.expectedVersion !== undefined && input.expectedVersion !== req.version) {
    throw new DomainError('request_conflict', 'Someone else acted on this request since you opened it. Reload it to see its current state, then decide again.');
  }
  const parties = requestParties(actor, req.organizationId);
  const program = (await r.programs.findById(req.programId))!;

  const decision = isProgramAction(action)
    ? decideProgramAction({ action, status: program.status, parties })
    : decideRequestAction({ action, state: req.state as RequestState, endorsed: req.endorsementRequested, parties });
  if (!decision.ok) {
    if (decision.reason === 'wrong_party') throw forbidden(decision.message);
    throw new DomainError('invalid_transition', decision.message);
  }
  if (isProgramAction(action) && !((req.state === 'approved' || req.state === 'listed') && program.liveRevisionId === req.revisionId)) {
    throw new DomainError('invalid_transition', 'Suspend, reinstate and retire apply to the request that made the program live.');
  }
  if (decision.commentRequired && !comment) {
    throw validationError({ comment: `A comment is required to ${actionLabel(action).toLowerCase()}: say why.` }, 'A comment is required for this action.');
  }
  if (decision.runsRules) {
    const revision = (await r.revisions.findById(req.revisionId))!;
    const form = formOf(revision.form);
    const checklist = checkCompliance(form, { policy: await getPolicy(deps), duplicateTitle: await r.programs.titleTaken(req.organizationId, form.title, req.programId) });
    const failed = failedHardRules(checklist);
    if (failed.length) {
      throw new DomainError(
        'rules_failed',
        `The request does not meet ${failed.length} policy rule${failed.length === 1 ? '' : 's'}: ${failed.map((f) => f.message).join(' ')}`,
        Object.fromEntries(failed.map((f) => [f.field, f.message])),
        { rules: failed.map((f) => f.id) },
      );
    }
  }

  const now = nowIso(deps);
  const expectedVersion = input.expectedVersion ?? req.version;
  const policy = await getPolicy(deps);
  const org = (await r.organizations.findById(req.organizationId))!;
  const toState = isProgramAction(action) ? req.state : decision.to;
  // The Regents' endorsement is signed before the transaction (signing and status-index allocation use
  // their own connection) and recorded inside it, with the approval.
  const endorses = action === 'approve' || (action === 'reinstate' && program.endorsement === 'endorsed');
  const endorsement = endorses && !(await activeEndorsement(deps.db, program.id)) ? await prepareEndorsement(deps, { programId: program.id, title: req.title, institutionName: org.name, at: now }) : undefined;
  await inTransaction(deps, async (tr, trx) => {
    const moved = await tr.requests.transition({
      id: req.id,
      expectedVersion,
      fromState: req.state,
      toState,
      at: now,
      ...(action === 'submit' && !req.submittedAt ? { submittedAt: now } : {}),
      ...((DECIDED_STATES as readonly string[]).includes(toState) && !isProgramAction(action) ? { decidedAt: now } : {}),
    });
    if (!moved) throw new DomainError('request_conflict', 'Someone else acted on this request since you opened it. Reload it to see its current state, then decide again.');
    const eventId = newId();
    await tr.requestEvents.insert({
      id: eventId,
      requestId: req.id,
      at: now,
      actorUserId: actor.kind === 'user' ? actor.userId : null,
      action,
      fromState: isProgramAction(action) ? program.status : req.state,
      toState: isProgramAction(action) ? decision.to : toState,
      comment,
    });
    if (action === 'request_changes') {
      // The revision is edited in place; keep the form the reviewer saw, for the diff after resubmission.
      const reviewed = (await tr.revisions.findById(req.revisionId))!;
      await tr.requestReviewState.insertSnapshot({ id: newId(), requestId: req.id, eventId, form: reviewed.form, at: now });
    }
    let badgeClassId: string | null = null;
    if (action === 'approve' || action === 'list') {
      badgeClassId = (await publishRevision(tr, { programId: req.programId, revisionId: req.revisionId, endorsement: action === 'approve' ? 'endorsed' : 'not_endorsed', at: now, rereviewMonths: policy.rereview_months })).badgeClass.id;
    }
    if (isProgramAction(action)) {
      await setProgramStatus(tr, { programId: program.id, status: decision.to as 'active' | 'suspended' | 'retired', reason: comment, at: now });
    }
    if (endorsement) await recordEndorsement(trx, endorsement, now);
    if (action === 'suspend' || action === 'retire' || action === 'list') {
      // A suspended or retired program, or one now listed without endorsement, is no longer endorsed.
      await revokeEndorsement(deps, tr, trx, { programId: program.id, reason: comment ?? (action === 'list' ? 'listed without endorsement' : `program ${decision.to}`), at: now });
    }
    await audit(tr, {
      actor,
      at: now,
      action: isProgramAction(action) ? `program.${action}` : `request.${action}`,
      subjectType: isProgramAction(action) ? 'program' : 'request',
      subjectId: isProgramAction(action) ? program.id : req.id,
      organizationId: req.organizationId,
      data: { request_id: req.id, title: req.title, from: isProgramAction(action) ? program.status : req.state, to: decision.to, comment },
    });
    await notifyTransition(tr, { config: deps.config, request: req, organizationName: org.name, action, comment, at: now });
    // The events this step reports (request.submitted, request.decided, program.*), with the change.
    if (isProgramAction(action)) badgeClassId = (await tr.badgeClasses.findByProgram(program.id))?.id ?? null;
    const endorsementNow = action === 'approve' ? 'endorsed' : action === 'list' ? 'not_endorsed' : program.endorsement;
    const fromState = isProgramAction(action) ? program.status : req.state;
    await emitWebhookEvents(tr, transitionEvents(deps.config, { action, request: req, org, fromState, toState, programStatus: decision.to, endorsement: endorsementNow, badgeClassId, comment, at: now }));
  });
  deps.wake();
  return (await r.requests.findById(req.id))!;
}
