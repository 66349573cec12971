// Institutions (and the Regents, which is an organization too): adding and editing them. Reads are the
// use cases beside this file (list-institutions.ts, get-institution.ts, …).
import { repos } from '../../storage/repositories/index.ts';
import type { Organization, OrganizationFields } from '../../storage/repositories/organizations.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { organizationDid } from '../credentials/did.ts';
import { newOrganizationKey } from '../credentials/org-keys.ts';
import { openFirstStatusLists } from '../credentials/status-lists.ts';
import { canEditOrganization, canManageInstitutions } from '../policy.ts';
import { REGENTS_SLUG } from '../../shared/roles.ts';
import { queueOrganizationForRegistry } from '../ctdl/queue-program.ts';
import { nameProblem, optionalStr, slugProblem, str, urlProblem } from '../validate.ts';

export type { Organization };

export const INSTITUTION_TYPES = {
  research_university: 'Research university',
  regional_university: 'Regional university',
  community_college: 'Community college',
  technical_college: 'Technical college',
  independent_institution: 'Independent institution',
  other: 'Other',
} as const;
export type InstitutionType = keyof typeof INSTITUTION_TYPES;

function readFields(input: Record<string, unknown>, current?: Organization): { fields: OrganizationFields; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = str(input.name ?? current?.name);
  const np = nameProblem(name, 'the institution’s name');
  if (np) errors.name = np;
  const institutionType = optionalStr(input.institutionType ?? current?.institutionType);
  if (institutionType && !(institutionType in INSTITUTION_TYPES)) errors.institutionType = 'Choose a type from the list.';
  const website = optionalStr(input.website ?? current?.website);
  if (website) {
    const up = urlProblem(website);
    if (up) errors.website = up;
  }
  const description = optionalStr(input.description ?? current?.description);
  if (description && description.length > 2000) errors.description = 'Use at most 2,000 characters.';
  const city = optionalStr(input.city ?? current?.city);
  if (city && city.length > 120) errors.city = 'Use at most 120 characters.';
  const statusRaw = input.status ?? current?.status ?? 'active';
  if (statusRaw !== 'active' && statusRaw !== 'inactive') errors.status = 'Choose active or inactive.';
  return { fields: { name, institutionType, website, description, city, status: statusRaw === 'inactive' ? 'inactive' : 'active' }, errors };
}

export async function createOrganization(deps: Deps, actor: Actor, input: Record<string, unknown> & { slug?: unknown; kind?: 'regents' | 'institution' }): Promise<Organization> {
  if (!canManageInstitutions(actor)) throw forbidden('Only system administrators can add institutions.');
  const { fields, errors } = readFields(input);
  const slug = str(input.slug).toLowerCase();
  const sp = slugProblem(slug);
  if (sp) errors.slug = sp;
  const kind = input.kind ?? 'institution';
  if (kind === 'institution' && slug === REGENTS_SLUG) errors.slug = `"${REGENTS_SLUG}" is reserved for the State Regents.`;
  if (Object.keys(errors).length) throw validationError(errors);
  const r = repos(deps.db);
  if (await r.organizations.findBySlug(slug)) {
    throw new DomainError('duplicate_institution', `An institution with the slug "${slug}" already exists.`, { slug: 'This slug is already taken.' });
  }
  const sameName = (await r.organizations.list()).find((o) => o.name.toLowerCase() === fields.name.toLowerCase());
  if (sameName) throw new DomainError('duplicate_institution', `An institution named "${fields.name}" already exists.`, { name: 'An institution with this name already exists.' });
  const now = nowIso(deps);
  const org: Organization = { id: newId(), slug, kind, ...fields, createdAt: now, updatedAt: now };
  // Generated before the transaction (it is CPU work), inserted inside it: no organization exists without its key.
  const key = await newOrganizationKey(deps, { organization: org, seq: 1, at: now });
  await inTransaction(deps, async (tr) => {
    await tr.organizations.insert(org);
    await tr.organizationKeys.insert(key);
    await openFirstStatusLists(tr, { organizationId: org.id, at: now });
    await audit(tr, { actor, at: now, action: 'organization.created', subjectType: 'organization', subjectId: org.id, organizationId: org.id, data: { slug, name: org.name, kind, did: organizationDid(deps.config, slug) } });
  });
  return org;
}

export async function updateOrganization(deps: Deps, actor: Actor, slug: string, input: Record<string, unknown>): Promise<Organization> {
  const r = repos(deps.db);
  const org = await r.organizations.findBySlug(slug);
  if (!org) throw notFound('The institution');
  if (!canEditOrganization(actor, org)) throw forbidden('You can only edit your own institution.');
  // Only the system admin may deactivate an institution.
  const safe = canManageInstitutions(actor) ? input : { ...input, status: undefined };
  const { fields, errors } = readFields(safe, org);
  if (Object.keys(errors).length) throw validationError(errors);
  const sameName = (await r.organizations.list()).find((o) => o.id !== org.id && o.name.toLowerCase() === fields.name.toLowerCase());
  if (sameName) throw new DomainError('duplicate_institution', `An institution named "${fields.name}" already exists.`, { name: 'An institution with this name already exists.' });
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.organizations.update(org.id, fields, now);
    const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => (org as unknown as Record<string, unknown>)[k] !== v));
    await audit(tr, { actor, at: now, action: 'organization.updated', subjectType: 'organization', subjectId: org.id, organizationId: org.id, data: { changed } });
    await queueOrganizationForRegistry(tr, { organizationId: org.id, at: now, jobId: newId() });
  });
  return { ...org, ...fields, updatedAt: now };
}

/** Every install has the Regents organization; created on first start if missing. */
export async function ensureRegents(deps: Deps): Promise<Organization> {
  const r = repos(deps.db);
  const existing = await r.organizations.findBySlug(REGENTS_SLUG);
  if (existing) return existing;
  try {
    return await createOrganization(deps, { kind: 'system' }, { slug: REGENTS_SLUG, kind: 'regents', name: 'State Regents for Higher Education', description: 'The coordinating board of the state system of higher education. Reviews and endorses micro-credentials for the statewide inventory.' });
  } catch (err) {
    // Two processes starting at once on PostgreSQL: the other one won.
    const again = await r.organizations.findBySlug(REGENTS_SLUG);
    if (again) return again;
    throw err;
  }
}
