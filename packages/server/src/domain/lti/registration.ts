// LTI Dynamic Registration as the signed-in institution administrator completes it: the platform opened
// /lti/register with its configuration address and a one-time token; the admin picks the institution;
// Laurel reads the configuration (through the SSRF guard), registers itself with the platform, and
// stores the registration with the client id and deployment id the platform made. Registering the same
// client again (a platform re-running registration) updates that registration if it is this
// institution's; another institution's is never taken over.
import { fetchPlatformConfiguration, LtiRegistrationFailed, registerTool, toolRegistrationRequest } from '../../sso/lti-registration.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Organization } from '../institutions/institutions.ts';
import { manageableLtiOrg, type LtiPlatformView } from './platforms.ts';
import { forgetPlatformJwks } from './platform-jwks.ts';

const PRODUCT_NAMES: Record<string, string> = { canvas: 'Canvas', moodle: 'Moodle', desire2learn: 'D2L Brightspace', BlackboardLearn: 'Blackboard Learn', sakai: 'Sakai', schoology: 'Schoology' };

export async function registerWithPlatform(
  deps: Deps,
  actor: Actor,
  input: { slug: string; openidConfiguration: string; registrationToken: string | null; name: string; ip?: string | null },
): Promise<{ organization: Organization; platform: LtiPlatformView; updated: boolean }> {
  const org = await manageableLtiOrg(deps, actor, input.slug);
  const name = input.name.trim();
  if (name.length > 120) throw validationError({ name: 'Enter a name of at most 120 characters.' });
  const allowHttpHosts = deps.config.fetchAllowHosts;
  let outcome: { clientId: string; deploymentId: string | null };
  let config: Awaited<ReturnType<typeof fetchPlatformConfiguration>>;
  try {
    config = await fetchPlatformConfiguration(deps.fetch, input.openidConfiguration, { allowHttpHosts });
    outcome = await registerTool(deps.fetch, {
      endpoint: config.registrationEndpoint,
      registrationToken: input.registrationToken,
      body: toolRegistrationRequest({ publicUrl: deps.config.publicUrl, clientName: 'Laurel', description: `Digital badges of ${org.name}: instructors place a badge in their course; students see what it takes to earn it.` }, config),
    });
  } catch (err) {
    if (!(err instanceof LtiRegistrationFailed)) throw err;
    await audit(repos(deps.db), { actor, at: nowIso(deps), ip: input.ip, action: 'lti.registration_failed', subjectType: 'organization', subjectId: org.id, organizationId: org.id, data: { openidConfiguration: input.openidConfiguration.slice(0, 500), message: err.message } });
    throw new DomainError('lti_registration_failed', err.message);
  }
  const at = nowIso(deps);
  const fields = {
    name: name || (config.productFamily && PRODUCT_NAMES[config.productFamily]) || new URL(config.issuer).host,
    issuer: config.issuer,
    clientId: outcome.clientId,
    authLoginUrl: config.authorizationEndpoint,
    authTokenUrl: config.tokenEndpoint,
    jwksUrl: config.jwksUri,
    tokenAudience: config.authorizationServer,
  };
  const r = repos(deps.db);
  const existing = await r.ltiPlatforms.findByIssuerAndClient(config.issuer, outcome.clientId);
  if (existing && existing.organizationId !== org.id) throw new DomainError('lti_registration_failed', 'The platform gave Laurel a client ID that another institution has already registered. Ask the platform’s administrator to start a new registration.');
  const id = existing?.id ?? newId();
  await inTransaction(deps, async (tr) => {
    if (existing) await tr.ltiPlatforms.update(id, { ...fields, at });
    else await tr.ltiPlatforms.insert({ id, organizationId: org.id, ...fields, status: 'active', registeredVia: 'dynamic', productFamily: config.productFamily, at });
    if (outcome.deploymentId) await tr.ltiPlatforms.addDeployment(id, outcome.deploymentId, at);
    await audit(tr, { actor, at, ip: input.ip, action: 'lti.platform_registered', subjectType: 'lti_platform', subjectId: id, organizationId: org.id, data: { name: fields.name, issuer: fields.issuer, clientId: fields.clientId, deploymentId: outcome.deploymentId, productFamily: config.productFamily, updated: Boolean(existing) } });
  });
  forgetPlatformJwks(deps, id);
  const platform = (await r.ltiPlatforms.findById(id))!;
  return { organization: org, platform: { ...platform, deploymentIds: await r.ltiPlatforms.deployments(id), placements: await r.ltiPlatforms.countPlacements(id) }, updated: Boolean(existing) };
}
