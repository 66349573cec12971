// What a pathway's draft needs from the database: every program component and a program destination
// must be listed in the inventory (active, with a live revision) at any institution; a program
// component's credit hours default to its live revision's; the milestone badge class must be the owner
// institution's. Also decides `crosses_institutions`, which sends a pathway to the Regents' review.
import type { Repos } from '../../storage/repositories/index.ts';
import { getPublishedProgram } from '../programs/published.ts';
import { totalCreditHours } from '../programs/form.ts';
import type { PathwayDraft } from './form.ts';
import type { PathwayComponent, PathwayDestinationType } from './types.ts';

export interface ResolvedPathway {
  readonly destination: { kind: 'program' | 'external'; programId: string | null; name: string; url: string | null; credentialType: PathwayDestinationType };
  readonly destinationOrganizationId: string | null;
  readonly components: PathwayComponent[];
  readonly crossesInstitutions: boolean;
}

const PROGRAM_TYPES: Record<string, PathwayDestinationType> = { micro_credential: 'micro_credential', certificate: 'certificate', degree: 'degree', other: 'other' };

const urlKey = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();

async function resolveComponents(r: Repos, draft: PathwayDraft, errors: Record<string, string>): Promise<PathwayComponent[]> {
  const components: PathwayComponent[] = [];
  const seen = new Map<string, number>();
  for (const [i, c] of draft.components.entries()) {
    const key = c.kind === 'program' ? `p:${c.programId}` : `u:${urlKey(c.url ?? '')}`;
    const first = seen.get(key);
    if (first !== undefined) errors[`components-${i}-${c.kind === 'program' ? 'program_id' : 'url'}`] = `This is the same credential as component ${first + 1}; list each component once.`;
    else seen.set(key, i);
    if (c.kind === 'external') {
      components.push({ kind: 'external', programId: null, organizationId: null, name: c.name, url: c.url, creditHours: c.creditHours });
      continue;
    }
    const view = c.programId ? await getPublishedProgram(r.executor, c.programId) : undefined;
    if (!view) {
      if (c.programId) errors[`components-${i}-program_id`] = `${c.name || 'This program'} is not listed in the inventory (it may have been suspended or retired). Remove it or choose another.`;
      components.push({ kind: 'program', programId: c.programId, organizationId: null, name: c.name, url: null, creditHours: c.creditHours });
      continue;
    }
    components.push({ kind: 'program', programId: view.program.id, organizationId: view.organization.id, name: view.form.title, url: null, creditHours: c.creditHours ?? totalCreditHours(view.form) });
  }
  return components;
}

export async function resolvePathway(r: Repos, organizationId: string, draft: PathwayDraft, errors: Record<string, string>): Promise<ResolvedPathway> {
  const components = await resolveComponents(r, draft, errors);
  const d = draft.destination;
  let destination: ResolvedPathway['destination'];
  let destinationOrganizationId: string | null = null;
  if (d.kind === 'program') {
    const view = d.programId ? await getPublishedProgram(r.executor, d.programId) : undefined;
    if (d.programId && !view) errors.destination_program_id = 'The destination program is not listed in the inventory. Choose a listed program, or name an external credential.';
    destinationOrganizationId = view?.organization.id ?? null;
    const type = d.credentialType ?? PROGRAM_TYPES[view?.form.credential_type ?? ''] ?? 'other';
    destination = { kind: 'program', programId: d.programId, name: view?.form.title ?? d.name, url: null, credentialType: type };
    if (d.programId && components.some((c) => c.programId === d.programId)) errors.destination_program_id = 'The destination cannot also be one of its components.';
  } else {
    destination = { kind: 'external', programId: null, name: d.name, url: d.url, credentialType: d.credentialType ?? 'other' };
    if (d.url && components.some((c) => c.url && urlKey(c.url) === urlKey(d.url!))) errors.destination_url = 'The destination cannot also be one of its components.';
  }
  if (draft.rule === 'credit_hours' && draft.ruleCreditHours !== null && !errors.rule_credit_hours) {
    const total = components.reduce((n, c) => n + (c.creditHours ?? 0), 0);
    if (total < draft.ruleCreditHours) errors.rule_credit_hours = `The components carry ${Math.round(total * 10) / 10} credit hours in all, fewer than the ${draft.ruleCreditHours} this rule needs. Add credit hours to the components or lower the total.`;
  }
  if (draft.milestoneBadgeClassId) {
    const bc = await r.badgeClasses.findById(draft.milestoneBadgeClassId);
    if (!bc || bc.organizationId !== organizationId) errors.milestone_badge_class_id = 'Choose one of your institution’s badge classes for the milestone badge.';
  }
  const others = [...components.map((c) => c.organizationId), destinationOrganizationId].filter((o): o is string => o !== null);
  return { destination, destinationOrganizationId, components, crossesInstitutions: others.some((o) => o !== organizationId) };
}
