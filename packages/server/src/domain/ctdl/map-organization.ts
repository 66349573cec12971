// An institution (or the Regents) as a ceterms:CredentialOrganization. The registry requires agentType,
// agentSectorType, description and subjectWebpage, which Laurel's profile does not always have: the
// fallbacks below are the institution's own public page and a sentence built from what is known.
import { INSTITUTION_TYPES, type InstitutionType } from '../institutions/institutions.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { absoluteUrl, compact, concept, ctidFor, CTDL_CONTEXT, resourceId, type CtdlNode } from './ctdl.ts';

/** What a mapping needs from the installation: its public URL and the CTIDs institutions already hold in the registry. */
export interface CtdlSite {
  readonly publicUrl: string;
  /** Institution slug → the CTID it already has in the registry (LAUREL_CTDL_ORGANIZATION_CTIDS). */
  readonly organizationCtids: Readonly<Record<string, string>>;
}

export type CtdlOrganizationInput = Pick<Organization, 'id' | 'slug' | 'name' | 'kind' | 'institutionType' | 'website' | 'description' | 'city'>;

export function organizationCtid(site: CtdlSite, org: Pick<Organization, 'id' | 'slug'>): string {
  return site.organizationCtids[org.slug] ?? ctidFor('organization', org.id);
}

/** A reference to the organization from another document (ownedBy, offeredBy, approvedBy). */
export function organizationRef(site: CtdlSite, org: Pick<Organization, 'id' | 'slug'>): string {
  return resourceId(organizationCtid(site, org));
}

function agentType(org: CtdlOrganizationInput): CtdlNode {
  if (org.kind === 'regents') return concept('orgType', 'Government', 'Government Agency');
  if (org.institutionType === 'technical_college') return concept('orgType', 'TechnicalSchool', 'Technical School');
  return concept('orgType', 'CollegeUniversity', 'College or University');
}

function agentSector(org: CtdlOrganizationInput): CtdlNode {
  return org.institutionType === 'independent_institution' ? concept('agentSector', 'PrivateNonProfit', 'Private Not-For-Profit') : concept('agentSector', 'Public', 'Public');
}

function describe(org: CtdlOrganizationInput): string {
  if (org.description?.trim()) return org.description.trim();
  if (org.kind === 'regents') return `${org.name}: the coordinating board of the state system of higher education, which endorses micro-credentials.`;
  const type = org.institutionType && org.institutionType in INSTITUTION_TYPES ? INSTITUTION_TYPES[org.institutionType as InstitutionType].toLowerCase() : 'institution';
  return `${org.name}, a ${type} of the state system of higher education${org.city ? ` in ${org.city}` : ''}.`;
}

export function organizationToCtdl(site: CtdlSite, org: CtdlOrganizationInput): CtdlNode {
  const page = org.kind === 'regents' ? `${site.publicUrl}/inventory` : `${site.publicUrl}/institutions/${encodeURIComponent(org.slug)}`;
  return compact({
    '@context': CTDL_CONTEXT,
    '@id': organizationRef(site, org),
    '@type': 'ceterms:CredentialOrganization',
    'ceterms:ctid': organizationCtid(site, org),
    'ceterms:name': org.name,
    'ceterms:description': describe(org),
    'ceterms:subjectWebpage': absoluteUrl(org.website) ?? page,
    'ceterms:agentType': [agentType(org)],
    'ceterms:agentSectorType': [agentSector(org)],
    'ceterms:address': org.city ? [{ '@type': 'ceterms:Place', 'ceterms:addressLocality': org.city }] : undefined,
  });
}
