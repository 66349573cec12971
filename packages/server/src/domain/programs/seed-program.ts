// Demo and load-test data: a program that has been through the workflow (request submitted, reviewed,
// approved by the Chancellor or listed by a reviewer), created directly with a realistic timeline.
import { newId } from '../ids.ts';
import { audit } from '../audit.ts';
import { SYSTEM } from '../actor.ts';
import type { Repos } from '../../storage/repositories/index.ts';
import { readForm, type ProgramForm } from './form.ts';
import { publishRevision } from './lifecycle.ts';

export async function seedPublishedProgram(
  r: Repos,
  opts: { organizationId: string; form: Partial<ProgramForm> & { title: string }; endorsed: boolean; approvedAt: string; authorId?: string | null; reviewerId?: string | null; chancellorId?: string | null; rereviewMonths?: number },
): Promise<{ programId: string; requestId: string }> {
  const { form } = readForm(opts.form as unknown as Record<string, unknown>);
  form.endorsement_requested = opts.endorsed;
  const programId = newId();
  const revisionId = newId();
  const requestId = newId();
  const approved = Date.parse(opts.approvedAt);
  const day = 86_400_000;
  const submittedAt = new Date(approved - 21 * day).toISOString();
  const createdAt = new Date(approved - 30 * day).toISOString();
  await r.programs.insert({ id: programId, organizationId: opts.organizationId, status: 'draft', endorsement: null, liveRevisionId: null, publishedAt: null, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt, updatedAt: createdAt });
  await r.revisions.insert({ id: revisionId, programId, number: 1, title: form.title, form, createdBy: opts.authorId ?? null, at: createdAt });
  const finalState = opts.endorsed ? 'approved' : 'listed';
  await r.requests.insert({
    id: requestId,
    programId,
    revisionId,
    organizationId: opts.organizationId,
    kind: 'new',
    endorsementRequested: opts.endorsed,
    title: form.title,
    credentialType: form.credential_type,
    state: finalState,
    version: opts.endorsed ? 5 : 4,
    createdBy: opts.authorId ?? null,
    createdAt,
    updatedAt: opts.approvedAt,
    submittedAt,
    decidedAt: opts.approvedAt,
  });
  const steps: [string, string | null, string, string | null | undefined, number][] = [
    ['submit', 'draft', 'submitted', opts.authorId, 21],
    ['start_review', 'submitted', 'in_review', opts.reviewerId, 18],
    ...(opts.endorsed
      ? ([
          ['recommend_approve', 'in_review', 'recommended_approve', opts.reviewerId, 7],
          ['approve', 'recommended_approve', 'approved', opts.chancellorId, 0],
        ] as [string, string, string, string | null | undefined, number][])
      : ([['list', 'in_review', 'listed', opts.reviewerId, 0]] as [string, string, string, string | null | undefined, number][])),
  ];
  for (const [action, from, to, actor, daysBefore] of steps) {
    await r.requestEvents.insert({ id: newId(), requestId, at: new Date(approved - daysBefore * day).toISOString(), actorUserId: actor ?? null, action, fromState: from, toState: to, comment: null });
  }
  await publishRevision(r, { programId, revisionId, endorsement: opts.endorsed ? 'endorsed' : 'not_endorsed', at: opts.approvedAt, rereviewMonths: opts.rereviewMonths ?? 12 });
  await audit(r, { actor: SYSTEM, at: opts.approvedAt, action: 'program.seeded', subjectType: 'program', subjectId: programId, organizationId: opts.organizationId, data: { title: form.title, endorsed: opts.endorsed } });
  return { programId, requestId };
}
