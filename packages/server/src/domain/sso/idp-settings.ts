// An identity provider's protocol settings: read from the admin's form (SAML metadata pasted or fetched
// through the SSRF-guarded fetcher, or typed in; OpenID Connect discovery), checked by the protocol
// adapters before anything is saved, and turned back into what the adapters need at sign-in.
import type { SamlIdpSettings, SamlSpSettings } from '../../sso/saml.ts';
import { generateSpKeys, parseIdpMetadata, validateIdpSettings } from '../../sso/saml.ts';
import { discoverOidc, validateOidcSettings, type OidcMetadata, type OidcSettings } from '../../sso/oidc.ts';
import { SsoConfigError } from '../../sso/types.ts';
import type { IdentityProviderRecord } from '../../storage/repositories/identity-providers.ts';
import type { Deps } from '../deps.ts';

export const DEFAULT_CLOCK_SKEW_SECONDS = 180;
const MAX_METADATA_BYTES = 1_000_000;

export interface SamlStored {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly sloUrl: string | null;
  readonly certificates: string[];
  readonly metadataUrl: string | null;
  readonly clockSkewSeconds: number;
  readonly wantEncryptedAssertions: boolean;
  readonly spCertificatePem: string;
}

export interface OidcStored {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: string;
  readonly metadata: OidcMetadata;
}

export interface Secrets {
  spPrivateKeyPem?: string;
  clientSecret?: string | null;
}

function sealContext(idpId: string): string {
  return `laurel:identity_provider:${idpId}`;
}

export function sealSecrets(deps: Pick<Deps, 'secrets'>, idpId: string, s: Secrets): string {
  return deps.secrets.seal(JSON.stringify(s), sealContext(idpId));
}

export function openSecrets(deps: Pick<Deps, 'secrets'>, idp: Pick<IdentityProviderRecord, 'id' | 'secretsSealed'>): Secrets {
  return idp.secretsSealed ? (JSON.parse(deps.secrets.open(idp.secretsSealed, sealContext(idp.id))) as Secrets) : {};
}

/** Laurel's addresses for one identity provider: what the IdP's administrator registers. */
export function spEndpoints(deps: Pick<Deps, 'config'>, idpId: string) {
  const base = `${deps.config.publicUrl}/sso`;
  return {
    samlMetadata: `${base}/saml/${idpId}/metadata`,
    samlAcs: `${base}/saml/${idpId}/acs`,
    samlSlo: `${base}/saml/${idpId}/slo`,
    oidcRedirect: `${base}/oidc/${idpId}/callback`,
    oidcPostLogout: `${base}/signed-out`,
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Hosts allowed over plain http (LAUREL_FETCH_ALLOW_HOSTS: an intranet IdP, the tests' local IdPs). */
export function httpAllowed(deps: Pick<Deps, 'config'>): readonly string[] {
  return deps.config.fetchAllowHosts;
}

async function metadataFrom(deps: Deps, url: string): Promise<string> {
  let res;
  try {
    res = await deps.remote.get(url, { accept: 'application/samlmetadata+xml, application/xml, text/xml', maxBytes: MAX_METADATA_BYTES });
  } catch {
    res = null;
  }
  if (!res) throw new SsoConfigError('metadataUrl', `The metadata could not be fetched from ${url.slice(0, 200)}. Check the address, or paste the metadata instead.`);
  return res.body.toString('utf8');
}

/** SAML settings from the form; the SP key pair is kept when editing, made when adding. */
export async function samlSettingsFrom(deps: Deps, input: Record<string, unknown>, existing: { settings: SamlStored; secrets: Secrets } | null, commonName: string): Promise<{ settings: SamlStored; secrets: Secrets }> {
  const metadataXml = text(input.metadataXml);
  const metadataUrl = text(input.metadataUrl) || null;
  let idp: SamlIdpSettings;
  if (metadataXml) idp = parseIdpMetadata(metadataXml);
  else if (metadataUrl) {
    if (!/^https?:\/\//i.test(metadataUrl)) throw new SsoConfigError('metadataUrl', 'Enter the metadata address starting with https://.');
    idp = parseIdpMetadata(await metadataFrom(deps, metadataUrl));
  } else {
    const certificates = text(input.certificates)
      .split(/(?=-----BEGIN CERTIFICATE-----)/)
      .map((c) => c.trim())
      .filter(Boolean);
    if (!text(input.entityId) && !text(input.ssoUrl) && certificates.length === 0 && existing) {
      idp = { entityId: existing.settings.entityId, ssoUrl: existing.settings.ssoUrl, sloUrl: existing.settings.sloUrl, certificates: existing.settings.certificates };
    } else {
      idp = validateIdpSettings({ entityId: text(input.entityId), ssoUrl: text(input.ssoUrl), sloUrl: text(input.sloUrl) || null, certificates });
    }
  }
  const skewText = text(input.clockSkewSeconds);
  const skew = skewText === '' ? DEFAULT_CLOCK_SKEW_SECONDS : Number(skewText);
  if (!Number.isInteger(skew) || skew < 0 || skew > 900) throw new SsoConfigError('clockSkewSeconds', 'Enter the clock skew as whole seconds from 0 to 900 (15 minutes).');
  const keys = existing?.secrets.spPrivateKeyPem ? { privateKeyPem: existing.secrets.spPrivateKeyPem, certificatePem: existing.settings.spCertificatePem } : await generateSpKeys(commonName);
  return {
    settings: {
      entityId: idp.entityId,
      ssoUrl: idp.ssoUrl,
      sloUrl: idp.sloUrl,
      certificates: idp.certificates,
      metadataUrl: metadataXml ? null : metadataUrl,
      clockSkewSeconds: skew,
      wantEncryptedAssertions: input.wantEncryptedAssertions === 'on' || input.wantEncryptedAssertions === true || input.wantEncryptedAssertions === 'true',
      spCertificatePem: keys.certificatePem,
    },
    secrets: { spPrivateKeyPem: keys.privateKeyPem },
  };
}

/** OpenID Connect settings from the form; discovery must answer before anything is saved. */
export async function oidcSettingsFrom(deps: Deps, input: Record<string, unknown>, existing: { settings: OidcStored; secrets: Secrets } | null): Promise<{ settings: OidcStored; secrets: Secrets }> {
  const typedSecret = text(input.clientSecret);
  const secret = typedSecret || existing?.secrets.clientSecret || null;
  const s = validateOidcSettings({ issuer: text(input.issuer), clientId: text(input.clientId), clientSecret: secret, scopes: text(input.scopes) || 'openid email profile' }, { allowHttpHosts: httpAllowed(deps) });
  const metadata = await discoverOidc(s, { fetch: deps.fetch, allowHttp: isHttpAllowed(deps, s.issuer) });
  return { settings: { issuer: s.issuer, clientId: s.clientId, scopes: s.scopes, metadata }, secrets: { clientSecret: s.clientSecret } };
}

export function isHttpAllowed(deps: Pick<Deps, 'config'>, url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && httpAllowed(deps).includes(u.hostname);
  } catch {
    return false;
  }
}

/** What the SAML adapter needs for this IdP. */
export function samlParts(deps: Deps, idp: IdentityProviderRecord): { sp: SamlSpSettings; idp: SamlIdpSettings } {
  const s = idp.settings as unknown as SamlStored;
  const e = spEndpoints(deps, idp.id);
  const secrets = openSecrets(deps, idp);
  return {
    sp: { entityId: e.samlMetadata, acsUrl: e.samlAcs, sloUrl: e.samlSlo, privateKeyPem: secrets.spPrivateKeyPem ?? '', certificatePem: s.spCertificatePem, clockSkewMs: s.clockSkewSeconds * 1000, wantEncryptedAssertions: s.wantEncryptedAssertions },
    idp: { entityId: s.entityId, ssoUrl: s.ssoUrl, sloUrl: s.sloUrl, certificates: s.certificates },
  };
}

/** What the OpenID Connect adapter needs for this IdP. */
export function oidcParts(deps: Deps, idp: IdentityProviderRecord): { settings: OidcSettings; metadata: OidcMetadata; allowHttp: boolean } {
  const s = idp.settings as unknown as OidcStored;
  return { settings: { issuer: s.issuer, clientId: s.clientId, clientSecret: openSecrets(deps, idp).clientSecret ?? null, scopes: s.scopes }, metadata: s.metadata, allowHttp: isHttpAllowed(deps, s.issuer) };
}
