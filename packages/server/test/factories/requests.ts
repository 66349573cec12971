// Programs and requests built through the repositories (house style 11): a request in any workflow
// state, with its draft program and revision, and a listed program whose re-review is due. Each call
// makes fresh records, so a test never depends on the demo seed.
import type { Deps } from '../../src/domain/deps.ts';
import { newId } from '../../src/domain/ids.ts';
import type { ProgramForm } from '../../src/domain/programs/form.ts';
import type { Organization } from '../../src/storage/repositories/organizations.ts';
import type { RequestRecord } from '../../src/storage/repositories/requests.ts';
import { repos } from '../../src/storage/repositories/index.ts';
import { goodForm } from '../helpers/forms.ts';

let seq = 0;

export interface RequestOptions {
  readonly title?: string;
  readonly state?: string;
  readonly endorsementRequested?: boolean;
  readonly createdBy?: string | null;
  readonly form?: Partial<ProgramForm>;
}

/** A request of `organization` (new program, revision 1) in `state` (default draft); submitted states get a submission date. */
export async function makeRequest(deps: Deps, organization: Pick<Organization, 'id'>, opts: RequestOptions = {}): Promise<RequestRecord> {
  const at = deps.clock().toISOString();
  const form: ProgramForm = { ...goodForm(), ...opts.form, title: opts.title ?? `Factory Program ${Date.now().toString(36)}${(++seq).toString(36)}` };
  if (opts.endorsementRequested !== undefined) form.endorsement_requested = opts.endorsementRequested;
  const state = opts.state ?? 'draft';
  const request: RequestRecord = {
    id: newId(),
    programId: newId(),
    revisionId: newId(),
    organizationId: organization.id,
    kind: 'new',
    endorsementRequested: form.endorsement_requested,
    title: form.title,
    credentialType: form.credential_type,
    state,
    version: 1,
    createdBy: opts.createdBy ?? null,
    createdAt: at,
    updatedAt: at,
    submittedAt: state === 'draft' ? null : at,
    decidedAt: ['approved', 'listed', 'denied', 'rejected'].includes(state) ? at : null,
  };
  await deps.db.transaction().execute(async (trx) => {
    const r = repos(trx);
    await r.programs.insert({ id: request.programId, organizationId: organization.id, status: 'draft', endorsement: null, liveRevisionId: null, publishedAt: null, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt: at, updatedAt: at });
    await r.revisions.insert({ id: request.revisionId, programId: request.programId, number: 1, title: form.title, form, createdBy: request.createdBy, at });
    await r.requests.insert(request);
    await r.requestEvents.insert({ id: newId(), requestId: request.id, at, actorUserId: request.createdBy, action: 'create', fromState: null, toState: 'draft', comment: null });
  });
  return request;
}

/** Marks the request's program listed (active, live at this revision) with its re-review due in `dueInDays`. */
export async function makeListed(deps: Deps, request: RequestRecord, dueInDays = 10): Promise<void> {
  const at = deps.clock().toISOString();
  await repos(deps.db).programs.update(request.programId, {
    status: 'active',
    endorsement: request.endorsementRequested ? 'endorsed' : 'not_endorsed',
    live_revision_id: request.revisionId,
    published_at: at,
    rereview_due_at: new Date(deps.clock().getTime() + dueInDays * 86_400_000).toISOString(),
    rereview_notified_at: null,
    updated_at: at,
  });
}
