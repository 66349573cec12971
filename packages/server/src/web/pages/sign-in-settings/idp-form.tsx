// Adding or editing one identity provider: the protocol settings, the attribute mapping and role
// rules, and (once saved) the values the IdP's administrator needs from Laurel.
import type { Organization } from '../../../domain/institutions/institutions.ts';
import type { IdentityProviderView } from '../../../domain/sso/identity-providers.ts';
import { rulesText } from '../../../domain/sso/mapping.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Button, ConfirmForm, Csrf, ErrorSummary, StatusAndRemove, TextArea, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { PROTOCOL_LABELS, signInBase } from './overview.tsx';

export type IdpFormValues = Record<string, string>;

export function idpFormValues(p?: IdentityProviderView): IdpFormValues {
  const s = p?.saml;
  const o = p?.oidc;
  return {
    name: p?.name ?? '',
    metadataXml: '',
    metadataUrl: s?.metadataUrl ?? '',
    entityId: s?.entityId ?? '',
    ssoUrl: s?.ssoUrl ?? '',
    sloUrl: s?.sloUrl ?? '',
    certificates: s?.certificates.join('\n') ?? '',
    clockSkewSeconds: String(s?.clockSkewSeconds ?? 180),
    wantEncryptedAssertions: s?.wantEncryptedAssertions ? 'on' : '',
    issuer: o?.issuer ?? '',
    clientId: o?.clientId ?? '',
    clientSecret: '',
    scopes: o?.scopes ?? 'openid email profile',
    emailDomains: p?.mapping.emailDomains.join(', ') ?? '',
    emailAttribute: p?.mapping.emailAttribute ?? '',
    nameAttribute: p?.mapping.nameAttribute ?? '',
    idAttribute: p?.mapping.idAttribute ?? '',
    groupsAttribute: p?.mapping.groupsAttribute ?? '',
    roleRules: p ? rulesText(p.mapping.rules) : '',
  };
}

function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <div class="margin-bottom-1">
      <dt class="text-bold">{label}</dt>
      <dd class="margin-left-0">
        <code class="text-wrap">{value}</code>
      </dd>
    </div>
  );
}

function ForTheIdp({ p }: { p: IdentityProviderView }) {
  const e = p.endpoints;
  return (
    <section aria-labelledby="for-idp-heading" class="bg-base-lightest padding-2 margin-bottom-3">
      <h2 id="for-idp-heading" class="margin-top-0">
        For your identity provider's administrator
      </h2>
      {p.protocol === 'saml' ? (
        <dl>
          <Copyable label="Service provider metadata (load this URL, or download it)" value={e.samlMetadata} />
          <Copyable label="Entity ID" value={e.samlMetadata} />
          <Copyable label="Assertion consumer service (HTTP-POST)" value={e.samlAcs} />
          <Copyable label="Single logout service (HTTP-Redirect)" value={e.samlSlo} />
        </dl>
      ) : (
        <dl>
          <Copyable label="Redirect URI" value={e.oidcRedirect} />
          <Copyable label="Post-logout redirect URI" value={e.oidcPostLogout} />
        </dl>
      )}
      {p.protocol === 'saml' ? (
        <p>
          <a href={e.samlMetadata}>Open Laurel's metadata for this connection</a>
        </p>
      ) : null}
    </section>
  );
}

function SamlFields({ v, errors, editing }: { v: IdpFormValues; errors: Record<string, string>; editing: boolean }) {
  return (
    <fieldset class="usa-fieldset">
      <legend class="usa-legend usa-legend--large">The identity provider</legend>
      <div class={`usa-form-group${errors.metadataFile ? ' usa-form-group--error' : ''}`}>
        <label class="usa-label" for="metadataFile">
          Upload the IdP metadata file
        </label>
        <div class="usa-hint" id="metadataFile-hint">
          An .xml file; or paste it, or give its address, below.
        </div>
        {errors.metadataFile ? (
          <span class="usa-error-message" id="metadataFile-error" role="alert">
            {errors.metadataFile}
          </span>
        ) : null}
        <input class="usa-file-input" id="metadataFile" name="metadataFile" type="file" accept=".xml,application/xml,text/xml,application/samlmetadata+xml" aria-describedby={errors.metadataFile ? 'metadataFile-hint metadataFile-error' : 'metadataFile-hint'} />
      </div>
      <TextArea name="metadataXml" label="IdP metadata (paste the XML)" hint={editing ? 'Paste new metadata to replace the settings below (for example when the IdP adds a new signing certificate). Leave empty to keep them.' : 'The quickest way: paste the IdP’s metadata XML, or give its address below.'} value={v.metadataXml} error={errors.metadata ?? errors.metadataXml} rows={6} />
      <TextInput name="metadataUrl" label="Or the address of the IdP metadata" type="url" hint="Fetched once when you save (https)." value={v.metadataUrl} error={errors.metadataUrl} />
      <details class="margin-top-2" open={Boolean(errors.entityId || errors.ssoUrl || errors.sloUrl || errors.certificates)}>
        <summary>Or enter the settings by hand</summary>
        <TextInput name="entityId" label="IdP entity ID" value={v.entityId} error={errors.entityId} />
        <TextInput name="ssoUrl" label="Single sign-on URL (HTTP-Redirect)" type="url" value={v.ssoUrl} error={errors.ssoUrl} />
        <TextInput name="sloUrl" label="Single logout URL (optional)" type="url" value={v.sloUrl} error={errors.sloUrl} />
        <TextArea name="certificates" label="Signing certificates (PEM)" hint="One, or two while the IdP rolls over to a new certificate: both are accepted." value={v.certificates} error={errors.certificates} rows={6} />
      </details>
      <TextInput name="clockSkewSeconds" label="Clock skew allowed (seconds)" inputMode="numeric" hint="How far the IdP’s clock may differ from Laurel’s. 180 unless you know better." value={v.clockSkewSeconds} error={errors.clockSkewSeconds} />
      <div class="usa-checkbox margin-top-2">
        <input class="usa-checkbox__input" id="wantEncryptedAssertions" type="checkbox" name="wantEncryptedAssertions" value="on" checked={v.wantEncryptedAssertions === 'on'} />
        <label class="usa-checkbox__label" for="wantEncryptedAssertions">
          Require encrypted assertions
          <span class="usa-checkbox__label-description">The IdP encrypts with the certificate in Laurel’s metadata. Signed assertions are always required.</span>
        </label>
      </div>
    </fieldset>
  );
}

function OidcFields({ v, errors, hasSecret }: { v: IdpFormValues; errors: Record<string, string>; hasSecret: boolean }) {
  return (
    <fieldset class="usa-fieldset">
      <legend class="usa-legend usa-legend--large">The OpenID Provider</legend>
      <TextInput name="issuer" label="Issuer" type="url" hint="For example https://login.microsoftonline.com/<tenant>/v2.0 or https://accounts.google.com. Laurel reads its discovery document when you save." value={v.issuer} error={errors.issuer} />
      <TextInput name="clientId" label="Client ID" value={v.clientId} error={errors.clientId} />
      <TextInput name="clientSecret" label={hasSecret ? 'Client secret (leave empty to keep the current one)' : 'Client secret (empty for a public client using PKCE only)'} type="password" autocomplete="off" value="" error={errors.clientSecret} />
      <TextInput name="scopes" label="Scopes" hint="Must include openid. Add groups or roles if your provider needs a scope for them." value={v.scopes} error={errors.scopes} />
    </fieldset>
  );
}

function MappingFields({ v, errors, protocol, roles }: { v: IdpFormValues; errors: Record<string, string>; protocol: 'saml' | 'oidc'; roles: string }) {
  const saml = protocol === 'saml';
  return (
    <fieldset class="usa-fieldset">
      <legend class="usa-legend usa-legend--large">People and roles</legend>
      <TextInput name="emailDomains" label="Email domains" hint="The domains your people have addresses in, separated by commas, for example prairie.edu, students.prairie.edu. Laurel links or makes accounts only for these addresses." value={v.emailDomains} error={errors.emailDomains} />
      <TextInput name="emailAttribute" label="Email attribute (optional)" hint={saml ? 'Empty: mail (urn:oid:0.9.2342.19200300.100.1.3) or email.' : 'Empty: the email claim.'} value={v.emailAttribute} error={errors.emailAttribute} />
      <TextInput name="nameAttribute" label="Name attribute (optional)" hint={saml ? 'Empty: displayName (urn:oid:2.16.840.1.113730.3.1.241).' : 'Empty: the name claim.'} value={v.nameAttribute} error={errors.nameAttribute} />
      <TextInput name="idAttribute" label="Stable id attribute (optional)" hint={saml ? 'Empty: pairwise-id, subject-id, then eduPersonPrincipalName, then the NameID.' : 'Empty: sub.'} value={v.idAttribute} error={errors.idAttribute} />
      <TextInput name="groupsAttribute" label="Affiliation or groups attribute (optional)" hint={saml ? 'Empty: eduPersonScopedAffiliation, then eduPersonAffiliation, then groups.' : 'Empty: the groups claim, then roles.'} value={v.groupsAttribute} error={errors.groupsAttribute} />
      <TextArea
        name="roleRules"
        label="Role rules"
        hint={`One per line, "value = role". A value matches exactly, or the part before @ of a scoped value (faculty matches faculty@prairie.edu). Roles: ${roles}. Everyone else is an earner.`}
        value={v.roleRules}
        error={errors.roleRules}
        rows={4}
      />
    </fieldset>
  );
}

export function IdpFormPage({ ctx, org, protocol, v, errors, message, provider, roles }: { ctx: PageContext; org: Organization; protocol: 'saml' | 'oidc'; v: IdpFormValues; errors: Record<string, string>; message?: string | undefined; provider?: IdentityProviderView; roles: string }) {
  const base = signInBase(org);
  const title = provider ? `Edit ${provider.name}` : `Add a${protocol === 'oidc' ? 'n' : ''} ${PROTOCOL_LABELS[protocol]} identity provider`;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Sign-in for ${org.name}`, href: base }]} current={provider ? provider.name : 'Add'} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} message={message} />
      {provider ? <ForTheIdp p={provider} /> : <p>Once saved, this page shows the addresses to give your identity provider's administrator.</p>}
      <form
        class="usa-form usa-form--large"
        method="post"
        action={`${provider ? `${base}/${provider.id}?` : `${base}?protocol=${protocol}&`}_csrf=${encodeURIComponent(ctx.csrf)}`}
        encType={protocol === 'saml' ? 'multipart/form-data' : undefined}
        novalidate
      >
        <Csrf token={ctx.csrf} />
        <TextInput name="name" label="Name on the sign-in page" hint={`People see “Sign in with …”. Empty: ${org.name}.`} value={v.name} error={errors.name} maxLength={120} />
        {protocol === 'saml' ? <SamlFields v={v} errors={errors} editing={Boolean(provider)} /> : <OidcFields v={v} errors={errors} hasSecret={Boolean(provider?.oidc?.hasClientSecret)} />}
        <MappingFields v={v} errors={errors} protocol={protocol} roles={roles} />
        <Button>{provider ? 'Save changes' : 'Add identity provider'}</Button>
      </form>
      {provider ? <StatusAndRemove csrf={ctx.csrf} base={`${base}/${provider.id}`} active={provider.status === 'active'} /> : null}
    </Page>
  );
}

export function DeleteIdpPage({ ctx, org, provider }: { ctx: PageContext; org: Organization; provider: IdentityProviderView }) {
  const base = signInBase(org);
  return (
    <Page ctx={ctx} title={`Remove ${provider.name}?`}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Sign-in for ${org.name}`, href: base }, { label: provider.name, href: `${base}/${provider.id}` }]} current="Remove" />
      <h1>Remove {provider.name}?</h1>
      <p>
        {provider.identities} {provider.identities === 1 ? 'person signs' : 'people sign'} in with it. Their Laurel accounts, badges and roles stay, but they can no longer sign in this way, and their sessions from it end now. Roles the rules gave them stay until someone removes them.
      </p>
      <ConfirmForm csrf={ctx.csrf} action={`${base}/${provider.id}/delete`} cancel={`${base}/${provider.id}`} label="Remove identity provider" variant="secondary" />
    </Page>
  );
}
