// What happens to a program when a decision is made: publish a revision (creating or updating its badge
// class), suspend, reinstate, retire. Called inside the caller's transaction (the transition that caused
// it), so the program, its badge class and the audit trail change together.
import type { Repos } from '../../storage/repositories/index.ts';
import type { BadgeClass } from '../../storage/repositories/badge-classes.ts';
import type { Program } from '../../storage/repositories/programs.ts';
import { newId } from '../ids.ts';
import { badgeName, formOf, type ProgramForm } from './form.ts';
import { syncProgramInInventory } from '../inventory/sync.ts';
import { queueProgramForRegistry } from '../ctdl/queue-program.ts';

export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString();
}

/** Badge criteria as shown on the badge: the narrative and the list of requirements. */
export function criteriaText(f: ProgramForm): string {
  const reqs = f.requirements.length ? `\n\n${f.requirements.map((r) => `- ${r}`).join('\n')}` : '';
  return `${f.criteria}${reqs}`.trim();
}

export async function publishRevision(
  r: Repos,
  opts: { programId: string; revisionId: string; endorsement: 'endorsed' | 'not_endorsed'; at: string; rereviewMonths: number },
): Promise<{ program: Program; badgeClass: BadgeClass }> {
  const program = await r.programs.findById(opts.programId);
  const revision = await r.revisions.findById(opts.revisionId);
  if (!program || !revision || revision.programId !== program.id) throw new Error(`publishRevision: revision ${opts.revisionId} is not of program ${opts.programId}`);
  const form = formOf(revision.form);
  await r.programs.update(program.id, {
    status: 'active',
    endorsement: opts.endorsement,
    live_revision_id: revision.id,
    published_at: program.publishedAt ?? opts.at,
    rereview_due_at: addMonths(opts.at, opts.rereviewMonths),
    rereview_notified_at: null,
    status_reason: null,
    updated_at: opts.at,
  });
  const existing = await r.badgeClasses.findByProgram(program.id);
  const badgeClass: BadgeClass = {
    id: existing?.id ?? newId(),
    programId: program.id,
    organizationId: program.organizationId,
    revisionId: revision.id,
    name: badgeName(form),
    description: form.narrative,
    criteria: criteriaText(form),
    imageAttachmentId: form.badge.image_attachment_id,
    imageAlt: form.badge.image_alt || null,
    expiresAfterMonths: form.badge.expires_after_months,
    createdAt: existing?.createdAt ?? opts.at,
    updatedAt: opts.at,
  };
  await r.badgeClasses.upsert(badgeClass);
  await syncProgramInInventory(r, program.id);
  await queueProgramForRegistry(r, { programId: program.id, at: opts.at, jobId: newId() });
  return { program: (await r.programs.findById(program.id))!, badgeClass };
}

export async function setProgramStatus(r: Repos, opts: { programId: string; status: 'active' | 'suspended' | 'retired'; reason: string | null; at: string }): Promise<void> {
  await r.programs.update(opts.programId, { status: opts.status, status_reason: opts.reason, updated_at: opts.at });
  await syncProgramInInventory(r, opts.programId);
  await queueProgramForRegistry(r, { programId: opts.programId, at: opts.at, jobId: newId() });
}
