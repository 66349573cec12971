// Keeps the inventory in step with the programs: called at the end of publishRevision and
// setProgramStatus (domain/programs/lifecycle.ts), inside their transaction, so a program is listed,
// changed or withdrawn in the same commit as the decision. A revision under review changes nothing here:
// only its approval calls publishRevision.
import type { Repos } from '../../storage/repositories/index.ts';
import type { InventoryEntryInput } from '../../storage/search/index.ts';
import type { Deps } from '../deps.ts';
import { CREDENTIAL_TYPES, totalCreditHours } from '../programs/form.ts';
import { getPublishedProgram, publishedPrograms, type ProgramView } from '../programs/published.ts';
import { repos } from '../../storage/repositories/index.ts';

export function inventoryEntry(v: ProgramView): InventoryEntryInput {
  const f = v.form;
  return {
    programId: v.program.id,
    organizationId: v.organization.id,
    institutionSlug: v.organization.slug,
    institutionName: v.organization.name,
    title: f.title,
    summary: f.narrative.length > 320 ? `${f.narrative.slice(0, 317).trimEnd()}…` : f.narrative,
    endorsement: v.program.endorsement === 'endorsed' ? 'endorsed' : 'not_endorsed',
    credentialType: f.credential_type,
    level: f.level,
    deliveryMode: f.delivery_mode,
    creditHours: totalCreditHours(f),
    costFree: f.cost.free || !f.cost.amount,
    costAmount: f.cost.free ? null : f.cost.amount,
    hasBadge: Boolean(v.badgeClass?.imageAttachmentId),
    badgeImageId: v.badgeClass?.imageAttachmentId ?? null,
    focusAreas: f.focus_areas,
    skills: f.skills,
    partners: f.partners.map((p) => p.name).filter(Boolean),
    publishedAt: v.program.publishedAt ?? v.program.updatedAt,
    updatedAt: v.program.updatedAt,
    narrativeText: [f.narrative, ...f.outcomes].join('\n'),
    otherText: [
      v.organization.name,
      v.organization.city ?? '',
      ...f.partners.map((p) => p.name),
      f.department,
      f.credential_type ? CREDENTIAL_TYPES[f.credential_type] : '',
      ...f.stacks_into,
      ...f.alignments.map((a) => a.name),
    ].join('\n'),
  };
}

/** Lists the program's live revision if it is published (active), and removes it otherwise. */
export async function syncProgramInInventory(r: Repos, programId: string): Promise<'listed' | 'removed'> {
  const view = await getPublishedProgram(r.executor, programId);
  if (!view) {
    await r.inventory.remove(programId);
    return 'removed';
  }
  await r.inventory.upsert(inventoryEntry(view));
  return 'listed';
}

/** Re-lists every published program (after a restore, or for a database from before the inventory). */
export async function rebuildInventory(deps: Pick<Deps, 'db'>): Promise<number> {
  let n = 0;
  let batch: ProgramView[] = [];
  const flush = async () => {
    const views = batch;
    batch = [];
    await deps.db.transaction().execute(async (trx) => {
      const r = repos(trx);
      for (const v of views) await r.inventory.upsert(inventoryEntry(v));
    });
  };
  for await (const v of publishedPrograms(deps.db)) {
    batch.push(v);
    n++;
    if (batch.length >= 500) await flush();
  }
  if (batch.length) await flush();
  return n;
}
