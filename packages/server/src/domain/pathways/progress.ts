// How far an earner is along a pathway: pure, from what they hold. The one place the three completion
// rules are decided, so the portfolio's "3 of 5 earned", the program page and milestone issuing agree.
import type { Pathway, PathwayComponent } from './types.ts';

/** What an earner holds that can count towards a pathway. */
export interface Holdings {
  /** Program id → the id of the earner's award of that program's badge (accepted, not revoked, not expired). */
  readonly programs: ReadonlyMap<string, string>;
  /** URLs of external credentials the earner holds (imported badges' achievement ids or pages), if any. */
  readonly externalUrls?: ReadonlySet<string>;
}

export interface ComponentProgress {
  readonly component: PathwayComponent;
  readonly position: number;
  readonly earned: boolean;
  /** The award that earns it, for a program component. */
  readonly awardId: string | null;
}

export interface PathwayProgress {
  readonly pathwayId: string;
  readonly components: readonly ComponentProgress[];
  readonly earnedCount: number;
  /** How many components the rule needs ('all': every one; 'n_of': n; 'credit_hours': null). */
  readonly requiredCount: number | null;
  readonly creditHoursEarned: number;
  readonly creditHoursRequired: number | null;
  readonly complete: boolean;
  /** The components not yet earned, in the author's order: what's next. */
  readonly next: readonly ComponentProgress[];
  /** The award ids that completed the pathway (all earned components' awards), when complete. */
  readonly completingAwardIds: readonly string[];
}

function earnedBy(c: PathwayComponent, h: Holdings): string | null | false {
  if (c.kind === 'program') return c.programId !== null && h.programs.has(c.programId) ? h.programs.get(c.programId)! : false;
  return c.url !== null && (h.externalUrls?.has(c.url) ?? false) ? null : false;
}

/** Credit hours summed in tenths, so 1.5 + 1.5 + 0.1 compares exactly against a required total. */
const tenths = (n: number): number => Math.round(n * 10);

export function pathwayProgress(p: Pathway, h: Holdings): PathwayProgress {
  const components = p.components.map((component, position): ComponentProgress => {
    const e = earnedBy(component, h);
    return { component, position, earned: e !== false, awardId: e === false ? null : e };
  });
  const earned = components.filter((c) => c.earned);
  const earnedCount = earned.length;
  const creditTenths = earned.reduce((n, c) => n + tenths(c.component.creditHours ?? 0), 0);
  let requiredCount: number | null = null;
  let complete: boolean;
  if (p.rule === 'all') {
    requiredCount = components.length;
    complete = components.length > 0 && earnedCount === components.length;
  } else if (p.rule === 'n_of') {
    requiredCount = Math.min(p.ruleN ?? components.length, components.length);
    complete = requiredCount > 0 && earnedCount >= requiredCount;
  } else {
    const need = tenths(p.ruleCreditHours ?? 0);
    complete = need > 0 && creditTenths >= need;
  }
  return {
    pathwayId: p.id,
    components,
    earnedCount,
    requiredCount,
    creditHoursEarned: creditTenths / 10,
    creditHoursRequired: p.rule === 'credit_hours' ? p.ruleCreditHours : null,
    complete,
    next: components.filter((c) => !c.earned),
    completingAwardIds: complete ? earned.flatMap((c) => (c.awardId ? [c.awardId] : [])) : [],
  };
}
