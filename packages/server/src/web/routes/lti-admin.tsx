// Pages where an institution's admin manages its learning platforms (LTI 1.3): register by hand, edit,
// deployments, turn off, remove; under /admin/institutions/:slug/lti. And, for system administrators,
// Laurel's own LTI signing keys under /admin/lti/keys.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { addLtiDeployment, createLtiPlatform, deleteLtiPlatform, getLtiPlatform, listLtiPlatforms, manageableLtiOrg, removeLtiDeployment, setLtiPlatformStatus, updateLtiPlatform } from '../../domain/lti/platforms.ts';
import { listToolKeys, rotateToolKey } from '../../domain/lti/tool-keys.ts';
import { requireUser } from '../../kit/auth.ts';
import { DeletePlatformPage, LtiPlatformFormPage, platformFormValues, RemoveDeploymentPage, type PlatformFormValues } from '../pages/lti/platform-form.tsx';
import { ltiBase, LtiOverviewPage } from '../pages/lti/platform-list.tsx';
import { RotateToolKeyPage, ToolKeysPage } from '../pages/lti/tool-keys.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields, queryOf } from '../schemas.ts';
import { field, formErrors, type FormBody } from './forms.ts';
import { listLtiPlacements } from '../../domain/lti/list-placements.ts';
import { LtiPlacementsPage } from '../pages/lti/placements.tsx';

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) });
const PlatformParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }), platformId: Type.String({ minLength: 1, maxLength: 200 }) });

function valuesFrom(body: FormBody): PlatformFormValues {
  const v = platformFormValues();
  for (const k of Object.keys(v) as (keyof PlatformFormValues)[]) v[k] = field(body, k);
  return v;
}

export function registerLtiAdminPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/admin/institutions/:slug/lti', { schema: { params: SlugParams } }, async (req, reply) => {
    const res = await listLtiPlatforms(deps(), requireUser(req), { slug: req.params.slug });
    return sendPage(reply, <LtiOverviewPage ctx={pageContext(req, reply)} org={res.organization} platforms={res.platforms} tool={res.tool} canManageKeys={res.canManageKeys} />);
  });

  app.get('/admin/institutions/:slug/lti/new', { schema: { params: SlugParams } }, async (req, reply) => {
    const org = await manageableLtiOrg(deps(), requireUser(req), req.params.slug);
    return sendPage(reply, <LtiPlatformFormPage ctx={pageContext(req, reply)} org={org} v={platformFormValues()} errors={{}} />);
  });

  app.post('/admin/institutions/:slug/lti', { schema: { params: SlugParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const { slug } = req.params;
    try {
      const p = await createLtiPlatform(deps(), actor, { slug, fields: valuesFrom(req.body), ip: req.ip });
      return redirectWithFlash(reply, `${ltiBase({ slug })}/${p.id}`, { kind: 'success', message: `${p.name} was registered. Launches from its deployments are accepted now.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const org = await manageableLtiOrg(deps(), actor, slug);
      return sendPage(reply, <LtiPlatformFormPage ctx={pageContext(req, reply)} org={org} v={valuesFrom(req.body)} errors={fields} message={message} />, 422);
    }
  });

  app.get('/admin/institutions/:slug/lti/:platformId', { schema: { params: PlatformParams } }, async (req, reply) => {
    const { organization, platform } = await getLtiPlatform(deps(), requireUser(req), req.params);
    return sendPage(reply, <LtiPlatformFormPage ctx={pageContext(req, reply)} org={organization} v={platformFormValues(platform)} errors={{}} platform={platform} />);
  });

  app.post('/admin/institutions/:slug/lti/:platformId', { schema: { params: PlatformParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    try {
      const p = await updateLtiPlatform(deps(), actor, { ...req.params, fields: valuesFrom(req.body), ip: req.ip });
      return redirectWithFlash(reply, `${ltiBase(req.params)}/${p.id}`, { kind: 'success', message: `${p.name} was saved.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const { organization, platform } = await getLtiPlatform(deps(), actor, req.params);
      return sendPage(reply, <LtiPlatformFormPage ctx={pageContext(req, reply)} org={organization} v={valuesFrom(req.body)} errors={fields} message={message} platform={platform} />, 422);
    }
  });

  app.post('/admin/institutions/:slug/lti/:platformId/status', { schema: { params: PlatformParams, body: FormFields } }, async (req, reply) => {
    const status = field(req.body, 'status');
    await setLtiPlatformStatus(deps(), requireUser(req), { ...req.params, status, ip: req.ip });
    return redirectWithFlash(reply, `${ltiBase(req.params)}/${req.params.platformId}`, { kind: 'success', message: status === 'active' ? 'Turned on: launches are accepted.' : 'Turned off: launches are refused until it is turned on again.' });
  });

  app.post('/admin/institutions/:slug/lti/:platformId/deployments', { schema: { params: PlatformParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    try {
      await addLtiDeployment(deps(), actor, { ...req.params, deploymentId: field(req.body, 'deploymentId'), ip: req.ip });
      return redirectWithFlash(reply, `${ltiBase(req.params)}/${req.params.platformId}`, { kind: 'success', message: 'The deployment was added.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const { organization, platform } = await getLtiPlatform(deps(), actor, req.params);
      return sendPage(reply, <LtiPlatformFormPage ctx={pageContext(req, reply)} org={organization} v={platformFormValues(platform)} errors={fields} message={message} platform={platform} />, 422);
    }
  });

  app.get('/admin/institutions/:slug/lti/:platformId/deployments/remove', { schema: { params: PlatformParams, querystring: queryOf('deployment') } }, async (req, reply) => {
    const { organization, platform } = await getLtiPlatform(deps(), requireUser(req), req.params);
    const deploymentId = req.query.deployment ?? '';
    if (!platform.deploymentIds.includes(deploymentId)) return redirectWithFlash(reply, `${ltiBase(req.params)}/${platform.id}`, { kind: 'error', message: 'That deployment is not registered for this platform.' });
    return sendPage(reply, <RemoveDeploymentPage ctx={pageContext(req, reply)} org={organization} platform={platform} deploymentId={deploymentId} />);
  });

  app.post('/admin/institutions/:slug/lti/:platformId/deployments/remove', { schema: { params: PlatformParams, body: FormFields } }, async (req, reply) => {
    await removeLtiDeployment(deps(), requireUser(req), { ...req.params, deploymentId: field(req.body, 'deploymentId'), ip: req.ip });
    return redirectWithFlash(reply, `${ltiBase(req.params)}/${req.params.platformId}`, { kind: 'success', message: 'The deployment was removed: its launches are refused.' });
  });

  app.get('/admin/institutions/:slug/lti/:platformId/placements', { schema: { params: PlatformParams } }, async (req, reply) => {
    const res = await listLtiPlacements(deps(), requireUser(req), req.params);
    return sendPage(reply, <LtiPlacementsPage ctx={pageContext(req, reply)} org={res.organization} platform={res.platform} placements={res.placements} />);
  });

  app.get('/admin/institutions/:slug/lti/:platformId/delete', { schema: { params: PlatformParams } }, async (req, reply) => {
    const { organization, platform } = await getLtiPlatform(deps(), requireUser(req), req.params);
    return sendPage(reply, <DeletePlatformPage ctx={pageContext(req, reply)} org={organization} platform={platform} />);
  });

  app.post('/admin/institutions/:slug/lti/:platformId/delete', { schema: { params: PlatformParams, body: FormFields } }, async (req, reply) => {
    const { name } = await deleteLtiPlatform(deps(), requireUser(req), { ...req.params, ip: req.ip });
    return redirectWithFlash(reply, ltiBase(req.params), { kind: 'success', message: `${name} was removed.` });
  });

  app.get('/admin/lti/keys', async (req, reply) => {
    const keys = await listToolKeys(deps(), requireUser(req));
    return sendPage(reply, <ToolKeysPage ctx={pageContext(req, reply)} keys={keys} jwksUrl={`${app.laurel.config.publicUrl}/lti/jwks.json`} />);
  });

  app.get('/admin/lti/keys/rotate', async (req, reply) => {
    await listToolKeys(deps(), requireUser(req));
    return sendPage(reply, <RotateToolKeyPage ctx={pageContext(req, reply)} />);
  });

  app.post('/admin/lti/keys/rotate', { schema: { body: FormFields } }, async (req, reply) => {
    const { kid } = await rotateToolKey(deps(), requireUser(req), { ip: req.ip });
    return redirectWithFlash(reply, '/admin/lti/keys', { kind: 'success', message: `Key ${kid} signs from now on; the previous key stays published for seven days.` });
  });
}
