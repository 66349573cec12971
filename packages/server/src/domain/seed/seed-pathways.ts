// Demo pathways, one per demo institution, through the same use cases as the pages: Red River's crosses
// into Prairie State and was accepted by the Regents, Prairie State's stays within it, and Northern
// Plains' crosses into Red River and waits in the Regents' queue — so a fresh install shows the graph,
// the "Stacks into" facet and the review queue. Idempotent: a pathway whose name its institution
// already uses is skipped.
import { repos, type Repos } from '../../storage/repositories/index.ts';
import { SYSTEM } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { createPathway } from '../pathways/create-pathway.ts';
import type { PathwayInput } from '../pathways/form.ts';
import { publishPathway } from '../pathways/publish-pathway.ts';
import { reviewPathway } from '../pathways/review-pathway.ts';

interface DemoPathway {
  readonly inst: string;
  readonly name: string;
  readonly description: string;
  readonly components: readonly (readonly [string, string])[];
  readonly destination: PathwayInput['destination'] | readonly [string, string];
  readonly rule: Pick<PathwayInput, 'rule' | 'rule_n' | 'rule_credit_hours'>;
  readonly end: 'accepted' | 'published' | 'pending';
}

const DEMO_PATHWAYS: readonly DemoPathway[] = [
  {
    inst: 'red-river',
    name: 'Cybersecurity to AI for Business',
    description: 'Start with network defense at Red River, add data analytics at Prairie State, and finish with Prairie State’s AI for Business micro-credential.',
    components: [['red-river', 'Cybersecurity Fundamentals'], ['prairie-state', 'Data Analytics with Python']],
    destination: ['prairie-state', 'Artificial Intelligence for Business'],
    rule: { rule: 'all' },
    end: 'accepted',
  },
  {
    inst: 'prairie-state',
    name: 'Agricultural technology toward the BS',
    description: 'Two of these three agriculture micro-credentials count toward the BS in Agricultural Systems Technology.',
    components: [['prairie-state', 'Precision Agriculture Technician'], ['prairie-state', 'Sustainable Water Management'], ['prairie-state', 'Animal Science: Beef Cattle Management']],
    destination: { kind: 'external', name: 'BS in Agricultural Systems Technology', url: 'https://prairiestate.example.edu/degrees/agricultural-systems-technology', credential_type: 'bachelor_degree' },
    rule: { rule: 'n_of', rule_n: 2 },
    end: 'published',
  },
  {
    inst: 'northern-plains',
    name: 'Rural health careers',
    description: 'Community health work and medical Spanish at Northern Plains with phlebotomy at Red River, toward Nursing Informatics.',
    components: [['northern-plains', 'Community Health Worker'], ['northern-plains', 'Spanish for Healthcare Professionals'], ['red-river', 'Phlebotomy Technician']],
    destination: ['northern-plains', 'Nursing Informatics'],
    rule: { rule: 'all' },
    end: 'pending',
  },
];

async function programIdOf(r: Repos, slug: string, title: string): Promise<string | null> {
  const org = await r.organizations.findBySlug(slug);
  if (!org) return null;
  for (const p of await r.programs.listByOrganization(org.id)) {
    const rev = p.status === 'active' && p.liveRevisionId ? await r.revisions.findById(p.liveRevisionId) : undefined;
    if (rev?.title === title) return p.id;
  }
  return null;
}

export async function seedDemoPathways(deps: Deps): Promise<number> {
  const r = repos(deps.db);
  let created = 0;
  for (const d of DEMO_PATHWAYS) {
    const org = await r.organizations.findBySlug(d.inst);
    if (!org || (await r.pathways.listForOrganization(org.id)).some((p) => p.name === d.name)) continue;
    const ids = await Promise.all(d.components.map(([slug, title]) => programIdOf(r, slug, title)));
    const destination = Array.isArray(d.destination) ? { kind: 'program', program_id: await programIdOf(r, d.destination[0]!, d.destination[1]!) } : d.destination;
    if (ids.some((id) => id === null) || (destination && 'program_id' in destination && !destination.program_id)) continue;
    const p = await createPathway(deps, SYSTEM, { institution: d.inst, name: d.name, description: d.description, components: ids.map((id) => ({ program_id: id! })), destination: destination as PathwayInput['destination'], ...d.rule });
    await publishPathway(deps, SYSTEM, { pathwayId: p.id });
    if (d.end === 'accepted') await reviewPathway(deps, SYSTEM, { pathwayId: p.id, decision: 'accept', comment: 'Credit transfer confirmed by both institutions.' });
    created++;
  }
  return created;
}
