// The fields of each section of the Request Form, as page components (server-rendered; row lists grow
// with submit buttons, so the form works without JavaScript).
import type { ComponentChildren } from 'preact';
import { ALIGNMENT_FRAMEWORKS, CREDENTIAL_TYPES, DELIVERY_MODES, FOCUS_AREAS, LEVELS, totalCreditHours, type ProgramForm } from '../../../domain/programs/form.ts';
import type { AttachmentMeta } from '../../../domain/programs/types.ts';
import type { PolicySettings } from '../../../domain/review/settings.ts';
import { Button, Select, TextArea, TextInput } from '../../components/ui.tsx';
import { fieldId as id, type SectionId } from './request-form.tsx';

interface FieldsProps {
  readonly f: ProgramForm;
  readonly e: Record<string, string>;
  readonly policy: PolicySettings;
  readonly attachments: AttachmentMeta[];
  /** What was posted, by field name, when saving was refused: shown as typed ("four" stays "four"). */
  readonly raw?: Readonly<Record<string, string>> | undefined;
}

/** A number field's value: what was typed if the save was refused, else the stored number. */
function numberValue(raw: FieldsProps['raw'], name: string, n: number | null): string {
  const typed = raw?.[name];
  return typed !== undefined ? typed : n === null ? '' : String(n);
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

function BasicsFields({ f, e }: FieldsProps) {
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
}

function DescriptionFields({ f, e, policy }: FieldsProps) {
  return (
    <>
      <TextArea name="narrative" label="Narrative description" hint="What is the earner capable of doing?" value={f.narrative} error={e.narrative} rows={6} countMax={policy.narrative_max_chars} />
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
}

function CurriculumFields({ f, e, policy, raw }: FieldsProps) {
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
              <TextInput name={`courses[${i}][credit_hours]`} label="Credit hours" inputMode="decimal" value={numberValue(raw, `courses[${i}][credit_hours]`, c.credit_hours)} error={e[`courses-${i}-credit_hours`]} />
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
          <TextInput name={`activities[${i}][contact_hours]`} label="Contact hours" inputMode="decimal" value={numberValue(raw, `activities[${i}][contact_hours]`, a.contact_hours)} error={e[`activities-${i}-contact_hours`]} />
          <TextInput name={`activities[${i}][assessment]`} label="How it is assessed" value={a.assessment} error={e[`activities-${i}-assessment`]} />
        </Row>
      ))}
      <Button variant="outline" name="_action" value="add_activity">
        Add another activity
      </Button>
    </>
  );
}

function OutcomesFields({ f, e, policy }: FieldsProps) {
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

function CriteriaFields({ f, e }: FieldsProps) {
  return (
    <>
      <TextArea name="criteria" label="Earning criteria" hint="What an earner must do to earn the credential and its badge." value={f.criteria} error={e.criteria} rows={5} />
      <TextArea name="requirements" label="Requirements" hint="One per line, for example “Pass IMT 1103 with a C or better”." value={f.requirements.join('\n')} error={e.requirements} rows={4} />
      <TextArea name="evidence" label="Evidence expected" value={f.evidence} error={e.evidence} rows={3} />
      <TextArea name="assessment_methods" label="Assessment methods" value={f.assessment_methods} error={e.assessment_methods} rows={3} />
    </>
  );
}

function PartnersFields({ f, e, attachments }: FieldsProps) {
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

function DeliveryFields({ f, e, raw }: FieldsProps) {
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
      <TextInput name="cost[amount]" label="Cost in dollars (if paid)" inputMode="decimal" value={numberValue(raw, 'cost[amount]', f.cost.amount)} error={e['cost-amount']} />
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
}

function BadgeFields({ f, e, attachments, raw }: FieldsProps) {
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
      <TextInput name="badge[expires_after_months]" label="Expires after (months)" hint="Leave empty if the badge never expires." inputMode="numeric" value={numberValue(raw, 'badge[expires_after_months]', f.badge.expires_after_months)} error={e['badge-expires_after_months']} />
      <UploadNote />
    </>
  );
}

/** The fields of one section of the Request Form. */
export function SectionFields({ section, ...props }: FieldsProps & { section: SectionId }) {
  switch (section) {
    case 'basics':
      return <BasicsFields {...props} />;
    case 'description':
      return <DescriptionFields {...props} />;
    case 'curriculum':
      return <CurriculumFields {...props} />;
    case 'outcomes':
      return <OutcomesFields {...props} />;
    case 'criteria':
      return <CriteriaFields {...props} />;
    case 'partners':
      return <PartnersFields {...props} />;
    case 'delivery':
      return <DeliveryFields {...props} />;
    case 'badge':
      return <BadgeFields {...props} />;
  }
}

/** Uploads are their own forms (multipart), below the section form; this tells where. */
function UploadNote() {
  return <p class="text-base-dark">Files are uploaded with the form below, after saving this section.</p>;
}
