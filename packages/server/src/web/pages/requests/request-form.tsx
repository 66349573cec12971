// The Request Form as a multi-section page form. Each section saves a draft; rows (courses, activities,
// partners, alignments) are added with a submit button, so the form works without JavaScript. The fields
// of each section: section-fields.tsx.
import type { ComponentChildren } from 'preact';
import { diffForms, type FieldChange } from '../../../domain/programs/diff.ts';
import type { ProgramForm } from '../../../domain/programs/form.ts';
import type { RuleResult } from '../../../domain/review/rules.ts';
import { Button, Csrf, ErrorSummary, Select } from '../../components/ui.tsx';

export const SECTIONS = [
  { id: 'basics', label: 'Program basics', fields: ['title', 'credential_type', 'level', 'endorsement_requested', 'department', 'contact'] },
  { id: 'description', label: 'Description', fields: ['narrative', 'program_url', 'focus_areas'] },
  { id: 'curriculum', label: 'Courses and activities', fields: ['courses', 'activities'] },
  { id: 'outcomes', label: 'Outcomes and skills', fields: ['outcomes', 'skills', 'alignments'] },
  { id: 'criteria', label: 'Earning criteria', fields: ['criteria', 'requirements', 'evidence', 'assessment_methods'] },
  { id: 'partners', label: 'Partners', fields: ['partners'] },
  { id: 'delivery', label: 'Delivery and cost', fields: ['delivery_mode', 'duration', 'cost', 'start_terms', 'financial_aid_eligible', 'stacks_into'] },
  { id: 'badge', label: 'Digital badge', fields: ['badge'] },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

export function isSection(s: string): s is SectionId {
  return SECTIONS.some((x) => x.id === s);
}

/** Which section holds a form field (or a rule's field): `contact.email` → basics, `courses[1].title` → curriculum. */
export function sectionOf(field: string): SectionId {
  const top = field.split(/[.[]/)[0]!;
  return SECTIONS.find((s) => (s.fields as readonly string[]).includes(top))?.id ?? 'basics';
}

/** Keys to send so that a section's empty lists and unchecked boxes are saved as empty. */
export function sectionDefaults(section: SectionId): Record<string, unknown> {
  switch (section) {
    case 'description':
      return { focus_areas: [] };
    case 'curriculum':
      return { courses: [], activities: [] };
    case 'outcomes':
      return { outcomes: '', skills: '', alignments: [] };
    case 'criteria':
      return { requirements: '' };
    case 'partners':
      return { partners: [] };
    case 'delivery':
      return { start_terms: '', stacks_into: '' };
    default:
      return {};
  }
}

/** The element id of a form field: `contact.email` → contact-email, `courses[1].title` → courses-1-title. */
export function fieldId(path: string): string {
  return path.replace(/\./g, '-').replace(/\[(\d+)\]/g, '-$1');
}

/** The required fields, each with its own message (the rule lists them all in one). */
const REQUIRED: readonly (readonly [string, (f: ProgramForm) => unknown, string])[] = [
  ['title', (f) => f.title, 'Give the program a title.'],
  ['credential_type', (f) => f.credential_type, 'Choose the credential type.'],
  ['level', (f) => f.level, 'Choose the level.'],
  ['department', (f) => f.department, 'Give the department or unit.'],
  ['contact.name', (f) => f.contact.name, 'Give the contact person’s name.'],
  ['narrative', (f) => f.narrative, 'Write the narrative description.'],
  ['delivery_mode', (f) => f.delivery_mode, 'Choose the delivery mode.'],
];

/**
 * Errors for a section: field errors from saving, plus the failed policy rules whose field is here —
 * those only once the section has been saved (a brand-new draft's sections start without errors; the
 * review page's checklist says what is still needed). A missing required field gets its own message.
 */
export function errorsFor(section: SectionId, fieldErrors: Record<string, string>, rules: RuleResult[], state: { form: ProgramForm; savedFields: readonly string[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fieldErrors)) out[fieldId(k)] = v;
  const fields: readonly string[] = SECTIONS.find((s) => s.id === section)!.fields;
  if (!fields.some((f) => state.savedFields.includes(f))) return out;
  for (const r of rules) {
    if (r.status === 'passed') continue;
    if (r.id === 'required_fields') {
      for (const [path, value, message] of REQUIRED) if (sectionOf(path) === section && !value(state.form)) out[fieldId(path)] ??= message;
    } else if (sectionOf(r.field) === section && !out[fieldId(r.field)]) out[fieldId(r.field)] = r.message;
  }
  return out;
}

/** The fields of a section that differ between two versions of the form (the saved one and what was typed). */
export function sectionChanges(section: SectionId, saved: ProgramForm, typed: ProgramForm): FieldChange[] {
  return diffForms(saved, typed).filter((c) => sectionOf(c.field === 'credit_hours' ? 'courses' : c.field) === section);
}

export function UploadForm({ csrf, requestId, section, form, error }: { csrf: string; requestId: string; section: 'partners' | 'badge'; form: ProgramForm; error?: string | undefined }) {
  return (
    <form class="usa-form laurel-wide-form margin-top-4" method="post" action={`/requests/${requestId}/files?_csrf=${encodeURIComponent(csrf)}`} encType="multipart/form-data">
      <input type="hidden" name="section" value={section} />
      <fieldset class="usa-fieldset">
        <legend class="usa-legend usa-legend--large">{section === 'badge' ? 'Upload the badge image' : 'Attach a letter of support'}</legend>
        {section === 'badge' ? (
          <input type="hidden" name="kind" value="badge_image" />
        ) : (
          <>
            <input type="hidden" name="kind" value="letter" />
            <Select name="partner" label="Partner" options={form.partners.map((p, i) => [String(i), p.name || `Partner ${i + 1}`] as const)} emptyLabel={form.partners.length ? undefined : '- Save a partner first -'} />
          </>
        )}
        <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for="file">
            {section === 'badge' ? 'PNG or SVG, at most 2 MB' : 'PDF, at most 10 MB'}
          </label>
          {error ? <span class="usa-error-message" id="file-error" role="alert">{error}</span> : null}
          <input class="usa-file-input" id="file" name="file" type="file" accept={section === 'badge' ? 'image/png,image/svg+xml' : 'application/pdf'} aria-describedby={error ? 'file-error' : undefined} />
        </div>
        <Button variant="outline">Upload</Button>
      </fieldset>
    </form>
  );
}

export function SectionForm({ requestId, section, version, csrf, children, errors, message }: { requestId: string; section: SectionId; version: number; csrf: string; children: ComponentChildren; errors: Record<string, string>; message?: string | undefined }) {
  const idx = SECTIONS.findIndex((s) => s.id === section);
  return (
    <>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large laurel-wide-form" method="post" action={`/requests/${requestId}/edit/${section}`} novalidate>
        <Csrf token={csrf} />
        <input type="hidden" name="_version" value={String(version)} />
        {children}
        <div class="laurel-actions margin-top-4">
          {idx < SECTIONS.length - 1 ? (
            <Button name="_action" value="next">
              Save and continue
            </Button>
          ) : (
            <Button name="_action" value="review">
              Save and review
            </Button>
          )}
          <Button variant="outline" name="_action" value="save">
            Save draft
          </Button>
        </div>
      </form>
    </>
  );
}

export function StepIndicator({ current, requestId }: { current: SectionId | 'review'; requestId: string }) {
  const idx = current === 'review' ? SECTIONS.length : SECTIONS.findIndex((s) => s.id === current);
  const all = [...SECTIONS.map((s) => ({ id: s.id as string, label: s.label })), { id: 'review', label: 'Review and submit' }];
  return (
    <div class="usa-step-indicator usa-step-indicator--counters-sm margin-bottom-4" aria-label="Request form sections">
      <ol class="usa-step-indicator__segments">
        {all.map((s, i) => (
          <li class={`usa-step-indicator__segment${i < idx ? ' usa-step-indicator__segment--complete' : i === idx ? ' usa-step-indicator__segment--current' : ''}`} aria-current={i === idx ? 'step' : undefined} key={s.id}>
            <span class="usa-step-indicator__segment-label">
              <a href={s.id === 'review' ? `/requests/${requestId}` : `/requests/${requestId}/edit/${s.id}`}>{s.label}</a>
              {i < idx ? <span class="usa-sr-only">completed</span> : i > idx ? <span class="usa-sr-only">not completed</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
