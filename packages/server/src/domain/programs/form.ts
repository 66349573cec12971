// The Request Form of PRODUCT.md: one program + badge definition. Stored as JSON per revision, with the
// product's field names (snake_case, the same names as the API). Drafts may be incomplete; the
// compliance rules (domain/review/rules.ts) decide what may be submitted.

export const CREDENTIAL_TYPES = {
  micro_credential: 'Micro-credential',
  certificate: 'Certificate',
  degree: 'Degree',
  other: 'Other',
} as const;
export type CredentialType = keyof typeof CREDENTIAL_TYPES;

export const LEVELS = { foundational: 'Foundational', intermediate: 'Intermediate', advanced: 'Advanced' } as const;
export type Level = keyof typeof LEVELS;

export const FOCUS_AREAS = {
  innovation_leadership: 'Innovation and leadership',
  global_competency: 'Global competency',
  career_preparation: 'Career preparation',
  workforce_need: 'Employer / workforce need',
} as const;
export type FocusArea = keyof typeof FOCUS_AREAS;

export const DELIVERY_MODES = { online: 'Online', hybrid: 'Hybrid', in_person: 'In person' } as const;
export type DeliveryMode = keyof typeof DELIVERY_MODES;

export const ALIGNMENT_FRAMEWORKS = { onet: 'O*NET-SOC', cip: 'CIP', esco: 'ESCO', lightcast: 'Lightcast', other: 'Other' } as const;
export type AlignmentFramework = keyof typeof ALIGNMENT_FRAMEWORKS;

export interface Course {
  prefix: string;
  number: string;
  title: string;
  credit_hours: number | null;
  assessment: string;
}

export interface Activity {
  title: string;
  contact_hours: number | null;
  assessment: string;
}

export interface Partner {
  name: string;
  role: string;
  letter_attachment_id: string | null;
}

export interface Alignment {
  framework: AlignmentFramework;
  code: string;
  name: string;
  url: string;
}

export interface ProgramForm {
  title: string;
  credential_type: CredentialType | null;
  level: Level | null;
  endorsement_requested: boolean;
  department: string;
  contact: { name: string; title: string; email: string; phone: string };
  narrative: string;
  program_url: string;
  focus_areas: FocusArea[];
  courses: Course[];
  activities: Activity[];
  outcomes: string[];
  skills: string[];
  alignments: Alignment[];
  criteria: string;
  requirements: string[];
  evidence: string;
  assessment_methods: string;
  partners: Partner[];
  delivery_mode: DeliveryMode | null;
  duration: string;
  cost: { free: boolean; amount: number | null };
  start_terms: string[];
  financial_aid_eligible: boolean;
  stacks_into: string[];
  badge: { name: string; image_alt: string; expires_after_months: number | null; image_attachment_id: string | null };
}

export function emptyForm(): ProgramForm {
  return {
    title: '',
    credential_type: null,
    level: null,
    endorsement_requested: true,
    department: '',
    contact: { name: '', title: '', email: '', phone: '' },
    narrative: '',
    program_url: '',
    focus_areas: [],
    courses: [],
    activities: [],
    outcomes: [],
    skills: [],
    alignments: [],
    criteria: '',
    requirements: [],
    evidence: '',
    assessment_methods: '',
    partners: [],
    delivery_mode: null,
    duration: '',
    cost: { free: true, amount: null },
    start_terms: [],
    financial_aid_eligible: false,
    stacks_into: [],
    badge: { name: '', image_alt: '', expires_after_months: null, image_attachment_id: null },
  };
}

export function totalCreditHours(f: ProgramForm): number {
  return f.courses.reduce((n, c) => n + (c.credit_hours ?? 0), 0);
}

// ---- Normalising untrusted input (API JSON or form posts) into a ProgramForm -------------------------
// Shapes are coerced leniently (a draft may be half-filled); values that cannot be read are reported
// as field errors so nothing is silently dropped.

type Errors = Record<string, string>;

function s(v: unknown, max: number, path: string, errors: Errors): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string' && typeof v !== 'number') {
    errors[path] = 'Must be text.';
    return '';
  }
  const out = String(v).trim();
  if (out.length > max) errors[path] = `Use at most ${max.toLocaleString('en-US')} characters.`;
  return out.slice(0, max);
}

function num(v: unknown, path: string, errors: Errors, opts: { min: number; max: number }): number | null {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) {
    errors[path] = 'Enter a number.';
    return null;
  }
  if (n < opts.min || n > opts.max) errors[path] = `Enter a number from ${opts.min} to ${opts.max}.`;
  return Math.round(n * 100) / 100;
}

function bool(v: unknown, path: string, errors: Errors, fallback: boolean): boolean {
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'yes' || v === 'on' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === 'off' || v === '0') return false;
  errors[path] = 'Choose yes or no.';
  return fallback;
}

function oneOf<T extends string>(v: unknown, options: Record<T, string>, path: string, errors: Errors): T | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string' && v in options) return v as T;
  errors[path] = `Choose one of: ${Object.values<string>(options).join(', ')}.`;
  return null;
}

/** A list from an array, or from text with one item per line (forms) — commas too when `commas`. */
function list(v: unknown, path: string, errors: Errors, opts: { max: number; itemMax: number; commas?: boolean }): string[] {
  if (v === undefined || v === null || v === '') return [];
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? v.split(opts.commas ? /[\n,]/ : /\n/) : null;
  if (!raw) {
    errors[path] = 'Must be a list.';
    return [];
  }
  const items = raw.map((x, i) => s(x, opts.itemMax, `${path}[${i}]`, errors)).filter((x) => x !== '');
  if (items.length > opts.max) errors[path] = `Give at most ${opts.max} items.`;
  return items.slice(0, opts.max);
}

function rows(v: unknown, path: string, errors: Errors, max: number): Record<string, unknown>[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errors[path] = 'Must be a list.';
    return [];
  }
  if (v.length > max) errors[path] = `Give at most ${max} rows.`;
  return v.slice(0, max).map((x, i) => {
    if (typeof x !== 'object' || x === null) {
      errors[`${path}[${i}]`] = 'Must be an object.';
      return {};
    }
    return x as Record<string, unknown>;
  });
}

const isBlankRow = (r: Record<string, unknown>) => Object.values(r).every((x) => x === undefined || x === null || String(x).trim() === '');

/**
 * Reads a (partial) form. `base` supplies the values for fields absent from `input`, so a PATCH or one
 * section of the page form changes only what it sends.
 */
export function readForm(input: Record<string, unknown>, base: ProgramForm = emptyForm()): { form: ProgramForm; errors: Errors } {
  const e: Errors = {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(input, k);
  const f: ProgramForm = structuredClone(base);
  if (has('title')) f.title = s(input.title, 200, 'title', e);
  if (has('credential_type')) f.credential_type = oneOf(input.credential_type, CREDENTIAL_TYPES, 'credential_type', e);
  if (has('level')) f.level = oneOf(input.level, LEVELS, 'level', e);
  if (has('endorsement_requested')) f.endorsement_requested = bool(input.endorsement_requested, 'endorsement_requested', e, true);
  if (has('department')) f.department = s(input.department, 200, 'department', e);
  if (has('contact')) {
    const c = (typeof input.contact === 'object' && input.contact !== null ? input.contact : {}) as Record<string, unknown>;
    f.contact = {
      name: s(c.name, 200, 'contact.name', e),
      title: s(c.title, 200, 'contact.title', e),
      email: s(c.email, 254, 'contact.email', e).toLowerCase(),
      phone: s(c.phone, 40, 'contact.phone', e),
    };
  }
  // The narrative's 500-character limit is a policy rule (a setting), not a storage limit.
  if (has('narrative')) f.narrative = s(input.narrative, 5000, 'narrative', e);
  if (has('program_url')) f.program_url = s(input.program_url, 500, 'program_url', e);
  if (has('focus_areas')) {
    const raw = Array.isArray(input.focus_areas) ? input.focus_areas : input.focus_areas ? [input.focus_areas] : [];
    f.focus_areas = [...new Set(raw.map((x, i) => oneOf(x, FOCUS_AREAS, `focus_areas[${i}]`, e)).filter((x): x is FocusArea => x !== null))];
  }
  if (has('courses')) {
    f.courses = rows(input.courses, 'courses', e, 30)
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => !isBlankRow(r))
      .map(({ r, i }) => ({
        prefix: s(r.prefix, 10, `courses[${i}].prefix`, e).toUpperCase(),
        number: s(r.number, 10, `courses[${i}].number`, e),
        title: s(r.title, 200, `courses[${i}].title`, e),
        credit_hours: num(r.credit_hours, `courses[${i}].credit_hours`, e, { min: 0, max: 60 }),
        assessment: s(r.assessment, 1000, `courses[${i}].assessment`, e),
      }));
  }
  if (has('activities')) {
    f.activities = rows(input.activities, 'activities', e, 30)
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => !isBlankRow(r))
      .map(({ r, i }) => ({
        title: s(r.title, 200, `activities[${i}].title`, e),
        contact_hours: num(r.contact_hours, `activities[${i}].contact_hours`, e, { min: 0, max: 2000 }),
        assessment: s(r.assessment, 1000, `activities[${i}].assessment`, e),
      }));
  }
  if (has('outcomes')) f.outcomes = list(input.outcomes, 'outcomes', e, { max: 30, itemMax: 500 });
  if (has('skills')) f.skills = [...new Set(list(input.skills, 'skills', e, { max: 40, itemMax: 80, commas: true }))];
  if (has('alignments')) {
    f.alignments = rows(input.alignments, 'alignments', e, 20)
      .map((r, i) => ({ r, i }))
      // The framework select always has a value; a row without code, name or URL is an empty row.
      .filter(({ r }) => !isBlankRow({ code: r.code, name: r.name, url: r.url }))
      .map(({ r, i }) => ({
        framework: oneOf(r.framework, ALIGNMENT_FRAMEWORKS, `alignments[${i}].framework`, e) ?? 'other',
        code: s(r.code, 40, `alignments[${i}].code`, e),
        name: s(r.name, 200, `alignments[${i}].name`, e),
        url: s(r.url, 500, `alignments[${i}].url`, e),
      }));
  }
  if (has('criteria')) f.criteria = s(input.criteria, 5000, 'criteria', e);
  if (has('requirements')) f.requirements = list(input.requirements, 'requirements', e, { max: 30, itemMax: 500 });
  if (has('evidence')) f.evidence = s(input.evidence, 2000, 'evidence', e);
  if (has('assessment_methods')) f.assessment_methods = s(input.assessment_methods, 2000, 'assessment_methods', e);
  if (has('partners')) {
    f.partners = rows(input.partners, 'partners', e, 20)
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => !isBlankRow({ name: r.name, role: r.role }))
      .map(({ r, i }) => ({
        name: s(r.name, 200, `partners[${i}].name`, e),
        role: s(r.role, 200, `partners[${i}].role`, e),
        letter_attachment_id: typeof r.letter_attachment_id === 'string' && r.letter_attachment_id ? r.letter_attachment_id : null,
      }));
  }
  if (has('delivery_mode')) f.delivery_mode = oneOf(input.delivery_mode, DELIVERY_MODES, 'delivery_mode', e);
  if (has('duration')) f.duration = s(input.duration, 200, 'duration', e);
  if (has('cost')) {
    const c = input.cost;
    if (typeof c === 'number' || typeof c === 'string') {
      const amount = num(c, 'cost', e, { min: 0, max: 1_000_000 });
      f.cost = { free: !amount, amount: amount || null };
    } else if (typeof c === 'object' && c !== null) {
      const o = c as Record<string, unknown>;
      const amount = num(o.amount, 'cost.amount', e, { min: 0, max: 1_000_000 });
      const free = bool(o.free, 'cost.free', e, !amount);
      f.cost = { free, amount: free ? null : amount };
    }
  }
  if (has('start_terms')) f.start_terms = list(input.start_terms, 'start_terms', e, { max: 12, itemMax: 60, commas: true });
  if (has('financial_aid_eligible')) f.financial_aid_eligible = bool(input.financial_aid_eligible, 'financial_aid_eligible', e, false);
  if (has('stacks_into')) f.stacks_into = list(input.stacks_into, 'stacks_into', e, { max: 20, itemMax: 200 });
  if (has('badge')) {
    const b = (typeof input.badge === 'object' && input.badge !== null ? input.badge : {}) as Record<string, unknown>;
    f.badge = {
      name: s(b.name, 200, 'badge.name', e),
      image_alt: s(b.image_alt, 500, 'badge.image_alt', e),
      expires_after_months: num(b.expires_after_months, 'badge.expires_after_months', e, { min: 1, max: 240 }),
      image_attachment_id: typeof b.image_attachment_id === 'string' && b.image_attachment_id ? b.image_attachment_id : (base.badge.image_attachment_id ?? null),
    };
  }
  return { form: f, errors: e };
}

/** The badge name shown on the badge: the badge's own name, or the program title. */
export function badgeName(f: ProgramForm): string {
  return f.badge.name || f.title;
}

/** A stored revision's form (JSON from the database) as a complete ProgramForm. */
export function formOf(stored: unknown): ProgramForm {
  return readForm((stored ?? {}) as Record<string, unknown>).form;
}
