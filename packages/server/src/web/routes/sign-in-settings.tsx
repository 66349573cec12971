// Pages where an organization's admin manages its sign-in: identity providers (add, edit, turn off,
// remove) and whether members may use passwords. Under /admin/institutions/:slug/sign-in.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createIdentityProvider, deleteIdentityProvider, getIdentityProvider, listIdentityProviders, setIdentityProviderStatus, setPasswordSignIn, updateIdentityProvider } from '../../domain/sso/identity-providers.ts';
import { ROLE_LABELS, rolesForKind } from '../../shared/roles.ts';
import { requireUser } from '../../kit/auth.ts';
import type { Organization } from '../../domain/institutions/institutions.ts';
import { DeleteIdpPage, IdpFormPage, idpFormValues, type IdpFormValues } from '../pages/sign-in-settings/idp-form.tsx';
import { signInBase, SignInSettingsPage } from '../pages/sign-in-settings/overview.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields, queryOf } from '../schemas.ts';
import { field, formErrors, type FormBody } from './forms.ts';
import { validationError } from '../../domain/errors.ts';

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) });
const IdpParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }), idpId: Type.String({ minLength: 1, maxLength: 200 }) });

function rolesHint(org: Organization): string {
  return rolesForKind(org.kind).map((r) => `${r} (${ROLE_LABELS[r]})`).join(', ');
}

function valuesFrom(body: FormBody): IdpFormValues {
  const v = idpFormValues();
  for (const k of Object.keys(v)) v[k] = field(body, k);
  return v;
}

const MAX_METADATA_FILE = 1_000_000;

/**
 * The identity-provider form: urlencoded, or multipart when it carries an uploaded metadata file (the
 * SAML form; its CSRF token is then in the action's query). An uploaded file takes the place of pasted
 * metadata.
 */
async function readIdpForm(req: FastifyRequest): Promise<FormBody> {
  if (!req.isMultipart()) return (req.body ?? {}) as FormBody;
  const out: Record<string, string> = {};
  let tooLarge = false;
  for await (const part of req.parts({ limits: { fileSize: MAX_METADATA_FILE, files: 1, fields: 40 } })) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.file.truncated) tooLarge = true;
      else if (part.filename && data.length) out.metadataXml = data.toString('utf8');
    } else if (part.fieldname !== 'metadataXml' || !out.metadataXml) out[part.fieldname] = String(part.value);
  }
  if (tooLarge) throw validationError({ metadataFile: 'The metadata file is larger than 1 MB: check it is the IdP’s metadata XML.' }, 'The identity provider was not saved. Correct the fields marked below.');
  return out;
}

export function registerSignInSettingsPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/admin/institutions/:slug/sign-in', { schema: { params: SlugParams } }, async (req, reply) => {
    const res = await listIdentityProviders(deps(), requireUser(req), { slug: req.params.slug });
    return sendPage(reply, <SignInSettingsPage ctx={pageContext(req, reply)} org={res.organization} providers={res.providers} passwordSignIn={res.passwordSignIn} errors={{}} />);
  });

  app.post('/admin/institutions/:slug/sign-in/passwords', { schema: { params: SlugParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const allowed = field(req.body, 'passwordSignIn') !== 'off';
    try {
      await setPasswordSignIn(deps(), actor, { slug: req.params.slug, allowed, ip: req.ip });
    } catch (err) {
      const { fields } = formErrors(err);
      const res = await listIdentityProviders(deps(), actor, { slug: req.params.slug });
      return sendPage(reply, <SignInSettingsPage ctx={pageContext(req, reply)} org={res.organization} providers={res.providers} passwordSignIn={res.passwordSignIn} errors={fields} />, 422);
    }
    return redirectWithFlash(reply, `/admin/institutions/${req.params.slug}/sign-in`, { kind: 'success', message: allowed ? 'Members may sign in with a password again.' : 'Members now sign in only through an identity provider.' });
  });

  app.get('/admin/institutions/:slug/sign-in/new', { schema: { params: SlugParams, querystring: queryOf('protocol') } }, async (req, reply) => {
    const res = await listIdentityProviders(deps(), requireUser(req), { slug: req.params.slug });
    const protocol = req.query.protocol === 'oidc' ? 'oidc' : 'saml';
    return sendPage(reply, <IdpFormPage ctx={pageContext(req, reply)} org={res.organization} protocol={protocol} v={idpFormValues()} errors={{}} roles={rolesHint(res.organization)} />);
  });

  // Urlencoded or multipart (an uploaded metadata file): read by readIdpForm, so no body schema.
  app.post('/admin/institutions/:slug/sign-in', { schema: { params: SlugParams, querystring: queryOf('protocol', '_csrf') } }, async (req, reply) => {
    const actor = requireUser(req);
    const protocol = req.query.protocol === 'oidc' ? 'oidc' : 'saml';
    let body: FormBody = {};
    try {
      body = await readIdpForm(req);
      const p = await createIdentityProvider(deps(), actor, { slug: req.params.slug, protocol, fields: body, ip: req.ip });
      return redirectWithFlash(reply, `${signInBase({ slug: req.params.slug })}/${p.id}`, { kind: 'success', message: `${p.name} was added. Give the values below to your identity provider's administrator, then try signing in.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const res = await listIdentityProviders(deps(), actor, { slug: req.params.slug });
      return sendPage(reply, <IdpFormPage ctx={pageContext(req, reply)} org={res.organization} protocol={protocol} v={valuesFrom(body)} errors={fields} message={message} roles={rolesHint(res.organization)} />, 422);
    }
  });

  app.get('/admin/institutions/:slug/sign-in/:idpId', { schema: { params: IdpParams } }, async (req, reply) => {
    const { organization, provider } = await getIdentityProvider(deps(), requireUser(req), { slug: req.params.slug, idpId: req.params.idpId });
    return sendPage(reply, <IdpFormPage ctx={pageContext(req, reply)} org={organization} protocol={provider.protocol} v={idpFormValues(provider)} errors={{}} provider={provider} roles={rolesHint(organization)} />);
  });

  app.post('/admin/institutions/:slug/sign-in/:idpId', { schema: { params: IdpParams, querystring: queryOf('_csrf') } }, async (req, reply) => {
    const actor = requireUser(req);
    const { slug, idpId } = req.params;
    let body: FormBody = {};
    try {
      body = await readIdpForm(req);
      const p = await updateIdentityProvider(deps(), actor, { slug, idpId, fields: body, ip: req.ip });
      return redirectWithFlash(reply, `${signInBase({ slug })}/${p.id}`, { kind: 'success', message: `${p.name} was saved.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const { organization, provider } = await getIdentityProvider(deps(), actor, { slug, idpId });
      return sendPage(reply, <IdpFormPage ctx={pageContext(req, reply)} org={organization} protocol={provider.protocol} v={{ ...valuesFrom(body), clientSecret: '' }} errors={fields} message={message} provider={provider} roles={rolesHint(organization)} />, 422);
    }
  });

  app.post('/admin/institutions/:slug/sign-in/:idpId/status', { schema: { params: IdpParams, body: FormFields } }, async (req, reply) => {
    const { slug, idpId } = req.params;
    const status = field(req.body, 'status');
    try {
      await setIdentityProviderStatus(deps(), requireUser(req), { slug, idpId, status, ip: req.ip });
    } catch (err) {
      const { message } = formErrors(err);
      return redirectWithFlash(reply, `${signInBase({ slug })}/${idpId}`, { kind: 'error', message: message ?? 'The status was not changed.' });
    }
    return redirectWithFlash(reply, `${signInBase({ slug })}/${idpId}`, { kind: 'success', message: status === 'active' ? 'Turned on: it shows on the sign-in page.' : 'Turned off: nobody can sign in with it until it is turned on again.' });
  });

  app.get('/admin/institutions/:slug/sign-in/:idpId/delete', { schema: { params: IdpParams } }, async (req, reply) => {
    const { organization, provider } = await getIdentityProvider(deps(), requireUser(req), { slug: req.params.slug, idpId: req.params.idpId });
    return sendPage(reply, <DeleteIdpPage ctx={pageContext(req, reply)} org={organization} provider={provider} />);
  });

  app.post('/admin/institutions/:slug/sign-in/:idpId/delete', { schema: { params: IdpParams, body: FormFields } }, async (req, reply) => {
    const { slug, idpId } = req.params;
    try {
      const { name } = await deleteIdentityProvider(deps(), requireUser(req), { slug, idpId, ip: req.ip });
      return redirectWithFlash(reply, signInBase({ slug }), { kind: 'success', message: `${name} was removed.` });
    } catch (err) {
      const { message } = formErrors(err);
      return redirectWithFlash(reply, `${signInBase({ slug })}/${idpId}`, { kind: 'error', message: message ?? 'It was not removed.' });
    }
  });
}
