// The Request Form as a multi-section page form. Each section saves a draft; rows (courses, activities,
// partners, alignments) are added with a submit button, so the form works without JavaScript.
import type { ComponentChildren } from 'preact';
import { ALIGNMENT_FRAMEWORKS, CREDENTIAL_TYPES, DELIVERY_MODES, FOCUS_AREAS, LEVELS, totalCreditHours, type ProgramForm } from '../../domain/programs/form.ts';
import type { RuleResult } from '../../domain/review/rules.ts';
import type { PolicySettings } from '../../domain/review/settings.ts';
import type { AttachmentMeta } from '../../storage/repositories/programs.ts';
import { Button, Csrf, ErrorSummary, Select, TextArea, TextInput } from '../components/ui.tsx';

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

function id(path: string): string {
  return path.replace(/\./g, '-').replace(/\[(\d+)\]/g, '-$1');
}

function Radios({ name, legend, value, options, error, hint }: { name: string; legend: string; value: string; options: readonly (readonly [string, string, string?])[]; error?: string | undefined; hint?: string }) {
  return (
    <fieldset class={`usa-fieldset usa-form-group${error ? ' usa-form-group--error' : ''}`} id={id(name)}>
      <legend class="usa-legend">{legend}</legend>
      {hint ? <div class="usa-hint">{hint}</div> : null}
      {error ? <span class="usa-error-message" role="alert">{error}</span> : null}
      {options.map(([v, label, desc]) => (
        <div class="usa-radio" key={v}>
          <input class="usa-radio__input usa-radio__input--tile" id={`${id(name)}-${v}`} type="radio" name={name} value={v} checked={value === v} />
          <label class="usa-radio__label" for={`${id(name)}-${v}`}>
            {label}
            {desc ? <span class="usa-checkbox__label-description">{desc}</span> : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function Row({ legend, children }: { legend: string; children: ComponentChildren }) {
  return (
    <fieldset class="usa-fieldset laurel-row">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}

/** Errors for a section: field errors from saving, plus the failed policy rules whose field is here. */
export function errorsFor(section: SectionId, fieldErrors: Record<string, string>, rules: RuleResult[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fieldErrors)) out[id(k)] = v;
  for (const r of rules) if (r.status !== 'passed' && sectionOf(r.field) === section && !out[id(r.field)]) out[id(r.field)] = r.message;
  return out;
}

export function SectionFields({ section, f, e, policy, attachments }: { section: SectionId; f: ProgramForm; e: Record<string, string>; policy: PolicySettings; attachments: AttachmentMeta[] }) {
  switch (section) {
    case 'basics':
      return (
        <>
          <TextInput name="title" label="Title" value={f.title} error={e.title} required maxLength={200} />
          <Select name="credential_type" label="Credential type" value={f.credential_type} options={Object.entries(CREDENTIAL_TYPES)} emptyLabel="- Select -" error={e.credential_type} />
          <Select name="level" label="Level" value={f.level} options={Object.entries(LEVELS)} emptyLabel="- Select -" error={e.level} />
          <Radios
            name="endorsement_requested"
            legend="Endorsement requested"
            value={f.endorsement_requested ? 'true' : 'false'}
            error={e.endorsement_requested}
            options={[
              ['true', 'Endorsed by State Regents', 'Regents staff review it and recommend it to the Chancellor, who decides.'],
              ['false', 'Listing only — Not Endorsed by State Regents', 'Regents staff review it and list it in the statewide inventory as not endorsed.'],
            ]}
          />
          <TextInput name="department" label="Department or unit" value={f.department} error={e.department} maxLength={200} />
          <fieldset class="usa-fieldset">
            <legend class="usa-legend usa-legend--large">Contact person</legend>
            <TextInput name="contact[name]" label="Name" value={f.contact.name} error={e['contact-name']} autocomplete="name" />
            <TextInput name="contact[title]" label="Job title" value={f.contact.title} error={e['contact-title']} />
            <TextInput name="contact[email]" label="Email" type="email" value={f.contact.email} error={e['contact-email']} autocomplete="email" />
            <TextInput name="contact[phone]" label="Phone" type="tel" value={f.contact.phone} error={e['contact-phone']} autocomplete="tel" />
          </fieldset>
        </>
      );
    case 'description':
      return (
        <>
          <TextArea
            name="narrative"
            label="Narrative description"
            hint={`What is the earner capable of doing? At most ${policy.narrative_max_chars} characters (now ${f.narrative.length}).`}
            value={f.narrative}
            error={e.narrative}
            rows={6}
          />
          <TextInput name="program_url" label="Public program URL" type="url" hint="A public web page about the program: http(s), with no login or paywall." value={f.program_url} error={e.program_url} />
          <fieldset class={`usa-fieldset usa-form-group${e.focus_areas ? ' usa-form-group--error' : ''}`} id="focus_areas">
            <legend class="usa-legend">Focus areas</legend>
            {e.focus_areas ? <span class="usa-error-message">{e.focus_areas}</span> : null}
            {Object.entries(FOCUS_AREAS).map(([v, label]) => (
              <div class="usa-checkbox" key={v}>
                <input class="usa-checkbox__input" id={`focus_areas-${v}`} type="checkbox" name="focus_areas" value={v} checked={f.focus_areas.includes(v as never)} />
                <label class="usa-checkbox__label" for={`focus_areas-${v}`}>
                  {label}
                </label>
              </div>
            ))}
          </fieldset>
        </>
      );
    case 'curriculum': {
      const courses = f.courses.length ? f.courses : [{ prefix: '', number: '', title: '', credit_hours: null, assessment: '' }];
      const activities = f.activities.length ? f.activities : [{ title: '', contact_hours: null, assessment: '' }];
      return (
        <>
          <h2 id="courses">Credit-bearing courses</h2>
          <p>
            A micro-credential may include up to {policy.credit_hours_max} credit hours. Total now: <strong>{totalCreditHours(f)}</strong>.
          </p>
          {e.courses ? <span class="usa-error-message" role="alert">{e.courses}</span> : null}
          {courses.map((c, i) => (
            <Row legend={`Course ${i + 1}`} key={`c${i}`}>
              <div class="grid-row grid-gap-sm">
                <div class="tablet:grid-col-3">
                  <TextInput name={`courses[${i}][prefix]`} label="Prefix" value={c.prefix} error={e[`courses-${i}-prefix`]} maxLength={10} />
                </div>
                <div class="tablet:grid-col-3">
                  <TextInput name={`courses[${i}][number]`} label="Number" value={c.number} error={e[`courses-${i}-number`]} maxLength={10} />
                </div>
                <div class="tablet:grid-col-3">
                  <TextInput name={`courses[${i}][credit_hours]`} label="Credit hours" inputMode="decimal" value={c.credit_hours === null ? '' : String(c.credit_hours)} error={e[`courses-${i}-credit_hours`]} />
                </div>
              </div>
              <TextInput name={`courses[${i}][title]`} label="Course title" value={c.title} error={e[`courses-${i}-title`]} />
              <TextInput name={`courses[${i}][assessment]`} label="How it is assessed" value={c.assessment} error={e[`courses-${i}-assessment`]} />
            </Row>
          ))}
          <Button variant="outline" name="_action" value="add_course">
            Add another course
          </Button>
          <h2 id="activities">Non-credit activities or projects</h2>
          {e.activities ? <span class="usa-error-message" role="alert">{e.activities}</span> : null}
          {activities.map((a, i) => (
            <Row legend={`Activity ${i + 1}`} key={`a${i}`}>
              <TextInput name={`activities[${i}][title]`} label="Activity or project" value={a.title} error={e[`activities-${i}-title`]} />
              <TextInput name={`activities[${i}][contact_hours]`} label="Contact hours" inputMode="decimal" value={a.contact_hours === null ? '' : String(a.contact_hours)} error={e[`activities-${i}-contact_hours`]} />
              <TextInput name={`activities[${i}][assessment]`} label="How it is assessed" value={a.assessment} error={e[`activities-${i}-assessment`]} />
            </Row>
          ))}
          <Button variant="outline" name="_action" value="add_activity">
            Add another activity
          </Button>
        </>
      );
    }
    case 'outcomes': {
      const alignments = f.alignments.length ? f.alignments : [{ framework: 'onet' as const, code: '', name: '', url: '' }];
      return (
        <>
          <TextArea name="outcomes" label="Learning outcomes or competencies" hint="Measurable; one per line." value={f.outcomes.join('\n')} error={e.outcomes} rows={5} />
          <TextArea
            name="skills"
            label="Skill tags"
            hint={`At least ${policy.skills_min}, each ${policy.skill_words_min}–${policy.skill_words_max} words; one per line or separated by commas.`}
            value={f.skills.join('\n')}
            error={e.skills}
            rows={5}
          />
          <h2>Alignments (optional)</h2>
          <p>Frameworks the program aligns to: an O*NET-SOC occupation, a CIP code, an ESCO or Lightcast skill.</p>
          {alignments.map((a, i) => (
            <Row legend={`Alignment ${i + 1}`} key={`al${i}`}>
              <Select name={`alignments[${i}][framework]`} label="Framework" value={a.framework} options={Object.entries(ALIGNMENT_FRAMEWORKS)} />
              <TextInput name={`alignments[${i}][code]`} label="Code" value={a.code} error={e[`alignments-${i}-code`]} />
              <TextInput name={`alignments[${i}][name]`} label="Name" value={a.name} error={e[`alignments-${i}-name`]} />
              <TextInput name={`alignments[${i}][url]`} label="URL" type="url" value={a.url} error={e[`alignments-${i}-url`]} />
            </Row>
          ))}
          <Button variant="outline" name="_action" value="add_alignment">
            Add another alignment
          </Button>
        </>
      );
    }
    case 'criteria':
      return (
        <>
          <TextArea name="criteria" label="Earning criteria" hint="What an earner must do to earn the credential and its badge." value={f.criteria} error={e.criteria} rows={5} />
          <TextArea name="requirements" label="Requirements" hint="One per line, for example “Pass IMT 1103 with a C or better”." value={f.requirements.join('\n')} error={e.requirements} rows={4} />
          <TextArea name="evidence" label="Evidence expected" value={f.evidence} error={e.evidence} rows={3} />
          <TextArea name="assessment_methods" label="Assessment methods" value={f.assessment_methods} error={e.assessment_methods} rows={3} />
        </>
      );
    case 'partners': {
      const partners = f.partners.length ? f.partners : [{ name: '', role: '', letter_attachment_id: null }];
      const byId = new Map(attachments.map((a) => [a.id, a]));
      return (
        <>
          <p>Industry or employer partners, with an optional letter of support (PDF, at most 10 MB) for each. Save the partner first, then attach the letter.</p>
          {partners.map((p, i) => (
            <Row legend={`Partner ${i + 1}`} key={`p${i}`}>
              <TextInput name={`partners[${i}][name]`} label="Name" value={p.name} error={e[`partners-${i}-name`]} />
              <TextInput name={`partners[${i}][role]`} label="Role in the program" value={p.role} error={e[`partners-${i}-role`]} />
              {p.letter_attachment_id ? <input type="hidden" name={`partners[${i}][letter_attachment_id]`} value={p.letter_attachment_id} /> : null}
              {p.letter_attachment_id && byId.get(p.letter_attachment_id) ? (
                <p>
                  Letter of support: <a href={`/attachments/${p.letter_attachment_id}`}>{byId.get(p.letter_attachment_id)!.filename}</a>
                </p>
              ) : null}
            </Row>
          ))}
          <Button variant="outline" name="_action" value="add_partner">
            Add another partner
          </Button>
          <UploadNote />
        </>
      );
    }
    case 'delivery':
      return (
        <>
          <Radios name="delivery_mode" legend="Delivery mode" value={f.delivery_mode ?? ''} error={e.delivery_mode} options={Object.entries(DELIVERY_MODES)} />
          <TextInput name="duration" label="Duration or time to earn" hint="For example “One semester” or “40 hours over 8 weeks”." value={f.duration} error={e.duration} />
          <Radios
            name="cost[free]"
            legend="Cost"
            value={f.cost.free ? 'true' : 'false'}
            error={e.cost}
            options={[
              ['true', 'Free'],
              ['false', 'Paid'],
            ]}
          />
          <TextInput name="cost[amount]" label="Cost in dollars (if paid)" inputMode="decimal" value={f.cost.amount === null ? '' : String(f.cost.amount)} error={e['cost-amount']} />
          <TextInput name="start_terms" label="Start terms" hint="Separated by commas, for example “Fall, Spring”." value={f.start_terms.join(', ')} error={e.start_terms} />
          <Radios
            name="financial_aid_eligible"
            legend="Eligible for financial aid"
            value={f.financial_aid_eligible ? 'true' : 'false'}
            error={e.financial_aid_eligible}
            options={[
              ['true', 'Yes'],
              ['false', 'No'],
            ]}
          />
          <TextArea name="stacks_into" label="Stackability" hint="Degrees or certificates this stacks into; one per line." value={f.stacks_into.join('\n')} error={e.stacks_into} rows={3} />
        </>
      );
    case 'badge': {
      const img = attachments.find((a) => a.id === f.badge.image_attachment_id);
      return (
        <>
          <TextInput name="badge[name]" label="Badge name" hint="Leave empty to use the program title." value={f.badge.name} error={e['badge-name']} />
          {img ? (
            <div class="margin-y-2">
              <img src={`/attachments/${img.id}`} alt={f.badge.image_alt || 'Badge image (alt text not yet given)'} width={160} height={160} class="laurel-badge-preview" />
              <p>
                Current image: {img.filename} ({Math.round(img.size / 1024)} KB)
              </p>
            </div>
          ) : (
            <p>No badge image yet. Upload one below; until then a generated badge is used.</p>
          )}
          <TextArea name="badge[image_alt]" label="Badge image alt text" hint="Describe the image for people who cannot see it." value={f.badge.image_alt} error={e['badge-image_alt']} rows={2} />
          <TextInput name="badge[expires_after_months]" label="Expires after (months)" hint="Leave empty if the badge never expires." inputMode="numeric" value={f.badge.expires_after_months === null ? '' : String(f.badge.expires_after_months)} error={e['badge-expires_after_months']} />
          <UploadNote />
        </>
      );
    }
  }
}

/** Uploads are their own forms (multipart), below the section form; this tells where. */
function UploadNote() {
  return <p class="text-base-dark">Files are uploaded with the form below, after saving this section.</p>;
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
