// The pathway form without JavaScript: every button posts the whole form, and `_action` says what it
// asks — search listed programs, add one as a component or make it the destination, add an external
// credential, remove or move a component, or save. Only "save" calls a use case that writes; the others
// give the same page back with the change made and everything typed kept.
import type { PathwayInput } from '../../domain/pathways/form.ts';
import type { Pathway } from '../../domain/pathways/types.ts';
import { field, type FormBody, unflatten } from './forms.ts';

export interface ComponentValue {
  readonly kind: 'program' | 'external';
  readonly program_id: string;
  readonly name: string;
  readonly url: string;
  readonly credit_hours: string;
}

export interface PathwayFormValues {
  readonly institution: string;
  readonly name: string;
  readonly description: string;
  readonly destination_kind: 'program' | 'external';
  readonly destination_program_id: string;
  readonly destination_name: string;
  readonly destination_url: string;
  readonly destination_credential_type: string;
  readonly rule: string;
  readonly rule_n: string;
  readonly rule_credit_hours: string;
  readonly milestone_badge_class_id: string;
  readonly milestone_mode: string;
  readonly components: readonly ComponentValue[];
  readonly program_q: string;
  readonly ext_name: string;
  readonly ext_url: string;
  readonly ext_credit_hours: string;
  readonly version: string;
}

const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function emptyPathwayValues(institution = ''): PathwayFormValues {
  return {
    institution,
    name: '',
    description: '',
    destination_kind: 'program',
    destination_program_id: '',
    destination_name: '',
    destination_url: '',
    destination_credential_type: '',
    rule: 'all',
    rule_n: '',
    rule_credit_hours: '',
    milestone_badge_class_id: '',
    milestone_mode: 'automatic',
    components: [],
    program_q: '',
    ext_name: '',
    ext_url: '',
    ext_credit_hours: '',
    version: '',
  };
}

export function valuesOfPathway(p: Pathway, institution: string): PathwayFormValues {
  return {
    ...emptyPathwayValues(institution),
    name: p.name,
    description: p.description,
    destination_kind: p.destination.kind,
    destination_program_id: p.destination.programId ?? '',
    destination_name: p.destination.kind === 'external' ? p.destination.name : '',
    destination_url: p.destination.url ?? '',
    destination_credential_type: p.destination.kind === 'external' ? p.destination.credentialType : '',
    rule: p.rule,
    rule_n: p.ruleN === null ? '' : String(p.ruleN),
    rule_credit_hours: p.ruleCreditHours === null ? '' : String(p.ruleCreditHours),
    milestone_badge_class_id: p.milestoneBadgeClassId ?? '',
    milestone_mode: p.milestoneMode ?? 'automatic',
    components: p.components.map((c) => ({ kind: c.kind, program_id: c.programId ?? '', name: c.name, url: c.url ?? '', credit_hours: c.creditHours === null ? '' : String(c.creditHours) })),
    version: String(p.version),
  };
}

export function valuesFromBody(body: FormBody): PathwayFormValues {
  const nested = unflatten(body) as { components?: Record<string, unknown>[] };
  const components = (Array.isArray(nested.components) ? nested.components : []).slice(0, 40).map((c) => ({
    kind: s(c.kind) === 'external' ? ('external' as const) : ('program' as const),
    program_id: s(c.program_id),
    name: s(c.name),
    url: s(c.url),
    credit_hours: s(c.credit_hours),
  }));
  const f = (n: string) => field(body, n);
  return {
    institution: f('institution'),
    name: f('name'),
    description: f('description'),
    destination_kind: f('destination_kind') === 'external' ? 'external' : 'program',
    destination_program_id: f('destination_program_id'),
    destination_name: f('destination_name'),
    destination_url: f('destination_url'),
    destination_credential_type: f('destination_credential_type'),
    rule: f('rule') || 'all',
    rule_n: f('rule_n'),
    rule_credit_hours: f('rule_credit_hours'),
    milestone_badge_class_id: f('milestone_badge_class_id'),
    milestone_mode: f('milestone_mode') || 'automatic',
    components,
    program_q: f('program_q'),
    ext_name: f('ext_name'),
    ext_url: f('ext_url'),
    ext_credit_hours: f('ext_credit_hours'),
    version: f('_version'),
  };
}

/** The use cases' input from the form's values. */
export function inputOfValues(v: PathwayFormValues): PathwayInput & { institution: string } {
  return {
    institution: v.institution,
    name: v.name,
    description: v.description,
    destination: v.destination_kind === 'external' ? { kind: 'external', name: v.destination_name, url: v.destination_url, credential_type: v.destination_credential_type } : { kind: 'program', program_id: v.destination_program_id, credential_type: v.destination_credential_type },
    rule: v.rule,
    rule_n: v.rule_n,
    rule_credit_hours: v.rule_credit_hours,
    milestone_badge_class_id: v.milestone_badge_class_id,
    milestone_mode: v.milestone_mode,
    components: v.components.map((c) => (c.kind === 'program' ? { kind: 'program', program_id: c.program_id, credit_hours: c.credit_hours } : { kind: 'external', name: c.name, url: c.url, credit_hours: c.credit_hours })),
  };
}

export type FormAction = { kind: 'save' } | { kind: 'search' } | { kind: 'edit'; values: PathwayFormValues; errors: Record<string, string>; message?: string };

const move = <T>(xs: readonly T[], i: number, d: number): T[] => {
  const out = [...xs];
  const j = i + d;
  if (i < 0 || i >= out.length || j < 0 || j >= out.length) return out;
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
};

/** Applies a button other than "save" to the values. */
export function applyFormAction(v: PathwayFormValues, action: string): FormAction {
  const [verb, arg = ''] = action.split(':', 2);
  const i = Number(arg);
  switch (verb) {
    case 'save':
    case '':
      return { kind: 'save' };
    case 'search':
      return { kind: 'search' };
    case 'add':
      if (v.components.some((c) => c.program_id === arg)) return { kind: 'edit', values: v, errors: {}, message: 'That program is already a component.' };
      return { kind: 'edit', values: { ...v, components: [...v.components, { kind: 'program', program_id: arg, name: '', url: '', credit_hours: '' }] }, errors: {}, message: 'Program added as a component (not saved yet).' };
    case 'dest':
      return { kind: 'edit', values: { ...v, destination_kind: 'program', destination_program_id: arg }, errors: {}, message: 'Destination chosen (not saved yet).' };
    case 'remove':
      return { kind: 'edit', values: { ...v, components: v.components.filter((_, k) => k !== i) }, errors: {}, message: `Component ${i + 1} removed (not saved yet).` };
    case 'up':
    case 'down':
      return { kind: 'edit', values: { ...v, components: move(v.components, i, verb === 'up' ? -1 : 1) }, errors: {}, message: `Component ${i + 1} moved ${verb} (not saved yet).` };
    case 'add_external': {
      const errors: Record<string, string> = {};
      if (!v.ext_name.trim()) errors.ext_name = 'Enter the external credential’s name.';
      if (!/^https?:\/\/\S+$/i.test(v.ext_url.trim())) errors.ext_url = 'Enter its web address, starting with https://';
      if (Object.keys(errors).length) return { kind: 'edit', values: v, errors };
      const c: ComponentValue = { kind: 'external', program_id: '', name: v.ext_name.trim(), url: v.ext_url.trim(), credit_hours: v.ext_credit_hours.trim() };
      return { kind: 'edit', values: { ...v, components: [...v.components, c], ext_name: '', ext_url: '', ext_credit_hours: '' }, errors: {}, message: 'External credential added (not saved yet).' };
    }
    default:
      return { kind: 'edit', values: v, errors: {} };
  }
}
