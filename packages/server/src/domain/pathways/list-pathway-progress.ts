// The portfolio's pathways: each published pathway the earner has started (holds at least one
// component of), or has a milestone on, with how far along they are (decided by pathwayProgress, as
// milestone issuing decides it), what is still to earn, and where the milestone badge stands.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { canViewPortfolio } from '../policy.ts';
import { earnerHoldings } from './holdings.ts';
import { pathwayProgress, type PathwayProgress } from './progress.ts';
import type { Pathway, PathwayMilestone } from './types.ts';

export interface EarnerPathway {
  readonly pathway: Pathway;
  readonly progress: PathwayProgress;
  readonly milestone: PathwayMilestone | null;
  /** The milestone badge's name, when the pathway has one. */
  readonly milestoneBadgeName: string | null;
  /** Component program id → its institution's name (for "what's next"). */
  readonly institutions: ReadonlyMap<string, string>;
}

export async function listPathwayProgress(deps: Deps, actor: Actor, input: { userId?: string } = {}): Promise<EarnerPathway[]> {
  const userId = input.userId ?? (actor.kind === 'user' ? actor.userId : '');
  if (!canViewPortfolio(actor, userId)) throw forbidden('A portfolio is visible only to its earner.');
  const r = repos(deps.db);
  const eh = await earnerHoldings(r, { userId, now: nowIso(deps) });
  const milestones = new Map((await r.pathwayMilestones.listForUser(userId)).map((m) => [m.pathwayId, m]));
  const ids = [...new Set([...(await r.pathwayHoldings.publishedWithComponents([...eh.holdings.programs.keys()])), ...milestones.keys()])];
  const orgNames = new Map<string, string>();
  const out: EarnerPathway[] = [];
  for (const id of ids) {
    const pathway = await r.pathways.get(id);
    if (!pathway) continue;
    const milestone = milestones.get(id) ?? null;
    if (pathway.status !== 'published' && !milestone) continue;
    const progress = pathwayProgress(pathway, eh.holdings);
    const badgeClass = pathway.milestoneBadgeClassId ? await r.badgeClasses.findById(pathway.milestoneBadgeClassId) : undefined;
    const institutions = new Map<string, string>();
    for (const c of pathway.components) {
      if (!c.programId || !c.organizationId) continue;
      if (!orgNames.has(c.organizationId)) orgNames.set(c.organizationId, (await r.organizations.findById(c.organizationId))?.name ?? '');
      institutions.set(c.programId, orgNames.get(c.organizationId)!);
    }
    out.push({ pathway, progress, milestone, milestoneBadgeName: badgeClass?.name ?? null, institutions });
  }
  return out;
}
