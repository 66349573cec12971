// A pathway as authors send it (the page's form and the API share this snake_case shape), read into a
// draft with field errors keyed by the form's element ids (`components-2-url`), so a page shows each
// message next to its field and the API lists the same fields. Only the shape is checked here; what
// needs the database (listed programs, institutions, badge classes) is resolve.ts.
import { urlProblem } from '../validate.ts';
import type { PathwayDestinationType, PathwayRule } from './types.ts';

export const PATHWAY_LIMITS = { name: 200, description: 2000, components: 30, componentName: 200, url: 2000 } as const;

export const PATHWAY_RULES: Record<PathwayRule, string> = { all: 'All of the components', n_of: 'A number of the components', credit_hours: 'A total of credit hours' };

export const DESTINATION_TYPES: Record<PathwayDestinationType, string> = {
  micro_credential: 'Micro-credential',
  certificate: 'Certificate',
  associate_degree: 'Associate degree',
  bachelor_degree: 'Bachelor’s degree',
  degree: 'Degree',
  other: 'Other credential',
};

export const MILESTONE_MODES = { automatic: 'Issued automatically when the components are earned', approval: 'Queued for an issuer’s approval' } as const;

/** The API's and the form's input, before checking. */
export interface PathwayInput {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly destination?: { readonly kind?: unknown; readonly program_id?: unknown; readonly name?: unknown; readonly url?: unknown; readonly credential_type?: unknown } | undefined;
  readonly rule?: unknown;
  readonly rule_n?: unknown;
  readonly rule_credit_hours?: unknown;
  readonly milestone_badge_class_id?: unknown;
  readonly milestone_mode?: unknown;
  readonly components?: readonly { readonly kind?: unknown; readonly program_id?: unknown; readonly name?: unknown; readonly url?: unknown; readonly credit_hours?: unknown }[] | undefined;
}

export interface ComponentDraft {
  readonly kind: 'program' | 'external';
  readonly programId: string | null;
  readonly name: string;
  readonly url: string | null;
  /** As given; null means "the program's own credit hours" for a program component. */
  readonly creditHours: number | null;
}

export interface PathwayDraft {
  readonly name: string;
  readonly description: string;
  readonly destination: { readonly kind: 'program' | 'external'; readonly programId: string | null; readonly name: string; readonly url: string | null; readonly credentialType: PathwayDestinationType | null };
  readonly rule: PathwayRule;
  readonly ruleN: number | null;
  readonly ruleCreditHours: number | null;
  readonly milestoneBadgeClassId: string | null;
  readonly milestoneMode: 'automatic' | 'approval' | null;
  readonly components: readonly ComponentDraft[];
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const opt = (v: unknown): string | null => text(v) || null;

/** A number from JSON or a form field; undefined when absent, NaN when not a number. */
function numberOf(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(text(v));
  return Number.isFinite(n) ? n : NaN;
}

function httpUrl(v: unknown, key: string, errors: Record<string, string>, what: string): string | null {
  const u = text(v);
  if (!u) {
    errors[key] = `Enter the web address of ${what}, starting with https://`;
    return null;
  }
  const bad = u.length > PATHWAY_LIMITS.url ? `Use at most ${PATHWAY_LIMITS.url} characters.` : urlProblem(u);
  if (bad) errors[key] = bad;
  return u;
}

function readComponent(c: NonNullable<PathwayInput['components']>[number], i: number, errors: Record<string, string>): ComponentDraft {
  const key = (f: string) => `components-${i}-${f}`;
  const kind = text(c.kind) === 'external' || (!c.program_id && (c.url || c.name)) ? 'external' : 'program';
  const hours = numberOf(c.credit_hours);
  if (hours !== undefined && (Number.isNaN(hours) || hours < 0 || hours > 200)) errors[key('credit_hours')] = 'Enter credit hours from 0 to 200.';
  const creditHours = hours === undefined || Number.isNaN(hours) ? null : Math.round(hours * 10) / 10;
  if (kind === 'program') {
    const programId = text(c.program_id);
    if (!programId) errors[key('program_id')] = 'Choose a listed program.';
    return { kind, programId: programId || null, name: text(c.name).slice(0, PATHWAY_LIMITS.componentName), url: null, creditHours };
  }
  const name = text(c.name);
  if (!name) errors[key('name')] = 'Enter the name of the external credential.';
  else if (name.length > PATHWAY_LIMITS.componentName) errors[key('name')] = `Use at most ${PATHWAY_LIMITS.componentName} characters.`;
  const url = httpUrl(c.url, key('url'), errors, 'the external credential');
  return { kind, programId: null, name, url, creditHours };
}

function readDestination(d: PathwayInput['destination'], errors: Record<string, string>): PathwayDraft['destination'] {
  const kind = text(d?.kind) === 'external' ? 'external' : 'program';
  const type = text(d?.credential_type);
  const credentialType = type in DESTINATION_TYPES ? (type as PathwayDestinationType) : null;
  if (type && !credentialType) errors.destination_credential_type = `Choose one of: ${Object.values(DESTINATION_TYPES).join(', ')}.`;
  if (kind === 'program') {
    const programId = text(d?.program_id);
    if (!programId) errors.destination_program_id = 'Choose the program this pathway leads to: search for it in Components and choose “Make … the destination”, or name an external credential.';
    return { kind, programId: programId || null, name: text(d?.name), url: null, credentialType };
  }
  const name = text(d?.name);
  if (!name) errors.destination_name = 'Enter the name of the credential this pathway leads to.';
  else if (name.length > PATHWAY_LIMITS.componentName) errors.destination_name = `Use at most ${PATHWAY_LIMITS.componentName} characters.`;
  const url = httpUrl(d?.url, 'destination_url', errors, 'the destination credential');
  if (!credentialType && !errors.destination_credential_type) errors.destination_credential_type = 'Choose the kind of credential it is.';
  return { kind, programId: null, name, url, credentialType };
}

/** Reads the input's shape; `errors` holds every problem found, by field id. */
export function readPathwayInput(input: PathwayInput): { draft: PathwayDraft; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = text(input.name);
  if (!name) errors.name = 'Give the pathway a name.';
  else if (name.length > PATHWAY_LIMITS.name) errors.name = `Use at most ${PATHWAY_LIMITS.name} characters.`;
  const description = text(input.description);
  if (!description) errors.description = 'Describe the pathway: who it is for and what it leads to.';
  else if (description.length > PATHWAY_LIMITS.description) errors.description = `Use at most ${PATHWAY_LIMITS.description.toLocaleString('en-US')} characters.`;
  const raw = Array.isArray(input.components) ? input.components : [];
  if (raw.length === 0) errors.components = 'Add at least one component: a listed program or an external credential.';
  if (raw.length > PATHWAY_LIMITS.components) errors.components = `A pathway has at most ${PATHWAY_LIMITS.components} components.`;
  const components = raw.slice(0, PATHWAY_LIMITS.components).map((c, i) => readComponent(c ?? {}, i, errors));
  // After the components, so the errors are listed in the form's order.
  const destination = readDestination(input.destination, errors);

  const ruleRaw = text(input.rule) || 'all';
  const rule = (ruleRaw in PATHWAY_RULES ? ruleRaw : 'all') as PathwayRule;
  if (!(ruleRaw in PATHWAY_RULES)) errors.rule = `Choose one of: ${Object.keys(PATHWAY_RULES).join(', ')}.`;
  let ruleN: number | null = null;
  let ruleCreditHours: number | null = null;
  if (rule === 'n_of') {
    const n = numberOf(input.rule_n);
    if (n === undefined || Number.isNaN(n) || !Number.isInteger(n) || n < 1 || n > Math.max(1, components.length)) errors.rule_n = `Enter a whole number from 1 to ${Math.max(1, components.length)} (the number of components).`;
    else ruleN = n;
  } else if (rule === 'credit_hours') {
    const h = numberOf(input.rule_credit_hours);
    if (h === undefined || Number.isNaN(h) || h <= 0 || h > 500) errors.rule_credit_hours = 'Enter the credit hours needed, more than 0 (at most 500).';
    else ruleCreditHours = Math.round(h * 10) / 10;
  }
  const milestoneBadgeClassId = opt(input.milestone_badge_class_id);
  const modeRaw = text(input.milestone_mode);
  let milestoneMode: PathwayDraft['milestoneMode'] = null;
  if (milestoneBadgeClassId) {
    if (modeRaw === 'automatic' || modeRaw === 'approval') milestoneMode = modeRaw;
    else if (!modeRaw) milestoneMode = 'automatic';
    else errors.milestone_mode = 'Choose automatic or approval.';
  }
  return { draft: { name, description, destination, rule, ruleN, ruleCreditHours, milestoneBadgeClassId, milestoneMode, components }, errors };
}

/** A pathway as input again (to fill the form from what is saved). */
export function inputOf(p: {
  name: string;
  description: string;
  destination: { kind: string; programId: string | null; name: string; url: string | null; credentialType: string | null };
  rule: string;
  ruleN: number | null;
  ruleCreditHours: number | null;
  milestoneBadgeClassId: string | null;
  milestoneMode: string | null;
  components: readonly { kind: string; programId: string | null; name: string; url: string | null; creditHours: number | null }[];
}): PathwayInput {
  return {
    name: p.name,
    description: p.description,
    destination: { kind: p.destination.kind, program_id: p.destination.programId ?? '', name: p.destination.name, url: p.destination.url ?? '', credential_type: p.destination.credentialType ?? '' },
    rule: p.rule,
    rule_n: p.ruleN ?? '',
    rule_credit_hours: p.ruleCreditHours ?? '',
    milestone_badge_class_id: p.milestoneBadgeClassId ?? '',
    milestone_mode: p.milestoneMode ?? '',
    components: p.components.map((c) => ({ kind: c.kind, program_id: c.programId ?? '', name: c.name, url: c.url ?? '', credit_hours: c.creditHours ?? '' })),
  };
}
