// What a SAML identity provider and our service provider are configured with, how an identity
// provider's settings are checked before they are saved, and how the SP's own key pair is made.
import { X509Certificate } from 'node:crypto';
import { SsoConfigError } from './types.ts';

/** An identity provider as configured by an administrator (from its metadata or typed in). */
export interface SamlIdpSettings {
  entityId: string;
  /** Where AuthnRequests go (HTTP-Redirect binding). */
  ssoUrl: string;
  /** Where LogoutRequests go (HTTP-Redirect binding); null when the IdP offers no single logout. */
  sloUrl: string | null;
  /** PEM certificates whose keys may sign responses: one, or two while the IdP rolls its key over. */
  certificates: string[];
}

/** Our side of one identity provider: each configured IdP gets its own SP entity and endpoints. */
export interface SamlSpSettings {
  /** The SP metadata URL, e.g. https://laurel.example/sso/saml/<idpId>/metadata */
  entityId: string;
  /** .../sso/saml/<idpId>/acs — the only place a response for this IdP is accepted. */
  acsUrl: string;
  /** .../sso/saml/<idpId>/slo */
  sloUrl: string;
  /** Signs AuthnRequests and logout messages; decrypts encrypted assertions. */
  privateKeyPem: string;
  /** Published in SP metadata for signing and encryption. */
  certificatePem: string;
  /** Accepted clock difference with the IdP (admin setting, default 180000). */
  clockSkewMs: number;
  /**
   * Publish an encryption key in SP metadata (IdPs such as Shibboleth then encrypt) and refuse a
   * response whose assertion arrives unencrypted.
   */
  wantEncryptedAssertions: boolean;
}

const TEN_YEARS_MS = 10 * 365.25 * 24 * 3600_000;

/** A fresh RSA-2048 key and self-signed SHA-256 certificate valid for about ten years. */
export async function generateSpKeys(commonName: string): Promise<{ privateKeyPem: string; certificatePem: string }> {
  const notBeforeDate = new Date();
  const { generate } = await import('selfsigned'); // node-forge-sized: loaded when a key pair is made
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + TEN_YEARS_MS),
    // The default extensions add a DNS name equal to the common name, which is not a host name here.
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    ],
  });
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

function checkUrl(field: string, label: string, value: string): string {
  const v = value.trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new SsoConfigError(field, `The ${label} is not a web address. Give the full address, starting with https://.`);
  }
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new SsoConfigError(field, `The ${label} must start with https:// (http:// is accepted only for 127.0.0.1 or localhost, for testing).`);
  }
  if (url.username || url.password) throw new SsoConfigError(field, `The ${label} must not contain a user name or password.`);
  return v;
}

/** A certificate as PEM, whether it was given as PEM or as the bare base64 of metadata's X509Certificate. */
function toPem(value: string): string {
  const body = value.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function checkCertificate(value: string, position: number): string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(toPem(value));
  } catch {
    throw new SsoConfigError('certificates', `Certificate ${position} could not be read as an X.509 certificate (PEM, or the base64 text of the metadata's X509Certificate).`);
  }
  // XML signatures from IdPs are RSA in practice, and it is what the signature checker supports.
  if (cert.publicKey.asymmetricKeyType !== 'rsa') {
    throw new SsoConfigError('certificates', `Certificate ${position} holds a ${cert.publicKey.asymmetricKeyType ?? 'unknown'} key; only RSA signing keys are supported.`);
  }
  return cert.toString();
}

/**
 * Checks and normalises an identity provider's settings before they are saved: trimmed values, an
 * empty SLO URL as null, certificates as PEM without duplicates. Expiry dates of the certificates are
 * not checked: in SAML metadata a certificate is only a carrier of the key, and many IdPs keep using
 * long-expired self-signed ones.
 */
export function validateIdpSettings(s: SamlIdpSettings): SamlIdpSettings {
  const entityId = s.entityId.trim();
  if (!entityId) throw new SsoConfigError('entityId', 'Give the entity ID of the identity provider.');
  // saml-metadata §2.3.2: entityID is a URI of at most 1024 characters.
  if (entityId.length > 1024 || /\s/.test(entityId)) {
    throw new SsoConfigError('entityId', 'The entity ID must be a single URI without spaces, at most 1024 characters long.');
  }
  const ssoUrl = checkUrl('ssoUrl', 'single sign-on URL', s.ssoUrl);
  const sloUrl = s.sloUrl && s.sloUrl.trim() ? checkUrl('sloUrl', 'single logout URL', s.sloUrl) : null;
  if (s.certificates.length === 0) throw new SsoConfigError('certificates', 'Give the signing certificate of the identity provider.');
  if (s.certificates.length > 2) {
    throw new SsoConfigError('certificates', 'Give one signing certificate, or two while the identity provider changes its key.');
  }
  const certificates = [...new Set(s.certificates.map((c, i) => checkCertificate(c, i + 1)))];
  return { entityId, ssoUrl, sloUrl, certificates };
}
