// Our service provider's SAML metadata, for the identity provider's administrator to load. Its own module
// so that node-saml loads only when metadata is asked for (sso/saml.ts imports it on first use).
import { createHash } from 'node:crypto';
import { generateServiceProviderMetadata } from '@node-saml/node-saml';
import type { SamlSpSettings } from './saml-settings.ts';
import { BINDING, child, children, NS, parseXml, serializeXml } from './saml-xml.ts';

/**
 * Our SP metadata (node-saml's generator): AuthnRequestsSigned and WantAssertionsSigned, the ACS for
 * HTTP-POST, the SLO endpoint for HTTP-Redirect, the certificate for signing and — when encrypted
 * assertions are wanted — for encryption. Its ID is derived from the entity ID so the document is the
 * same on every request.
 */
export function spMetadataXml(sp: SamlSpSettings): string {
  const xml = generateServiceProviderMetadata({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    logoutCallbackUrl: sp.sloUrl,
    // No NameIDFormat: the IdP chooses (attributes carry the identity), see saml-engine.ts.
    identifierFormat: null,
    wantAssertionsSigned: true,
    privateKey: sp.privateKeyPem,
    publicCerts: sp.certificatePem,
    signatureAlgorithm: 'sha256',
    ...(sp.wantEncryptedAssertions ? { decryptionPvk: sp.privateKeyPem, decryptionCert: sp.certificatePem } : {}),
    generateUniqueId: () => `_${createHash('sha256').update(sp.entityId).digest('hex').slice(0, 40)}`,
  });
  // node-saml always announces the SLO endpoint with HTTP-POST; ours takes HTTP-Redirect.
  const doc = parseXml(xml);
  const spSso = child(doc.documentElement!, NS.metadata, 'SPSSODescriptor');
  for (const slo of spSso ? children(spSso, NS.metadata, 'SingleLogoutService') : []) slo.setAttribute('Binding', BINDING.redirect);
  return serializeXml(doc);
}
