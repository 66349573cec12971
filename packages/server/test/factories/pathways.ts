// Pathways built through the repository (authoring pages are another part of issue #17): published,
// with program components of any institution and, when asked, a milestone badge class.
import type { Deps } from '../../src/domain/deps.ts';
import { newId } from '../../src/domain/ids.ts';
import type { Pathway, PathwayRule } from '../../src/domain/pathways/types.ts';
import { repos } from '../../src/storage/repositories/index.ts';
import type { FactoryBadgeClass } from './awards.ts';

export interface PathwayOptions {
  readonly organizationId: string;
  readonly components: readonly Pick<FactoryBadgeClass, 'programId' | 'organizationId' | 'name'>[];
  readonly milestone?: Pick<FactoryBadgeClass, 'id'> | null;
  readonly mode?: 'automatic' | 'approval';
  readonly rule?: PathwayRule;
  readonly ruleN?: number | null;
  readonly ruleCreditHours?: number | null;
  readonly creditHours?: number | null;
  readonly status?: Pathway['status'];
  readonly name?: string;
}

export function pathwayRecord(o: PathwayOptions, at: string): Pathway {
  const id = newId();
  return {
    id,
    organizationId: o.organizationId,
    name: o.name ?? `Pathway ${id.slice(-6)}`,
    description: 'Stackable credentials towards a certificate.',
    destination: { kind: 'external', programId: null, name: 'Certificate of Achievement', url: 'https://example.edu/certificate', credentialType: 'certificate' },
    rule: o.rule ?? 'all',
    ruleN: o.ruleN ?? null,
    ruleCreditHours: o.ruleCreditHours ?? null,
    milestoneBadgeClassId: o.milestone?.id ?? null,
    milestoneMode: o.milestone ? (o.mode ?? 'automatic') : null,
    status: o.status ?? 'published',
    crossesInstitutions: new Set(o.components.map((c) => c.organizationId)).size > 1,
    reviewState: 'not_required',
    reviewComment: null,
    reviewedBy: null,
    reviewedAt: null,
    version: 1,
    createdBy: null,
    createdAt: at,
    updatedAt: at,
    publishedAt: (o.status ?? 'published') === 'published' ? at : null,
    components: o.components.map((c) => ({ kind: 'program' as const, programId: c.programId, organizationId: c.organizationId, name: c.name, url: null, creditHours: o.creditHours ?? null })),
  };
}

export async function makePathway(deps: Deps, o: PathwayOptions): Promise<Pathway> {
  const p = pathwayRecord(o, deps.clock().toISOString());
  await deps.db.transaction().execute(async (tx) => repos(tx).pathways.insert(p));
  return p;
}
