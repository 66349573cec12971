// A pathway as CTDL: a ceterms:Pathway whose destination component (the credential it leads to) has the
// pathway's components as children and the rule (all of, n of, credit hours) as its ComponentCondition.
// Property names follow the registry's own pathway and pathway-component schemas exactly (they mix the
// ceasn: and ceterms: prefixes: Pathway ceasn:hasChild / ceasn:hasDestinationComponent, component
// ceterms:isChildOf / ceterms:isPartOf / ceasn:hasCondition); docs/CTDL.md says why.
import type { Pathway, PathwayComponent } from '../../storage/repositories/pathways.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { absoluteUrl, compact, ctidFor, CTDL_CONTEXT, isPublicPathway, pathwayCtid, programCtid, resourceId, type CtdlNode } from './ctdl.ts';
import { organizationRef, type CtdlSite } from './map-organization.ts';
import type { CredentialClass } from './map-program.ts';

// The registry's pathway schemas type names and descriptions as language maps, unlike its credential schema.
const lang = (text: string) => ({ 'en-US': text });

export { isPublicPathway, pathwayCtid };

const DESTINATION_CLASSES: Record<Pathway['destination']['credentialType'], CredentialClass> = {
  micro_credential: 'ceterms:MicroCredential',
  certificate: 'ceterms:Certificate',
  associate_degree: 'ceterms:AssociateDegree',
  bachelor_degree: 'ceterms:BachelorDegree',
  degree: 'ceterms:Degree',
  other: 'ceterms:DigitalBadge',
};

function ruleCondition(p: Pathway): CtdlNode {
  const n = p.components.length;
  const name = p.rule === 'all' ? `All ${n} components` : p.rule === 'n_of' ? `${p.ruleN ?? n} of the ${n} components` : `${p.ruleCreditHours ?? 0} credit hours from the components`;
  return compact({
    '@type': 'ceterms:ComponentCondition',
    'ceterms:name': lang(name),
    'ceterms:description': lang(p.rule === 'credit_hours' ? `Earn components worth at least ${p.ruleCreditHours ?? 0} credit hours in total.` : `Earn ${name.toLowerCase()} to complete ${p.name}.`),
    'ceterms:requiredNumber': p.rule === 'all' ? n : p.rule === 'n_of' ? (p.ruleN ?? n) : undefined,
  });
}

export interface PathwayCtdlInput {
  readonly pathway: Pathway;
  readonly organization: Pick<Organization, 'id' | 'slug'>;
  /** The credential class of each component program that is in Laurel (program id → class). */
  readonly componentClasses: ReadonlyMap<string, CredentialClass>;
}

/** The pathway and its components: a graph of separate nodes, as the registry's publishGraph takes it. */
export function pathwayToCtdl(site: CtdlSite, input: PathwayCtdlInput): CtdlNode[] {
  const { pathway: p } = input;
  const ctid = pathwayCtid(p.id);
  const id = resourceId(ctid);
  const owner = organizationRef(site, input.organization);
  const programPage = (programId: string) => `${site.publicUrl}/programs/${encodeURIComponent(programId)}`;
  const institutionPage = `${site.publicUrl}/institutions/${encodeURIComponent(input.organization.slug)}`;
  const d = p.destination;
  const destinationPage = d.kind === 'program' && d.programId ? programPage(d.programId) : (absoluteUrl(d.url) ?? institutionPage);
  const destCtid = ctidFor('component', `${p.id}:destination`);
  const componentCtid = (c: PathwayComponent, i: number) => ctidFor('component', `${p.id}:${i}:${c.programId ?? c.url ?? c.name}`);
  const children = p.components.map((c, i) => {
    const cc = componentCtid(c, i);
    const source = c.kind === 'program' && c.programId ? resourceId(programCtid(c.programId)) : absoluteUrl(c.url);
    return compact({
      '@id': resourceId(cc),
      '@type': 'ceterms:CredentialComponent',
      'ceterms:ctid': cc,
      'ceterms:name': lang(c.name),
      'ceterms:description': lang(`${c.name}${c.creditHours ? ` (${c.creditHours} credit hours)` : ''}: a component of ${p.name}.`),
      'ceterms:subjectWebpage': c.kind === 'program' && c.programId ? programPage(c.programId) : (absoluteUrl(c.url) ?? destinationPage),
      'ceterms:credentialType': c.programId ? input.componentClasses.get(c.programId) : undefined,
      'ceterms:sourceData': source,
      'ceterms:isChildOf': [resourceId(destCtid)],
      'ceterms:isPartOf': [id],
    });
  });
  const destination = compact({
    '@id': resourceId(destCtid),
    '@type': 'ceterms:CredentialComponent',
    'ceterms:ctid': destCtid,
    'ceterms:name': lang(d.name),
    'ceterms:description': lang(`${d.name}: where ${p.name} leads.`),
    'ceterms:subjectWebpage': destinationPage,
    'ceterms:credentialType': DESTINATION_CLASSES[d.credentialType],
    'ceterms:sourceData': d.kind === 'program' && d.programId ? resourceId(programCtid(d.programId)) : absoluteUrl(d.url),
    'ceasn:hasChild': children.map((c) => c['@id']),
    'ceasn:hasCondition': [ruleCondition(p)],
    'ceterms:isDestinationComponentOf': [id],
    'ceterms:isPartOf': [id],
  });
  const pathway = compact({
    '@context': CTDL_CONTEXT,
    '@id': id,
    '@type': 'ceterms:Pathway',
    'ceterms:ctid': ctid,
    'ceterms:name': lang(p.name),
    'ceterms:description': lang(p.description.trim() || `A pathway of ${p.components.length} components to ${d.name}.`),
    'ceterms:inLanguage': ['en-US'],
    'ceterms:ownedBy': [owner],
    'ceterms:offeredBy': [owner],
    'ceterms:subjectWebpage': destinationPage,
    'ceasn:hasChild': [destination['@id']],
    'ceasn:hasDestinationComponent': [destination['@id']],
  });
  return [pathway, destination, ...children];
}
