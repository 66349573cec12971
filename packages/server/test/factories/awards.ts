// Issuing test data built through the repositories: a live program of an institution with its badge
// class, and awards of it (issued by the real use case, so each is signed and has its status entry).
import type { Actor } from '../../src/domain/actor.ts';
import type { Deps } from '../../src/domain/deps.ts';
import { newId } from '../../src/domain/ids.ts';
import type { AwardInputRaw } from '../../src/domain/issuance/award-input.ts';
import { issueAward } from '../../src/domain/issuance/issue-awards.ts';
import { emptyForm } from '../../src/domain/programs/form.ts';
import { repos } from '../../src/storage/repositories/index.ts';
import type { Award } from '../../src/storage/repositories/awards.ts';
import type { Organization } from '../../src/storage/repositories/organizations.ts';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export type FactoryBadgeClass = NonNullable<Awaited<ReturnType<ReturnType<typeof repos>['badgeClasses']['findById']>>>;

/** A listed (active, not endorsed) program of the institution, with its live revision and badge class. */
export async function makeBadgeClass(deps: Deps, organization: Pick<Organization, 'id'>, over: { name?: string; expiresAfterMonths?: number | null; status?: 'active' | 'suspended' } = {}): Promise<FactoryBadgeClass> {
  const u = unique();
  const at = deps.clock().toISOString();
  const r = repos(deps.db);
  const name = over.name ?? `Factory Badge ${u}`;
  const programId = newId();
  const revisionId = newId();
  const form = { ...emptyForm(), title: name, narrative: `What earners of ${name} did.`, criteria: 'Complete the program.' };
  await r.programs.insert({ id: programId, organizationId: organization.id, status: 'draft', endorsement: null, liveRevisionId: null, publishedAt: null, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt: at, updatedAt: at });
  await r.revisions.insert({ id: revisionId, programId, number: 1, title: name, form, createdBy: null, at });
  await r.programs.update(programId, { status: over.status ?? 'active', endorsement: 'not_endorsed', live_revision_id: revisionId, published_at: at, updated_at: at });
  const badgeClass: FactoryBadgeClass = {
    id: newId(),
    programId,
    organizationId: organization.id,
    revisionId,
    name,
    description: form.narrative,
    criteria: form.criteria,
    imageAttachmentId: null,
    imageAlt: null,
    expiresAfterMonths: over.expiresAfterMonths ?? null,
    createdAt: at,
    updatedAt: at,
  };
  await r.badgeClasses.upsert(badgeClass);
  return badgeClass;
}

/** An award of the badge class to a fresh recipient (no claim email unless asked). */
export async function makeAward(deps: Deps, issuer: Actor, badgeClass: Pick<FactoryBadgeClass, 'id'>, raw: AwardInputRaw = {}): Promise<Award> {
  const u = unique();
  return issueAward(deps, issuer, { badgeClassId: badgeClass.id, raw: { recipient_email: `earner-${u}@factory.example.com`, recipient_name: `Factory Earner ${u}`, suppress_notification: true, ...raw } });
}
