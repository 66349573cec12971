// Policy thresholds are settings, so another state can change them on the Policy page.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { validationError } from '../errors.ts';
import { assertAllowed, isSystemAdmin } from '../policy.ts';

export interface PolicySettings {
  /** Longest narrative description, in characters. */
  narrative_max_chars: number;
  /** Most credit hours a micro-credential may carry. */
  credit_hours_max: number;
  /** Fewest skill tags. */
  skills_min: number;
  /** Words per skill tag, inclusive. */
  skill_words_min: number;
  skill_words_max: number;
  /** Months from approval to the re-review date. */
  rereview_months: number;
  /** Days before the re-review date when it shows as due and the institution is emailed. */
  rereview_notice_days: number;
}

export const DEFAULT_POLICY: PolicySettings = {
  narrative_max_chars: 500,
  credit_hours_max: 9,
  skills_min: 5,
  skill_words_min: 1,
  skill_words_max: 4,
  rereview_months: 12,
  rereview_notice_days: 30,
};

export const POLICY_FIELDS: { key: keyof PolicySettings; label: string; hint: string; min: number; max: number }[] = [
  { key: 'narrative_max_chars', label: 'Narrative description: most characters', hint: 'PRODUCT default 500.', min: 50, max: 5000 },
  { key: 'credit_hours_max', label: 'Micro-credential: most credit hours', hint: 'State Regents policy: up to 9 hours of credit-bearing courses.', min: 1, max: 60 },
  { key: 'skills_min', label: 'Skill tags: fewest', hint: 'Default 5.', min: 0, max: 40 },
  { key: 'skill_words_min', label: 'Skill tag: fewest words', hint: 'Default 1.', min: 1, max: 10 },
  { key: 'skill_words_max', label: 'Skill tag: most words', hint: 'Default 4.', min: 1, max: 20 },
  { key: 'rereview_months', label: 'Re-review after (months)', hint: 'Default 12: annual re-review.', min: 1, max: 120 },
  { key: 'rereview_notice_days', label: 'Re-review notice (days before)', hint: 'Default 30.', min: 0, max: 365 },
];

export async function getPolicy(deps: Pick<Deps, 'db'>): Promise<PolicySettings> {
  const stored = await repos(deps.db).settings.all();
  const p = { ...DEFAULT_POLICY };
  for (const f of POLICY_FIELDS) {
    const v = stored[`policy.${f.key}`];
    if (typeof v === 'number' && Number.isFinite(v)) p[f.key] = v;
  }
  return p;
}

export async function updatePolicy(deps: Deps, actor: Actor, input: Record<string, unknown>): Promise<PolicySettings> {
  assertAllowed(isSystemAdmin(actor), 'Only system administrators can change policy settings.');
  const current = await getPolicy(deps);
  const next = { ...current };
  const errors: Record<string, string> = {};
  for (const f of POLICY_FIELDS) {
    const raw = input[f.key];
    if (raw === undefined || raw === '') continue;
    const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!Number.isInteger(n) || n < f.min || n > f.max) errors[f.key] = `Enter a whole number from ${f.min} to ${f.max}.`;
    else next[f.key] = n;
  }
  if (next.skill_words_min > next.skill_words_max) errors.skill_words_min = 'The fewest words cannot be more than the most words.';
  if (Object.keys(errors).length) throw validationError(errors);
  const changed = POLICY_FIELDS.filter((f) => next[f.key] !== current[f.key]);
  if (changed.length === 0) return current;
  const now = nowIso(deps);
  await inTransaction(deps, async (r) => {
    for (const f of changed) await r.settings.set(`policy.${f.key}`, next[f.key], now, actor.kind === 'user' ? actor.userId : null);
    await audit(r, { actor, at: now, action: 'policy.updated', subjectType: 'settings', subjectId: 'policy', data: Object.fromEntries(changed.map((f) => [f.key, { from: current[f.key], to: next[f.key] }])) });
  });
  return next;
}
