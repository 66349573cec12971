// The compliance rules: run on submit and on every review view, producing a checklist. Pure: the caller
// supplies the policy settings and the one fact that needs the database (a duplicate title).
import { totalCreditHours, type ProgramForm } from '../programs/form.ts';
import { emailProblem } from '../validate.ts';
import type { PolicySettings } from './settings.ts';

export type RuleStatus = 'passed' | 'failed' | 'warning';

export interface RuleResult {
  readonly id: string;
  readonly status: RuleStatus;
  readonly message: string;
  /** The form field the result is about, for showing it next to the field. */
  readonly field: string;
  /** A failed hard rule blocks submission; warnings never do. */
  readonly hard: boolean;
}

export const RULE_IDS = [
  'required_fields',
  'narrative_length',
  'credit_hours_max',
  'has_courses_or_activities',
  'activities_assessed',
  'skills_min',
  'skill_words',
  'program_url_public',
  'criteria_present',
  'outcomes_present',
  'duplicate_title',
  'contact_email',
  'badge_image_alt',
  'focus_area',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

function result(id: RuleId, ok: boolean, field: string, pass: string, fail: string, hard = true): RuleResult {
  return { id, status: ok ? 'passed' : hard ? 'failed' : 'warning', message: ok ? pass : fail, field, hard };
}

const PRIVATE_HOST = /^(localhost|.*\.local|.*\.internal|.*\.localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[::1?\]|\[f[cd][0-9a-f]*:.*\]|\[fe80:.*\])$/i;

/** Public: an http(s) URL whose host is a public name, not an intranet or loopback address. */
export function publicUrlProblem(url: string): string | undefined {
  if (!url) return 'Give the public web page of the program.';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'The program URL must be a full web address, starting with https://';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'The program URL must start with https:// or http://';
  if (u.username || u.password) return 'The program URL must not contain a user name or password.';
  if (PRIVATE_HOST.test(u.hostname) || !u.hostname.includes('.')) return 'The program URL must be on the public internet, not an intranet or local address.';
  return undefined;
}

export function checkCompliance(form: ProgramForm, opts: { policy: PolicySettings; duplicateTitle: boolean }): RuleResult[] {
  const p = opts.policy;
  const missing: string[] = [];
  if (!form.title) missing.push('title');
  if (!form.credential_type) missing.push('credential type');
  if (!form.level) missing.push('level');
  if (!form.department) missing.push('department or unit');
  if (!form.contact.name) missing.push('contact name');
  if (!form.narrative) missing.push('narrative description');
  if (!form.delivery_mode) missing.push('delivery mode');
  const firstMissingField = !form.title ? 'title' : !form.credential_type ? 'credential_type' : !form.level ? 'level' : !form.department ? 'department' : !form.contact.name ? 'contact.name' : !form.narrative ? 'narrative' : 'delivery_mode';

  const hours = totalCreditHours(form);
  const isMicro = form.credential_type === 'micro_credential';
  const badSkills = form.skills.filter((s) => {
    const words = s.split(/\s+/).filter(Boolean).length;
    return words < p.skill_words_min || words > p.skill_words_max;
  });
  const unassessed = [...form.courses.filter((c) => !c.assessment).map((c) => `${c.prefix} ${c.number}`.trim() || c.title), ...form.activities.filter((a) => !a.assessment).map((a) => a.title || 'an activity')];
  const urlProblem = publicUrlProblem(form.program_url);
  const contactProblem = form.contact.email ? emailProblem(form.contact.email) : 'Give the contact’s email address.';

  return [
    result('required_fields', missing.length === 0, firstMissingField, 'All required fields are filled in.', `Required fields are missing: ${missing.join(', ')}.`),
    result('narrative_length', form.narrative.length <= p.narrative_max_chars, 'narrative', `The narrative is ${form.narrative.length} of at most ${p.narrative_max_chars} characters.`, `The narrative is ${form.narrative.length} characters; the limit is ${p.narrative_max_chars}.`),
    result(
      'credit_hours_max',
      !isMicro || hours <= p.credit_hours_max,
      'courses',
      isMicro ? `${hours} credit hours, within the limit of ${p.credit_hours_max} for a micro-credential.` : 'The credit-hour limit applies to micro-credentials only.',
      `The courses total ${hours} credit hours; a micro-credential may have at most ${p.credit_hours_max}.`,
    ),
    result('has_courses_or_activities', form.courses.length + form.activities.length > 0, 'courses', `${form.courses.length} course(s) and ${form.activities.length} activity(ies).`, 'Add at least one credit-bearing course or non-credit activity.'),
    result('activities_assessed', unassessed.length === 0, 'activities', 'Every course and activity says how it is assessed.', `Say how each course and activity is assessed; missing for: ${unassessed.join(', ')}.`),
    result('skills_min', form.skills.length >= p.skills_min, 'skills', `${form.skills.length} skill tags (at least ${p.skills_min}).`, `Give at least ${p.skills_min} skill tags; there are ${form.skills.length}.`),
    result('skill_words', badSkills.length === 0, 'skills', `Every skill tag has ${p.skill_words_min}–${p.skill_words_max} words.`, `Skill tags must have ${p.skill_words_min}–${p.skill_words_max} words: ${badSkills.map((s) => `“${s}”`).join(', ')}.`),
    result('program_url_public', !urlProblem, 'program_url', 'The program URL is a public http(s) address.', urlProblem ?? ''),
    result('criteria_present', form.criteria.trim() !== '', 'criteria', 'Earning criteria are described.', 'Describe the earning criteria.'),
    result('outcomes_present', form.outcomes.length > 0, 'outcomes', `${form.outcomes.length} learning outcome(s).`, 'List at least one measurable learning outcome.'),
    result('duplicate_title', !opts.duplicateTitle, 'title', 'No other program at this institution has this title.', 'Another program at this institution already has this title.'),
    result('contact_email', !contactProblem, 'contact.email', 'The contact’s email address is valid.', contactProblem ?? ''),
    result('badge_image_alt', !form.badge.image_attachment_id || form.badge.image_alt.trim() !== '', 'badge.image_alt', form.badge.image_attachment_id ? 'The badge image has alt text.' : 'No badge image yet; a generated badge will be used.', 'Describe the badge image in its alt text.'),
    result('focus_area', form.focus_areas.length > 0, 'focus_areas', 'At least one focus area is chosen.', 'No focus area is chosen; the inventory cannot list it under one.', false),
  ];
}

export function failedHardRules(results: readonly RuleResult[]): RuleResult[] {
  return results.filter((r) => r.status === 'failed' && r.hard);
}
