// Pathways as pages and the API show them: each node (components, destination) with its institution's
// name and slug, so a reader sees where each part is earned.
import type { Repos } from '../../storage/repositories/index.ts';
import type { Pathway, PathwayComponent } from './types.ts';

export interface InstitutionRef {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

export interface PathwayNode {
  readonly kind: 'program' | 'external';
  readonly programId: string | null;
  readonly name: string;
  readonly url: string | null;
  readonly creditHours: number | null;
  /** Null for an external credential. */
  readonly institution: InstitutionRef | null;
}

export interface PathwayView {
  readonly pathway: Pathway;
  readonly owner: InstitutionRef;
  readonly components: readonly PathwayNode[];
  readonly destination: PathwayNode & { readonly credentialType: Pathway['destination']['credentialType'] };
}

export async function describePathways(r: Repos, pathways: readonly Pathway[]): Promise<PathwayView[]> {
  if (pathways.length === 0) return [];
  const orgs = new Map((await r.organizations.list()).map((o) => [o.id, { id: o.id, slug: o.slug, name: o.name }]));
  const destOrg = new Map<string, string>();
  for (const p of pathways) {
    const id = p.destination.programId;
    if (id && !destOrg.has(id)) {
      const prog = await r.programs.findById(id);
      if (prog) destOrg.set(id, prog.organizationId);
    }
  }
  const node = (c: PathwayComponent): PathwayNode => ({ kind: c.kind, programId: c.programId, name: c.name, url: c.url, creditHours: c.creditHours, institution: c.organizationId ? (orgs.get(c.organizationId) ?? null) : null });
  return pathways.map((p) => {
    const d = p.destination;
    const dOrg = d.programId ? destOrg.get(d.programId) : undefined;
    return {
      pathway: p,
      owner: orgs.get(p.organizationId) ?? { id: p.organizationId, slug: '', name: 'Unknown institution' },
      components: p.components.map(node),
      destination: { kind: d.kind, programId: d.programId, name: d.name, url: d.url, creditHours: null, institution: dOrg ? (orgs.get(dOrg) ?? null) : null, credentialType: d.credentialType },
    };
  });
}

/** The rule in words, as the graph, the list and the API's `rule_text` state it. */
export function ruleText(p: Pick<Pathway, 'rule' | 'ruleN' | 'ruleCreditHours' | 'components'>): string {
  const n = p.components.length;
  if (p.rule === 'all') return n === 1 ? 'Earn the component to complete the pathway.' : `Earn all ${n} components to complete the pathway.`;
  if (p.rule === 'n_of') return `Earn any ${p.ruleN ?? n} of the ${n} components to complete the pathway.`;
  return `Earn components worth at least ${p.ruleCreditHours ?? 0} credit hours in total to complete the pathway.`;
}
