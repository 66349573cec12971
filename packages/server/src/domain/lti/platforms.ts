// An institution's LTI platform registrations, managed by hand (its admin; the system admin for all):
// add, edit, turn off and on, remove, and the deployment ids each accepts. Settings are checked before
// anything is saved (https addresses, and the platform's JWKS must answer once); every change is audited.
// Registrations made by LTI Dynamic Registration (registration.ts) are managed here afterwards too.
import { checkLtiPlatformSettings, deploymentIdProblem, type LtiSettingsInput } from '../../sso/lti-settings.ts';
import { toolAddresses } from '../../sso/lti-registration.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiPlatform } from '../../storage/repositories/lti.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { getInstitution } from '../institutions/get-institution.ts';
import type { Organization } from '../institutions/institutions.ts';
import { assertAllowed, canManageLti, canManageLtiToolKeys } from '../policy.ts';
import { fetchJwks, forgetPlatformJwks } from './platform-jwks.ts';

export type { LtiPlatform };

export interface LtiPlatformView extends LtiPlatform {
  readonly deploymentIds: readonly string[];
  readonly placements: number;
}

/** What a platform's administrator enters for Laurel (the same for every registration). */
export function ltiToolValues(deps: Pick<Deps, 'config'>) {
  const a = toolAddresses(deps.config.publicUrl);
  return { ...a, redirectUrl: a.launchUrl, targetLinkUri: a.launchUrl, deepLinkingUrl: a.launchUrl };
}
export type LtiToolValues = ReturnType<typeof ltiToolValues>;

export async function manageableLtiOrg(deps: Deps, actor: Actor, slug: string): Promise<Organization> {
  const org = await getInstitution(deps, actor, { slug });
  assertAllowed(canManageLti(actor, org), "Only this institution's administrators manage its learning platforms.");
  return org;
}

async function platformOf(deps: Deps, org: Organization, platformId: string): Promise<LtiPlatform> {
  const p = await repos(deps.db).ltiPlatforms.findById(platformId);
  if (!p || p.organizationId !== org.id) throw notFound('The platform registration');
  return p;
}

async function viewOf(deps: Deps, p: LtiPlatform): Promise<LtiPlatformView> {
  const r = repos(deps.db);
  return { ...p, deploymentIds: await r.ltiPlatforms.deployments(p.id), placements: await r.ltiPlatforms.countPlacements(p.id) };
}

/** Institutions whose platforms the actor may register (the dynamic registration page's choice). */
export async function ltiManageableInstitutions(deps: Deps, actor: Actor): Promise<Organization[]> {
  return (await repos(deps.db).organizations.list({ kind: 'institution' })).filter((o) => o.status === 'active' && canManageLti(actor, o));
}

export async function listLtiPlatforms(deps: Deps, actor: Actor, input: { slug: string }): Promise<{ organization: Organization; platforms: LtiPlatformView[]; tool: LtiToolValues; canManageKeys: boolean }> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  const platforms = await Promise.all((await repos(deps.db).ltiPlatforms.forOrganization(org.id)).map((p) => viewOf(deps, p)));
  return { organization: org, platforms, tool: ltiToolValues(deps), canManageKeys: canManageLtiToolKeys(actor) };
}

export async function getLtiPlatform(deps: Deps, actor: Actor, input: { slug: string; platformId: string }): Promise<{ organization: Organization; platform: LtiPlatformView; tool: LtiToolValues }> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  return { organization: org, platform: await viewOf(deps, await platformOf(deps, org, input.platformId)), tool: ltiToolValues(deps) };
}

/** Deployment ids typed one per line or separated by commas. */
function deploymentList(v: unknown): { ids: string[]; error: string | null } {
  const ids = [...new Set((typeof v === 'string' ? v : '').split(/[\s,]+/).filter(Boolean))];
  const bad = ids.map(deploymentIdProblem).find(Boolean);
  return { ids, error: bad ?? (ids.length > 50 ? 'Enter at most 50 deployment IDs.' : null) };
}

/** The settings, checked: field errors all at once, then the uniqueness of (issuer, client id) and the JWKS answering. */
async function checkedSettings(deps: Deps, input: LtiSettingsInput, selfId: string | null) {
  const { settings, errors } = checkLtiPlatformSettings(input, { allowHttpHosts: deps.config.fetchAllowHosts });
  if (settings) {
    const other = await repos(deps.db).ltiPlatforms.findByIssuerAndClient(settings.issuer, settings.clientId);
    if (other && other.id !== selfId) errors.clientId = 'Laurel already has a registration with this issuer and client ID. Edit that one instead.';
    else if (!(await fetchJwks(deps, settings.jwksUrl))) errors.jwksUrl = `No key set (JWKS) could be read from ${settings.jwksUrl.slice(0, 200)}. Check the address: it is the platform's public keyset URL.`;
  }
  if (!settings || Object.keys(errors).length) throw validationError(errors, 'The platform was not saved. Correct the fields marked below.');
  return settings;
}

export async function createLtiPlatform(deps: Deps, actor: Actor, input: { slug: string; fields: LtiSettingsInput & { deploymentIds?: unknown }; ip?: string | null }): Promise<LtiPlatformView> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  const deployments = deploymentList(input.fields.deploymentIds);
  if (deployments.error) throw validationError({ deploymentIds: deployments.error }, 'The platform was not saved. Correct the fields marked below.');
  const s = await checkedSettings(deps, input.fields, null);
  const id = newId();
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.ltiPlatforms.insert({ id, organizationId: org.id, ...s, status: 'active', registeredVia: 'manual', productFamily: null, at });
    for (const d of deployments.ids) await tr.ltiPlatforms.addDeployment(id, d, at);
    await audit(tr, { actor, at, ip: input.ip, action: 'lti.platform_created', subjectType: 'lti_platform', subjectId: id, organizationId: org.id, data: { name: s.name, issuer: s.issuer, clientId: s.clientId, deploymentIds: deployments.ids } });
  });
  return viewOf(deps, (await repos(deps.db).ltiPlatforms.findById(id))!);
}

export async function updateLtiPlatform(deps: Deps, actor: Actor, input: { slug: string; platformId: string; fields: LtiSettingsInput; ip?: string | null }): Promise<LtiPlatformView> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  const p = await platformOf(deps, org, input.platformId);
  const s = await checkedSettings(deps, input.fields, p.id);
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.ltiPlatforms.update(p.id, { ...s, at });
    await audit(tr, { actor, at, ip: input.ip, action: 'lti.platform_updated', subjectType: 'lti_platform', subjectId: p.id, organizationId: org.id, data: { name: s.name, issuer: s.issuer, clientId: s.clientId } });
  });
  forgetPlatformJwks(deps, p.id);
  return viewOf(deps, (await repos(deps.db).ltiPlatforms.findById(p.id))!);
}

export async function setLtiPlatformStatus(deps: Deps, actor: Actor, input: { slug: string; platformId: string; status: unknown; ip?: string | null }): Promise<void> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  const p = await platformOf(deps, org, input.platformId);
  if (input.status !== 'active' && input.status !== 'disabled') throw validationError({ status: 'Choose on or off.' });
  if (p.status === input.status) return;
  const status = input.status;
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.ltiPlatforms.setStatus(p.id, status, at);
    await audit(tr, { actor, at, ip: input.ip, action: status === 'active' ? 'lti.platform_enabled' : 'lti.platform_disabled', subjectType: 'lti_platform', subjectId: p.id, organizationId: org.id });
  });
}

export async function deleteLtiPlatform(deps: Deps, actor: Actor, input: { slug: string; platformId: string; ip?: string | null }): Promise<{ name: string }> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  const p = await platformOf(deps, org, input.platformId);
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    const placements = await tr.ltiPlatforms.countPlacements(p.id);
    await tr.ltiPlatforms.delete(p.id);
    await audit(tr, { actor, at, ip: input.ip, action: 'lti.platform_deleted', subjectType: 'lti_platform', subjectId: p.id, organizationId: org.id, data: { name: p.name, issuer: p.issuer, clientId: p.clientId, placements } });
  });
  forgetPlatformJwks(deps, p.id);
  return { name: p.name };
}

export async function addLtiDeployment(deps: Deps, actor: Actor, input: { slug: string; platformId: string; deploymentId: unknown; ip?: string | null }): Promise<void> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  const p = await platformOf(deps, org, input.platformId);
  const deploymentId = typeof input.deploymentId === 'string' ? input.deploymentId.trim() : '';
  const problem = deploymentIdProblem(deploymentId);
  if (problem) throw validationError({ deploymentId: problem }, 'The deployment was not added.');
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.ltiPlatforms.addDeployment(p.id, deploymentId, at))) throw validationError({ deploymentId: 'This platform already has that deployment ID.' }, 'The deployment was not added.');
    await audit(tr, { actor, at, ip: input.ip, action: 'lti.deployment_added', subjectType: 'lti_platform', subjectId: p.id, organizationId: org.id, data: { deploymentId } });
  });
}

export async function removeLtiDeployment(deps: Deps, actor: Actor, input: { slug: string; platformId: string; deploymentId: string; ip?: string | null }): Promise<void> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  const p = await platformOf(deps, org, input.platformId);
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.ltiPlatforms.removeDeployment(p.id, input.deploymentId))) throw notFound('The deployment');
    await audit(tr, { actor, at, ip: input.ip, action: 'lti.deployment_removed', subjectType: 'lti_platform', subjectId: p.id, organizationId: org.id, data: { deploymentId: input.deploymentId } });
  });
}
