// A listed program as a CTDL credential. The class comes from the Request Form's credential type (the
// form knows micro-credential, certificate, degree, other; for a degree the title says associate or
// bachelor); every property is one the registry's schema lists for that class (docs/CTDL.md has the table).
import type { Alignment as FormAlignment, ProgramForm } from '../programs/form.ts';
import { totalCreditHours, type Level } from '../programs/form.ts';
import type { ProgramView } from '../programs/published.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { absoluteUrl, alignment, compact, concept, CTDL_CONTEXT, programCtid, resourceId, type CtdlNode } from './ctdl.ts';
import { organizationRef, type CtdlSite } from './map-organization.ts';

/**
 * The seam to the pathways: which pathways a program is a component of, and what each leads to; and
 * what stacks into it. program-links.ts fills it from the public pathways; the form's free-text "stacks
 * into" names not covered by a pathway are said too.
 */
export interface ProgramPathwayLinks {
  readonly pathways: readonly {
    readonly pathwayId: string;
    readonly name: string;
    /** The credential the pathway leads to: a program in Laurel (by id) or one elsewhere (by URL). */
    readonly destination: { readonly programId: string; readonly name: string } | { readonly url: string | null; readonly name: string } | null;
  }[];
  /** When the program is a pathway's destination: the @ids (or URLs) of the credentials that stack into it. */
  readonly parts: readonly string[];
}

export const NO_PATHWAYS: ProgramPathwayLinks = { pathways: [], parts: [] };

export type CredentialClass = 'ceterms:MicroCredential' | 'ceterms:Certificate' | 'ceterms:AssociateDegree' | 'ceterms:BachelorDegree' | 'ceterms:Degree' | 'ceterms:DigitalBadge';

export function credentialClass(f: Pick<ProgramForm, 'credential_type' | 'title'>): CredentialClass {
  switch (f.credential_type) {
    case 'micro_credential':
      return 'ceterms:MicroCredential';
    case 'certificate':
      return 'ceterms:Certificate';
    case 'degree':
      if (/\bassociate/i.test(f.title)) return 'ceterms:AssociateDegree';
      if (/\bbachelor/i.test(f.title)) return 'ceterms:BachelorDegree';
      return 'ceterms:Degree';
    default:
      // "Other": what the institution issues is the badge itself.
      return 'ceterms:DigitalBadge';
  }
}

export { programCtid };

// The registry's audience levels (audLevel:) for the form's three levels.
const AUDIENCE_LEVELS: Record<Level, [string, string]> = {
  foundational: ['BeginnerLevel', 'Beginner Level'],
  intermediate: ['IntermediateLevel', 'Intermediate Level'],
  advanced: ['AdvancedLevel', 'Advanced Level'],
};

const ONET = { framework: 'https://www.onetcenter.org/taxonomy.html', frameworkName: 'O*NET-SOC' };
const CIP = { framework: 'https://nces.ed.gov/ipeds/cipcode/', frameworkName: 'Classification of Instructional Programs (CIP)' };

function frameworkAlignments(list: readonly FormAlignment[], which: 'onet' | 'cip'): CtdlNode[] {
  const fw = which === 'onet' ? ONET : CIP;
  return list
    .filter((a) => a.framework === which && (a.name || a.code))
    .map((a) => alignment({ ...fw, name: a.name || a.code, code: a.code || undefined, node: absoluteUrl(a.url) }));
}

// "16 weeks", "2 months", "45 hours": an ISO 8601 duration beside the text; anything else stays text only.
const DURATION_UNITS: Record<string, (n: number) => string> = { hour: (n) => `PT${n}H`, day: (n) => `P${n}D`, week: (n) => `P${n}W`, month: (n) => `P${n}M`, year: (n) => `P${n}Y` };

export function isoDuration(text: string): string | undefined {
  const m = /^\s*(\d{1,4})\s*(hour|day|week|month|year)s?\s*$/i.exec(text);
  return m ? DURATION_UNITS[m[2]!.toLowerCase()]!(Number(m[1])) : undefined;
}

function duration(f: ProgramForm): CtdlNode[] {
  if (!f.duration.trim()) return [];
  return [compact({ '@type': 'ceterms:DurationProfile', 'ceterms:description': f.duration.trim(), 'ceterms:exactDuration': isoDuration(f.duration) })];
}

function cost(f: ProgramForm, details: string): CtdlNode[] {
  const free = f.cost.free || f.cost.amount === 0;
  return [
    compact({
      '@type': 'ceterms:CostProfile',
      'ceterms:description': free ? 'No cost to the learner.' : 'Total cost to the learner of the program (tuition and fees).',
      'ceterms:costDetails': details,
      'ceterms:currency': 'USD',
      'ceterms:price': free ? 0 : (f.cost.amount ?? undefined),
      'ceterms:directCostType': [concept('costType', 'AggregateCost', 'Aggregate Cost')],
    }),
  ];
}

function requirements(f: ProgramForm): CtdlNode[] {
  const text = f.criteria.trim();
  if (!text && f.requirements.length === 0) return [];
  const hours = totalCreditHours(f);
  return [
    compact({
      '@type': 'ceterms:ConditionProfile',
      'ceterms:description': text || 'Complete every requirement listed.',
      'ceterms:condition': f.requirements,
      'ceterms:creditHourValue': hours > 0 ? hours : undefined,
      'ceterms:creditHourType': hours > 0 ? 'Semester credit hours' : undefined,
    }),
  ];
}

/** isPartOf and isPreparationFor: from the pathways when there are any, and the form's "stacks into" names. */
function stacking(f: ProgramForm, links: ProgramPathwayLinks): { partOf: string[]; preparationFor: CtdlNode[] } {
  const partOf: string[] = [];
  const preparationFor: CtdlNode[] = [];
  const named = new Set<string>();
  for (const p of links.pathways) {
    const d = p.destination;
    const target = d === null ? undefined : 'programId' in d ? resourceId(programCtid(d.programId)) : (absoluteUrl(d.url) ?? undefined);
    if (target && !partOf.includes(target)) partOf.push(target);
    if (d) named.add(d.name.toLowerCase());
    preparationFor.push(
      compact({
        '@type': 'ceterms:ConditionProfile',
        'ceterms:name': p.name,
        'ceterms:description': d ? `Counts toward ${d.name} in the pathway ${p.name}.` : `A component of the pathway ${p.name}.`,
        'ceterms:targetCredential': target ? [target] : undefined,
      }),
    );
  }
  for (const s of f.stacks_into) {
    if (named.has(s.toLowerCase())) continue;
    preparationFor.push({ '@type': 'ceterms:ConditionProfile', 'ceterms:description': `Stacks into ${s}.` });
  }
  return { partOf, preparationFor };
}

export interface ProgramCtdlInput {
  readonly view: ProgramView;
  /** The Regents, who approve (endorse) the programs shown as endorsed. */
  readonly regents: Pick<Organization, 'id' | 'slug'> | null;
  readonly links?: ProgramPathwayLinks;
}

export function programToCtdl(site: CtdlSite, input: ProgramCtdlInput): CtdlNode {
  const { program, form: f, organization, badgeClass } = input.view;
  const ctid = programCtid(program.id);
  const page = `${site.publicUrl}/programs/${encodeURIComponent(program.id)}`;
  const webpage = absoluteUrl(f.program_url) ?? page;
  const owner = organizationRef(site, organization);
  const { partOf, preparationFor } = stacking(f, input.links ?? NO_PATHWAYS);
  const endorsed = program.endorsement === 'endorsed' && input.regents;
  return compact({
    '@context': CTDL_CONTEXT,
    '@id': resourceId(ctid),
    '@type': credentialClass(f),
    'ceterms:ctid': ctid,
    'ceterms:name': f.title,
    'ceterms:alternateName': f.badge.name && f.badge.name !== f.title ? [f.badge.name] : undefined,
    'ceterms:description': f.narrative.trim() || f.title,
    'ceterms:subjectWebpage': webpage,
    'ceterms:ownedBy': [owner],
    'ceterms:offeredBy': [owner],
    'ceterms:approvedBy': endorsed ? [organizationRef(site, input.regents!)] : undefined,
    'ceterms:credentialStatusType': concept('credentialStat', 'Active', 'Active'),
    'ceterms:inLanguage': ['en-US'],
    'ceterms:dateEffective': program.publishedAt?.slice(0, 10),
    'ceterms:image': badgeClass?.imageAttachmentId ? `${page}/badge.png` : undefined,
    'ceterms:keyword': f.skills,
    'ceterms:audienceLevelType': f.level ? [concept('audLevel', ...AUDIENCE_LEVELS[f.level])] : undefined,
    'ceterms:occupationType': frameworkAlignments(f.alignments, 'onet'),
    'ceterms:instructionalProgramType': frameworkAlignments(f.alignments, 'cip'),
    'ceterms:estimatedDuration': duration(f),
    'ceterms:estimatedCost': cost(f, webpage),
    'ceterms:requires': requirements(f),
    'ceterms:isPartOf': partOf,
    'ceterms:hasPart': (input.links ?? NO_PATHWAYS).parts,
    'ceterms:isPreparationFor': preparationFor,
  });
}
