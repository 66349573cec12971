// Keeps the inventory in step with the programs: called at the end of publishRevision and
// setProgramStatus (domain/programs/lifecycle.ts), inside their transaction, so a program is listed,
// changed or withdrawn in the same commit as the decision. A revision under review changes nothing here:
// only its approval calls publishRevision.
import type { Repos } from '../../storage/repositories/index.ts';
import type { InventoryEntryInput } from '../../storage/search/index.ts';
import type { Deps } from '../deps.ts';
import { CREDENTIAL_TYPES, totalCreditHours } from '../programs/form.ts';
import { STACKS_INTO_MAX } from './query.ts';
import { getPublishedProgram, publishedPrograms, type ProgramView } from '../programs/published.ts';
import { repos } from '../../storage/repositories/index.ts';

/** `stacksInto`: the destinations of the published pathways the program is a component of (stacksIntoOf). */
export function inventoryEntry(v: ProgramView, stacksInto: InventoryEntryInput['stacksInto'] = []): InventoryEntryInput {
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
    stacksInto,
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

/**
 * The facet values of "Stacks into": one per destination, named by the destination and, for a program, its
 * institution ("Certificate in Nursing — Prairie State University"), so two pathways to the same
 * destination count once. The name is the value, as skills and partners are: the same on every database
 * (an id would differ between two installs of the same data) and readable in a shared search URL. The
 * free-text `stacks_into` field of the Request Form stays what the institution wrote, searchable but no facet.
 */
export async function stacksIntoOf(r: Repos, programId: string): Promise<{ key: string; label: string }[]> {
  const out = new Set<string>();
  for (const p of await r.pathways.listTouchingProgram(programId)) {
    if (p.status !== 'published' || !p.components.some((c) => c.programId === programId)) continue;
    const d = p.destination;
    const program = d.programId ? await r.programs.findById(d.programId) : undefined;
    const org = program ? await r.organizations.findById(program.organizationId) : undefined;
    out.add((org ? `${d.name} — ${org.name}` : d.name).replace(/\s+/g, ' ').trim().slice(0, STACKS_INTO_MAX));
  }
  return [...out].sort().map((label) => ({ key: label, label }));
}

/** Lists the program's live revision if it is published (active), and removes it otherwise. */
export async function syncProgramInInventory(r: Repos, programId: string): Promise<'listed' | 'removed'> {
  const view = await getPublishedProgram(r.executor, programId);
  if (!view) {
    await r.inventory.remove(programId);
    return 'removed';
  }
  await r.inventory.upsert(inventoryEntry(view, await stacksIntoOf(r, programId)));
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
      for (const v of views) await r.inventory.upsert(inventoryEntry(v, await stacksIntoOf(r, v.program.id)));
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
