// A readable difference between two revisions of a program's form, field by field.
import { CREDENTIAL_TYPES, DELIVERY_MODES, FOCUS_AREAS, LEVELS, totalCreditHours, type ProgramForm } from './form.ts';

export interface FieldChange {
  readonly field: string;
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

const yes = (b: boolean) => (b ? 'Yes' : 'No');

/** Each field rendered as text, so a change reads the same way it is shown on the review page. */
export function formAsText(f: ProgramForm): [string, string, string][] {
  return [
    ['title', 'Title', f.title],
    ['credential_type', 'Credential type', f.credential_type ? CREDENTIAL_TYPES[f.credential_type] : ''],
    ['level', 'Level', f.level ? LEVELS[f.level] : ''],
    ['endorsement_requested', 'Endorsement requested', yes(f.endorsement_requested)],
    ['department', 'Department or unit', f.department],
    ['contact', 'Contact', [f.contact.name, f.contact.title, f.contact.email, f.contact.phone].filter(Boolean).join(', ')],
    ['narrative', 'Narrative description', f.narrative],
    ['program_url', 'Program URL', f.program_url],
    ['focus_areas', 'Focus areas', f.focus_areas.map((a) => FOCUS_AREAS[a]).join(', ')],
    ['courses', 'Courses', f.courses.map((c) => `${c.prefix} ${c.number} ${c.title} (${c.credit_hours ?? 0} cr) — assessed by: ${c.assessment || '—'}`).join('\n')],
    ['credit_hours', 'Total credit hours', String(totalCreditHours(f))],
    ['activities', 'Activities', f.activities.map((a) => `${a.title} (${a.contact_hours ?? 0} h) — assessed by: ${a.assessment || '—'}`).join('\n')],
    ['outcomes', 'Learning outcomes', f.outcomes.join('\n')],
    ['skills', 'Skill tags', f.skills.join(', ')],
    ['alignments', 'Alignments', f.alignments.map((a) => `${a.framework} ${a.code} ${a.name} ${a.url}`.trim()).join('\n')],
    ['criteria', 'Earning criteria', f.criteria],
    ['requirements', 'Requirements', f.requirements.join('\n')],
    ['evidence', 'Evidence expected', f.evidence],
    ['assessment_methods', 'Assessment methods', f.assessment_methods],
    ['partners', 'Partners', f.partners.map((p) => `${p.name} (${p.role})${p.letter_attachment_id ? ' — letter attached' : ''}`).join('\n')],
    ['delivery_mode', 'Delivery mode', f.delivery_mode ? DELIVERY_MODES[f.delivery_mode] : ''],
    ['duration', 'Duration / time to earn', f.duration],
    ['cost', 'Cost', f.cost.free ? 'Free' : f.cost.amount !== null ? `$${f.cost.amount.toLocaleString('en-US')}` : 'Paid'],
    ['start_terms', 'Start terms', f.start_terms.join(', ')],
    ['financial_aid_eligible', 'Financial-aid eligible', yes(f.financial_aid_eligible)],
    ['stacks_into', 'Stacks into', f.stacks_into.join('\n')],
    ['badge', 'Badge', `${f.badge.name || f.title}; expires ${f.badge.expires_after_months ? `${f.badge.expires_after_months} months after issue` : 'never'}; image ${f.badge.image_attachment_id ? 'uploaded' : 'not uploaded'}${f.badge.image_alt ? `; alt text “${f.badge.image_alt}”` : ''}`],
  ];
}

export function diffForms(before: ProgramForm, after: ProgramForm): FieldChange[] {
  const a = formAsText(before);
  const b = new Map(formAsText(after).map(([k, , v]) => [k, v]));
  return a.filter(([k, , v]) => b.get(k) !== v).map(([field, label, v]) => ({ field, label, before: v, after: b.get(field) ?? '' }));
}
