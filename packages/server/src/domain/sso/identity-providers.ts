// Managing an organization's identity providers (its admin; the Regents' by the system admin): add,
// edit, turn on and off, remove, and whether members may still sign in with a password. Every setting
// is checked (metadata parsed, discovery answered) before anything is saved; every change is audited.
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { getInstitution } from '../institutions/get-institution.ts';
import type { Organization } from '../institutions/institutions.ts';
import { assertAllowed, canManageSignIn } from '../policy.ts';
import { SsoConfigError } from '../../sso/types.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { IdentityProviderRecord } from '../../storage/repositories/identity-providers.ts';
import { emailInDomains, mappingFromRecord, parseMapping, type IdpMapping } from './mapping.ts';
import { oidcSettingsFrom, openSecrets, samlSettingsFrom, sealSecrets, spEndpoints, type OidcStored, type SamlStored, type Secrets } from './idp-settings.ts';

export interface IdentityProviderView {
  readonly id: string;
  readonly organizationId: string;
  readonly protocol: 'saml' | 'oidc';
  readonly name: string;
  readonly status: 'active' | 'disabled';
  readonly saml: SamlStored | null;
  readonly oidc: (Omit<OidcStored, 'metadata'> & { hasClientSecret: boolean; endSession: boolean }) | null;
  readonly mapping: IdpMapping;
  readonly endpoints: ReturnType<typeof spEndpoints>;
  readonly identities: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function view(deps: Deps, p: IdentityProviderRecord, identities: number): IdentityProviderView {
  const oidc = p.protocol === 'oidc' ? (p.settings as unknown as OidcStored) : null;
  return {
    id: p.id,
    organizationId: p.organizationId,
    protocol: p.protocol,
    name: p.name,
    status: p.status,
    saml: p.protocol === 'saml' ? (p.settings as unknown as SamlStored) : null,
    oidc: oidc && { issuer: oidc.issuer, clientId: oidc.clientId, scopes: oidc.scopes, hasClientSecret: Boolean(openSecrets(deps, p).clientSecret), endSession: typeof oidc.metadata.end_session_endpoint === 'string' },
    mapping: mappingFromRecord(p.mapping),
    endpoints: spEndpoints(deps, p.id),
    identities,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

async function manageableOrg(deps: Deps, actor: Actor, slug: string): Promise<Organization> {
  const org = await getInstitution(deps, actor, { slug });
  assertAllowed(canManageSignIn(actor, org), org.kind === 'regents' ? "Only system administrators manage the Regents' sign-in." : "Only this institution's administrators manage its sign-in.");
  return org;
}

async function providerOf(deps: Deps, org: Organization, idpId: string): Promise<IdentityProviderRecord> {
  const p = await repos(deps.db).identityProviders.findById(idpId);
  if (!p || p.organizationId !== org.id) throw notFound('Identity provider');
  return p;
}

export async function listIdentityProviders(deps: Deps, actor: Actor, input: { slug: string }): Promise<{ organization: Organization; passwordSignIn: boolean; providers: IdentityProviderView[] }> {
  const org = await manageableOrg(deps, actor, input.slug);
  const r = repos(deps.db);
  const providers = await r.identityProviders.forOrganization(org.id);
  const views = await Promise.all(providers.map(async (p) => view(deps, p, await r.identityProviders.countIdentities(p.id))));
  return { organization: org, passwordSignIn: await r.organizations.passwordSignIn(org.id), providers: views };
}

export async function getIdentityProvider(deps: Deps, actor: Actor, input: { slug: string; idpId: string }): Promise<{ organization: Organization; provider: IdentityProviderView }> {
  const org = await manageableOrg(deps, actor, input.slug);
  const p = await providerOf(deps, org, input.idpId);
  return { organization: org, provider: view(deps, p, await repos(deps.db).identityProviders.countIdentities(p.id)) };
}

/** Field errors from the protocol adapter or the mapping, all at once where possible. */
async function settingsFrom(deps: Deps, org: Organization, protocol: 'saml' | 'oidc', input: Record<string, unknown>, existing: IdentityProviderRecord | null, selfId: string | null) {
  const errors: Record<string, string> = {};
  const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim() : org.name;
  if (name.length > 120) errors.name = 'Enter a name of at most 120 characters.';
  const { mapping, errors: mapErrors } = parseMapping(input, org.kind);
  Object.assign(errors, mapErrors);
  if (!mapErrors.emailDomains) {
    const others = (await repos(deps.db).identityProviders.allExcept(selfId)).filter((p) => p.organizationId !== org.id);
    const clash = mapping.emailDomains.find((d) => others.some((o) => mappingFromRecord(o.mapping).emailDomains.some((od) => emailInDomains(`x@${d}`, [od]) || emailInDomains(`x@${od}`, [d]))));
    if (clash) errors.emailDomains = `${clash} is already claimed by another organization's identity provider. Each email domain belongs to one organization.`;
  }
  let result: { settings: SamlStored | OidcStored; secrets: Secrets } | null = null;
  try {
    const prior = existing ? { settings: existing.settings as never, secrets: openSecrets(deps, existing) } : null;
    result = protocol === 'saml' ? await samlSettingsFrom(deps, input, prior, `Laurel ${org.name}`.slice(0, 64)) : await oidcSettingsFrom(deps, input, prior);
  } catch (err) {
    if (!(err instanceof SsoConfigError)) throw err;
    errors[err.field] = err.message;
  }
  if (Object.keys(errors).length || !result) throw validationError(errors, 'The identity provider was not saved. Correct the fields marked below.');
  return { name, mapping, ...result };
}

function protocolOf(v: unknown): 'saml' | 'oidc' {
  if (v === 'saml' || v === 'oidc') return v;
  throw validationError({ protocol: 'Choose SAML 2.0 or OpenID Connect.' });
}

export async function createIdentityProvider(deps: Deps, actor: Actor, input: { slug: string; protocol: unknown; fields: Record<string, unknown>; ip?: string | null }): Promise<IdentityProviderView> {
  const org = await manageableOrg(deps, actor, input.slug);
  const protocol = protocolOf(input.protocol);
  const s = await settingsFrom(deps, org, protocol, input.fields, null, null);
  const id = newId();
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.identityProviders.insert({ id, organizationId: org.id, protocol, name: s.name, status: 'active', settings: s.settings as never, secretsSealed: sealSecrets(deps, id, s.secrets), mapping: s.mapping as never, at });
    await audit(tr, { actor, at, action: 'identity_provider.created', subjectType: 'identity_provider', subjectId: id, organizationId: org.id, ip: input.ip, data: { protocol, name: s.name, emailDomains: s.mapping.emailDomains, rules: s.mapping.rules } });
  });
  return view(deps, (await repos(deps.db).identityProviders.findById(id))!, 0);
}

export async function updateIdentityProvider(deps: Deps, actor: Actor, input: { slug: string; idpId: string; fields: Record<string, unknown>; ip?: string | null }): Promise<IdentityProviderView> {
  const org = await manageableOrg(deps, actor, input.slug);
  const existing = await providerOf(deps, org, input.idpId);
  const s = await settingsFrom(deps, org, existing.protocol, input.fields, existing, existing.id);
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.identityProviders.update(existing.id, { name: s.name, settings: s.settings as never, secretsSealed: sealSecrets(deps, existing.id, s.secrets), mapping: s.mapping as never, at });
    await audit(tr, { actor, at, action: 'identity_provider.updated', subjectType: 'identity_provider', subjectId: existing.id, organizationId: org.id, ip: input.ip, data: { name: s.name, emailDomains: s.mapping.emailDomains, rules: s.mapping.rules } });
  });
  const r = repos(deps.db);
  return view(deps, (await r.identityProviders.findById(existing.id))!, await r.identityProviders.countIdentities(existing.id));
}

export async function setIdentityProviderStatus(deps: Deps, actor: Actor, input: { slug: string; idpId: string; status: unknown; ip?: string | null }): Promise<void> {
  const org = await manageableOrg(deps, actor, input.slug);
  const p = await providerOf(deps, org, input.idpId);
  if (input.status !== 'active' && input.status !== 'disabled') throw validationError({ status: 'Choose on or off.' });
  if (p.status === input.status) return;
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (input.status === 'disabled' && !(await tr.organizations.passwordSignIn(org.id)) && (await tr.identityProviders.forOrganization(org.id)).filter((x) => x.status === 'active').length === 1) {
      throw new DomainError('validation_failed', `This is the last identity provider turned on, and ${org.name} has password sign-in off: turn passwords back on first, or members could not sign in at all.`);
    }
    await tr.identityProviders.setStatus(p.id, input.status as 'active' | 'disabled', at);
    await audit(tr, { actor, at, action: input.status === 'active' ? 'identity_provider.enabled' : 'identity_provider.disabled', subjectType: 'identity_provider', subjectId: p.id, organizationId: org.id, ip: input.ip });
  });
}

export async function deleteIdentityProvider(deps: Deps, actor: Actor, input: { slug: string; idpId: string; ip?: string | null }): Promise<{ name: string }> {
  const org = await manageableOrg(deps, actor, input.slug);
  const p = await providerOf(deps, org, input.idpId);
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.organizations.passwordSignIn(org.id)) && !(await tr.identityProviders.forOrganization(org.id)).some((x) => x.id !== p.id && x.status === 'active')) {
      throw new DomainError('validation_failed', `${org.name} has password sign-in off and this is its only identity provider turned on: turn passwords back on first, or members could not sign in at all.`);
    }
    await tr.identityProviders.delete(p.id);
    await audit(tr, { actor, at, action: 'identity_provider.deleted', subjectType: 'identity_provider', subjectId: p.id, organizationId: org.id, ip: input.ip, data: { name: p.name, protocol: p.protocol } });
  });
  return { name: p.name };
}

/** Turns password sign-in for the organization's members on or off (off needs an identity provider turned on). */
export async function setPasswordSignIn(deps: Deps, actor: Actor, input: { slug: string; allowed: boolean; ip?: string | null }): Promise<void> {
  const org = await manageableOrg(deps, actor, input.slug);
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!input.allowed && !(await tr.identityProviders.forOrganization(org.id)).some((p) => p.status === 'active')) {
      throw validationError({ passwordSignIn: `Add and turn on an identity provider before turning passwords off, or ${org.name}'s members could not sign in.` });
    }
    if ((await tr.organizations.passwordSignIn(org.id)) === input.allowed) return;
    await tr.organizations.setPasswordSignIn(org.id, input.allowed, at);
    await audit(tr, { actor, at, action: 'organization.password_sign_in_changed', subjectType: 'organization', subjectId: org.id, organizationId: org.id, ip: input.ip, data: { allowed: input.allowed } });
  });
}
