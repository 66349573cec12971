// /institutions/:slug/identity-providers and /institutions/:slug/sign-in: an organization's single
// sign-on, for its admin (the Regents' for the system admin). The same use cases as the pages.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { createIdentityProvider, deleteIdentityProvider, getIdentityProvider, listIdentityProviders, setIdentityProviderStatus, setPasswordSignIn, updateIdentityProvider, type IdentityProviderView } from '../../../domain/sso/identity-providers.ts';
import { rulesText } from '../../../domain/sso/mapping.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses } from './schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const IdpSchema = Type.Object(
  {
    id: Type.String(),
    protocol: Type.Union([Type.Literal('saml'), Type.Literal('oidc')]),
    name: Type.String(),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    saml: Nullable(
      Type.Object({
        idp_entity_id: Type.String(),
        sso_url: Type.String(),
        slo_url: Nullable(Type.String()),
        certificates: Type.Array(Type.String()),
        metadata_url: Nullable(Type.String()),
        clock_skew_seconds: Type.Integer(),
        want_encrypted_assertions: Type.Boolean(),
        sp_metadata_url: Type.String(),
        sp_entity_id: Type.String(),
        acs_url: Type.String(),
        slo_service_url: Type.String(),
      }),
    ),
    oidc: Nullable(Type.Object({ issuer: Type.String(), client_id: Type.String(), scopes: Type.String(), has_client_secret: Type.Boolean(), redirect_uri: Type.String(), post_logout_redirect_uri: Type.String() })),
    mapping: Type.Object({ email_domains: Type.Array(Type.String()), email_attribute: Type.String(), name_attribute: Type.String(), id_attribute: Type.String(), groups_attribute: Type.String(), role_rules: Type.Array(Type.Object({ value: Type.String(), role: Type.String() })) }),
    people_linked: Type.Integer(),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'IdentityProvider' },
);

/** The body for adding or editing: the fields of the page's form (strings), in snake case or as the form names them. */
const IdpInput = Type.Object(
  {
    protocol: Type.Optional(Type.Union([Type.Literal('saml'), Type.Literal('oidc')])),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    metadata_xml: Type.Optional(Type.String({ maxLength: 1_000_000 })),
    metadata_url: Type.Optional(Type.String({ maxLength: 2000 })),
    idp_entity_id: Type.Optional(Type.String({ maxLength: 2000 })),
    sso_url: Type.Optional(Type.String({ maxLength: 2000 })),
    slo_url: Type.Optional(Type.String({ maxLength: 2000 })),
    certificates: Type.Optional(Type.Array(Type.String({ maxLength: 20_000 }), { maxItems: 2 })),
    clock_skew_seconds: Type.Optional(Type.Integer()),
    want_encrypted_assertions: Type.Optional(Type.Boolean()),
    issuer: Type.Optional(Type.String({ maxLength: 2000 })),
    client_id: Type.Optional(Type.String({ maxLength: 500 })),
    client_secret: Type.Optional(Type.String({ maxLength: 2000 })),
    scopes: Type.Optional(Type.String({ maxLength: 500 })),
    email_domains: Type.Optional(Type.Array(Type.String({ maxLength: 253 }), { maxItems: 20 })),
    email_attribute: Type.Optional(Type.String({ maxLength: 300 })),
    name_attribute: Type.Optional(Type.String({ maxLength: 300 })),
    id_attribute: Type.Optional(Type.String({ maxLength: 300 })),
    groups_attribute: Type.Optional(Type.String({ maxLength: 300 })),
    role_rules: Type.Optional(Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 500 }), role: Type.String({ maxLength: 50 }) }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
type IdpInput = Static<typeof IdpInput>;
const IdpPatch = Type.Object({ ...IdpInput.properties, status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])) }, { additionalProperties: false });

function out(p: IdentityProviderView) {
  const e = p.endpoints;
  return {
    id: p.id,
    protocol: p.protocol,
    name: p.name,
    status: p.status,
    saml: p.saml && { idp_entity_id: p.saml.entityId, sso_url: p.saml.ssoUrl, slo_url: p.saml.sloUrl, certificates: p.saml.certificates, metadata_url: p.saml.metadataUrl, clock_skew_seconds: p.saml.clockSkewSeconds, want_encrypted_assertions: p.saml.wantEncryptedAssertions, sp_metadata_url: e.samlMetadata, sp_entity_id: e.samlMetadata, acs_url: e.samlAcs, slo_service_url: e.samlSlo },
    oidc: p.oidc && { issuer: p.oidc.issuer, client_id: p.oidc.clientId, scopes: p.oidc.scopes, has_client_secret: p.oidc.hasClientSecret, redirect_uri: e.oidcRedirect, post_logout_redirect_uri: e.oidcPostLogout },
    mapping: { email_domains: [...p.mapping.emailDomains], email_attribute: p.mapping.emailAttribute, name_attribute: p.mapping.nameAttribute, id_attribute: p.mapping.idAttribute, groups_attribute: p.mapping.groupsAttribute, role_rules: p.mapping.rules.map((r) => ({ ...r })) },
    people_linked: p.identities,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** The JSON body as the use case's form fields (the same names the page posts). */
function fieldsOf(b: IdpInput, current?: IdentityProviderView): Record<string, unknown> {
  const keep = current ? out(current) : undefined;
  const pick = <T>(v: T | undefined, fallback: T | undefined) => (v !== undefined ? v : fallback);
  return {
    name: pick(b.name, keep?.name),
    metadataXml: b.metadata_xml,
    metadataUrl: b.metadata_url,
    entityId: b.idp_entity_id,
    ssoUrl: b.sso_url,
    sloUrl: b.slo_url,
    certificates: b.certificates?.join('\n'),
    clockSkewSeconds: String(pick(b.clock_skew_seconds, keep?.saml?.clock_skew_seconds) ?? ''),
    wantEncryptedAssertions: pick(b.want_encrypted_assertions, keep?.saml?.want_encrypted_assertions) ? 'on' : '',
    issuer: pick(b.issuer, keep?.oidc?.issuer),
    clientId: pick(b.client_id, keep?.oidc?.client_id),
    clientSecret: b.client_secret,
    scopes: pick(b.scopes, keep?.oidc?.scopes),
    emailDomains: pick(b.email_domains, keep?.mapping.email_domains)?.join(', '),
    emailAttribute: pick(b.email_attribute, keep?.mapping.email_attribute),
    nameAttribute: pick(b.name_attribute, keep?.mapping.name_attribute),
    idAttribute: pick(b.id_attribute, keep?.mapping.id_attribute),
    groupsAttribute: pick(b.groups_attribute, keep?.mapping.groups_attribute),
    roleRules: rulesText(pick(b.role_rules, keep?.mapping.role_rules) ?? []),
  };
}

export function registerIdentityProviderApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const Slug = Type.Object({ slug: Type.String({ maxLength: 200 }) });
  const SlugId = Type.Object({ slug: Type.String({ maxLength: 200 }), id: Type.String({ maxLength: 200 }) });
  const tags = ['Single sign-on'];
  app.addSchema(IdpSchema);

  app.get('/institutions/:slug/sign-in', { schema: { tags, summary: "An organization's sign-in: password sign-in on or off, and its identity providers", params: Slug, response: { 200: Type.Object({ password_sign_in: Type.Boolean(), identity_providers: Type.Array(Type.Ref('IdentityProvider')) }), ...errorResponses(401, 403, 404) } } }, async (req) => {
    const res = await listIdentityProviders(deps(), requireUser(req), { slug: req.params.slug });
    return { password_sign_in: res.passwordSignIn, identity_providers: res.providers.map(out) };
  });

  app.put('/institutions/:slug/sign-in', { schema: { tags, summary: 'Turn password sign-in for members on or off (off needs an identity provider turned on)', params: Slug, body: Type.Object({ password_sign_in: Type.Boolean() }, { additionalProperties: false }), response: { 200: Type.Object({ password_sign_in: Type.Boolean() }), ...errorResponses(401, 403, 404, 422) } } }, async (req) => {
    await setPasswordSignIn(deps(), requireUser(req), { slug: req.params.slug, allowed: req.body.password_sign_in, ip: req.ip });
    return { password_sign_in: req.body.password_sign_in };
  });

  app.post('/institutions/:slug/identity-providers', { schema: { tags, summary: 'Add an identity provider (SAML metadata or settings checked, OpenID Connect discovery fetched, before anything is saved)', params: Slug, body: IdpInput, response: { 201: Type.Ref('IdentityProvider'), ...errorResponses(401, 403, 404, 422) } } }, async (req, reply) => {
    const p = await createIdentityProvider(deps(), requireUser(req), { slug: req.params.slug, protocol: req.body.protocol, fields: fieldsOf(req.body), ip: req.ip });
    return reply.status(201).header('location', `/api/v1/institutions/${req.params.slug}/identity-providers/${p.id}`).send(out(p));
  });

  app.get('/institutions/:slug/identity-providers/:id', { schema: { tags, summary: 'One identity provider, with the values its administrator needs from Laurel', params: SlugId, response: { 200: Type.Ref('IdentityProvider'), ...errorResponses(401, 403, 404) } } }, async (req) => {
    return out((await getIdentityProvider(deps(), requireUser(req), { slug: req.params.slug, idpId: req.params.id })).provider);
  });

  app.patch('/institutions/:slug/identity-providers/:id', { schema: { tags, summary: 'Edit an identity provider (fields left out keep their value)', params: SlugId, body: IdpPatch, response: { 200: Type.Ref('IdentityProvider'), ...errorResponses(401, 403, 404, 422) } } }, async (req) => {
    const actor = requireUser(req);
    const key = { slug: req.params.slug, idpId: req.params.id };
    const { status, ...rest } = req.body;
    let current = (await getIdentityProvider(deps(), actor, key)).provider;
    if (Object.keys(rest).length) current = await updateIdentityProvider(deps(), actor, { ...key, fields: fieldsOf(rest, current), ip: req.ip });
    if (status) await setIdentityProviderStatus(deps(), actor, { ...key, status, ip: req.ip });
    return out((await getIdentityProvider(deps(), actor, key)).provider);
  });

  app.delete('/institutions/:slug/identity-providers/:id', { schema: { tags, summary: 'Remove an identity provider (accounts stay; its sessions end)', params: SlugId, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) } } }, async (req, reply) => {
    await deleteIdentityProvider(deps(), requireUser(req), { slug: req.params.slug, idpId: req.params.id, ip: req.ip });
    return reply.status(204).send(null);
  });
}
