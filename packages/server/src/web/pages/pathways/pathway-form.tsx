// The pathway form (new and edit). Works without JavaScript: components are found with a search of the
// inventory (there can be 100,000 programs, so never one giant select) and added with a button; each
// button posts the whole form and the page comes back with the change made (routes/pathway-form-state.ts).
// The first submit button is "Search", so pressing Enter in any field keeps what was typed and saves nothing.
import type { PathwayFormOptions, ProgramChoice } from '../../../domain/pathways/get-pathway-form-options.ts';
import { DESTINATION_TYPES, MILESTONE_MODES, PATHWAY_LIMITS, PATHWAY_RULES } from '../../../domain/pathways/form.ts';
import type { ComponentValue, PathwayFormValues } from '../../routes/pathway-form-state.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Alert, Button, Csrf, ErrorSummary, Select, TextArea, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export interface PathwayFormProps {
  readonly ctx: PageContext;
  readonly v: PathwayFormValues;
  readonly options: PathwayFormOptions;
  readonly errors: Record<string, string>;
  readonly message?: string | undefined;
  readonly notice?: string | undefined;
  /** Set when editing a saved pathway. */
  readonly pathway?: { id: string; name: string } | undefined;
}

const ErrorText = ({ id, error }: { id: string; error?: string | undefined }) =>
  error ? (
    <span class="usa-error-message" id={`${id}-error`} role="alert">
      {error}
    </span>
  ) : null;

function ProgramSearch({ v, options }: { v: PathwayFormValues; options: PathwayFormOptions }) {
  const inForm = new Set(v.components.map((c) => c.program_id));
  return (
    <div class="usa-form-group">
      <label class="usa-label" for="program_q">
        Find a listed program, at any institution
      </label>
      <div class="usa-hint" id="program_q-hint">
        Words of its title, skills or institution. Then add it as a component, or make it the destination.
      </div>
      <div class="laurel-inline-buttons">
        <input class="usa-input" id="program_q" name="program_q" type="search" value={v.program_q} maxLength={200} aria-describedby="program_q-hint" />
        <Button variant="outline" name="_action" value="search">
          Search
        </Button>
      </div>
      {options.results !== null ? (
        options.results.length === 0 ? (
          <p role="status">No listed program matches “{v.program_q}”.</p>
        ) : (
          <>
            <p role="status">
              {options.total > options.results.length ? `The first ${options.results.length} of ${options.total.toLocaleString('en-US')} matching programs:` : `${options.results.length} matching program${options.results.length === 1 ? '' : 's'}:`}
            </p>
            <ul class="usa-list usa-list--unstyled">
              {options.results.map((p) => (
                <li key={p.programId} class="laurel-component">
                  <strong>{p.title}</strong> — {p.institutionName}, {p.creditHours} credit hours
                  <div class="laurel-inline-buttons">
                    {inForm.has(p.programId) ? (
                      <span>Already a component</span>
                    ) : (
                      <Button variant="outline" name="_action" value={`add:${p.programId}`}>
                        Add <span class="usa-sr-only">{p.title}</span> as a component
                      </Button>
                    )}
                    <Button variant="outline" name="_action" value={`dest:${p.programId}`}>
                      Make <span class="usa-sr-only">{p.title}</span> the destination
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </div>
  );
}

function ComponentRow({ c, i, n, errors, program }: { c: ComponentValue; i: number; n: number; errors: Record<string, string>; program: ProgramChoice | undefined }) {
  const key = (f: string) => `components-${i}-${f}`;
  const name = c.kind === 'program' ? (program?.title ?? (c.name || 'A program that is no longer listed')) : c.name;
  return (
    <li class="laurel-component" id={key(c.kind === 'program' ? 'program_id' : 'item')}>
      <input type="hidden" name={`components[${i}][kind]`} value={c.kind} />
      {c.kind === 'program' ? (
        <>
          <input type="hidden" name={`components[${i}][program_id]`} value={c.program_id} />
          <p class="margin-0">
            <strong>{name}</strong> — {program?.institutionName ?? 'not listed'}
          </p>
          <ErrorText id={key('program_id')} error={errors[key('program_id')]} />
          <TextInput name={`components[${i}][credit_hours]`} label={`Credit hours of component ${i + 1} (optional)`} hint={`Leave empty to use the program’s own${program ? ` (${program.creditHours})` : ''}.`} value={c.credit_hours} error={errors[key('credit_hours')]} inputMode="decimal" maxLength={6} />
        </>
      ) : (
        <>
          <p class="margin-0">
            <strong>External credential</strong>
          </p>
          <TextInput name={`components[${i}][name]`} label={`Name of component ${i + 1}`} value={c.name} error={errors[key('name')]} maxLength={PATHWAY_LIMITS.componentName} />
          <TextInput name={`components[${i}][url]`} label={`Web address of component ${i + 1}`} value={c.url} error={errors[key('url')]} type="url" maxLength={PATHWAY_LIMITS.url} />
          <TextInput name={`components[${i}][credit_hours]`} label={`Credit hours of component ${i + 1} (optional)`} value={c.credit_hours} error={errors[key('credit_hours')]} inputMode="decimal" maxLength={6} />
        </>
      )}
      <div class="laurel-inline-buttons">
        {i > 0 ? (
          <Button variant="outline" name="_action" value={`up:${i}`}>
            Move up <span class="usa-sr-only">component {i + 1}</span>
          </Button>
        ) : null}
        {i < n - 1 ? (
          <Button variant="outline" name="_action" value={`down:${i}`}>
            Move down <span class="usa-sr-only">component {i + 1}</span>
          </Button>
        ) : null}
        <Button variant="outline" name="_action" value={`remove:${i}`}>
          Remove <span class="usa-sr-only">component {i + 1}</span>
        </Button>
      </div>
    </li>
  );
}

function ComponentsFieldset({ v, options, errors }: { v: PathwayFormValues; options: PathwayFormOptions; errors: Record<string, string> }) {
  return (
    <fieldset class={`usa-fieldset margin-top-4 laurel-pathway-components${errors.components ? ' usa-form-group--error' : ''}`} id="components">
      <legend class="usa-legend usa-legend--large">Components ({v.components.length} of at most {PATHWAY_LIMITS.components})</legend>
      <ErrorText id="components" error={errors.components} />
      <ProgramSearch v={v} options={options} />
      {v.components.length ? (
        <ol class="usa-list usa-list--unstyled" aria-label="Components, in order">
          {v.components.map((c, i) => (
            <ComponentRow key={`${c.kind}-${c.program_id || c.url}-${i}`} c={c} i={i} n={v.components.length} errors={errors} program={c.program_id ? options.programs.get(c.program_id) : undefined} />
          ))}
        </ol>
      ) : (
        <p>No components yet.</p>
      )}
      <fieldset class="usa-fieldset laurel-component">
        <legend class="usa-legend">Or add an external credential (an industry certification, another state’s badge)</legend>
        <TextInput name="ext_name" label="Its name" value={v.ext_name} error={errors.ext_name} maxLength={PATHWAY_LIMITS.componentName} />
        <TextInput name="ext_url" label="Its web address" value={v.ext_url} error={errors.ext_url} type="url" maxLength={PATHWAY_LIMITS.url} />
        <TextInput name="ext_credit_hours" label="Credit hours (optional)" value={v.ext_credit_hours} inputMode="decimal" maxLength={6} />
        <Button variant="outline" name="_action" value="add_external">
          Add external credential
        </Button>
      </fieldset>
    </fieldset>
  );
}

function DestinationFieldset({ v, options, errors }: { v: PathwayFormValues; options: PathwayFormOptions; errors: Record<string, string> }) {
  const dest = v.destination_program_id ? options.programs.get(v.destination_program_id) : undefined;
  const radio = (value: 'program' | 'external', label: string) => (
    <div class="usa-radio">
      <input class="usa-radio__input" id={`destination_kind-${value}`} type="radio" name="destination_kind" value={value} checked={v.destination_kind === value} />
      <label class="usa-radio__label" for={`destination_kind-${value}`}>
        {label}
      </label>
    </div>
  );
  const types = Object.entries(DESTINATION_TYPES) as [string, string][];
  return (
    <fieldset class="usa-fieldset margin-top-4">
      <legend class="usa-legend usa-legend--large">Destination: what the pathway leads to</legend>
      {radio('program', 'A listed program (choose it with “Make … the destination” in the search above)')}
      <div class={`margin-left-4${errors.destination_program_id ? ' usa-form-group usa-form-group--error' : ''}`} id="destination_program_id">
        <input type="hidden" name="destination_program_id" value={v.destination_program_id} />
        <ErrorText id="destination_program_id" error={errors.destination_program_id} />
        <p>{dest ? <><strong>{dest.title}</strong> — {dest.institutionName}</> : v.destination_program_id ? 'The chosen program is no longer listed.' : 'No program chosen yet.'}</p>
      </div>
      {radio('external', 'A credential outside Laurel (a degree, a certificate)')}
      <div class="margin-left-4">
        <TextInput name="destination_name" label="Its name" value={v.destination_name} error={errors.destination_name} maxLength={PATHWAY_LIMITS.componentName} />
        <TextInput name="destination_url" label="Its web address" value={v.destination_url} error={errors.destination_url} type="url" maxLength={PATHWAY_LIMITS.url} />
      </div>
      <Select name="destination_credential_type" label="Kind of credential" hint="For a listed program, leave it to use the program’s own." value={v.destination_credential_type} options={types} emptyLabel="- Select -" error={errors.destination_credential_type} />
    </fieldset>
  );
}

function RuleFieldset({ v, options, errors }: { v: PathwayFormValues; options: PathwayFormOptions; errors: Record<string, string> }) {
  return (
    <fieldset class="usa-fieldset margin-top-4">
      <legend class="usa-legend usa-legend--large">Completion rule and milestone badge</legend>
      <Select name="rule" label="To complete the pathway, earn" value={v.rule} options={Object.entries(PATHWAY_RULES)} error={errors.rule} />
      <TextInput name="rule_n" label="How many components (for “a number of the components”)" value={v.rule_n} error={errors.rule_n} inputMode="numeric" maxLength={3} />
      <TextInput name="rule_credit_hours" label="Credit hours needed (for “a total of credit hours”)" value={v.rule_credit_hours} error={errors.rule_credit_hours} inputMode="decimal" maxLength={6} />
      <Select
        name="milestone_badge_class_id"
        label="Milestone badge (optional)"
        hint={`One of ${options.institution.name}’s badges, earned on completing the pathway.`}
        value={v.milestone_badge_class_id}
        options={options.badgeClasses.map((b) => [b.id, b.name] as const)}
        emptyLabel="No milestone badge"
        error={errors.milestone_badge_class_id}
      />
      <Select name="milestone_mode" label="How the milestone badge is issued" value={v.milestone_mode} options={Object.entries(MILESTONE_MODES)} error={errors.milestone_mode} />
    </fieldset>
  );
}

export function PathwayFormPage({ ctx, v, options, errors, message, notice, pathway }: PathwayFormProps) {
  const title = pathway ? `Edit ${pathway.name}` : 'New pathway';
  const action = pathway ? `/pathways/manage/${pathway.id}/edit` : '/pathways/manage/new';
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Pathways', href: '/pathways/manage' }, ...(pathway ? [{ label: pathway.name, href: `/pathways/manage/${pathway.id}` }] : [])]} current={pathway ? 'Edit' : 'New pathway'} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} message={message} />
      {notice ? <Alert kind="info" slim>{notice}</Alert> : null}
      <form class="usa-form usa-form--large laurel-form-wide" method="post" action={action} novalidate>
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="_version" value={v.version} />
        <input type="hidden" name="institution" value={options.institution.slug} />
        <p>
          Owned by <strong>{options.institution.name}</strong>. A pathway with a component or destination at another institution is reviewed by the State Regents before it is public.
        </p>
        <TextInput name="name" label="Name" value={v.name} error={errors.name} maxLength={PATHWAY_LIMITS.name} required />
        <TextArea name="description" label="Description" hint="Who it is for and what it leads to." value={v.description} error={errors.description} maxLength={PATHWAY_LIMITS.description} required />
        <ComponentsFieldset v={v} options={options} errors={errors} />
        <DestinationFieldset v={v} options={options} errors={errors} />
        <RuleFieldset v={v} options={options} errors={errors} />
        <div class="margin-top-4">
          <Button name="_action" value="save">
            {pathway ? 'Save changes' : 'Save draft'}
          </Button>
          <a class="usa-button usa-button--unstyled" href={pathway ? `/pathways/manage/${pathway.id}` : '/pathways/manage'}>
            Cancel
          </a>
        </div>
      </form>
    </Page>
  );
}
