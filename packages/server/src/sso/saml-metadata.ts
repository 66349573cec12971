// Reading an identity provider's SAML metadata into settings an administrator can review and save (our
// own service provider's metadata is written by saml-sp-metadata.ts).
import type { Element } from '@xmldom/xmldom';
import { validateIdpSettings, type SamlIdpSettings, type SamlSpSettings } from './saml-settings.ts';
import { attr, BINDING, child, children, is, NS, parseXml, serializeXml, text } from './saml-xml.ts';
import { SsoConfigError } from './types.ts';

const SAML2 = NS.protocol;

function refuse(message: string): never {
  throw new SsoConfigError('metadata', message);
}

function entityDescriptors(root: Element): Element[] {
  if (is(root, NS.metadata, 'EntityDescriptor')) return [root];
  if (!is(root, NS.metadata, 'EntitiesDescriptor')) {
    refuse('This is XML, but not SAML metadata: it should start with an EntityDescriptor element.');
  }
  // Federation aggregates nest EntitiesDescriptor groups.
  return [...children(root, NS.metadata, 'EntityDescriptor'), ...children(root, NS.metadata, 'EntitiesDescriptor').flatMap(entityDescriptors)];
}

function onlyEntity(root: Element): Element {
  const entities = entityDescriptors(root);
  if (entities.length === 1) return entities[0]!;
  if (entities.length === 0) refuse('The metadata describes no entity (no EntityDescriptor element).');
  const idps = entities.filter((e) => child(e, NS.metadata, 'IDPSSODescriptor'));
  const names = (idps.length ? idps : entities).map((e) => attr(e, 'entityID') ?? '(no entityID)');
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, and ${names.length - 5} more` : '');
  return refuse(
    `The metadata describes ${entities.length} entities. Paste the metadata of the one identity provider to use ` +
      `(ask for it by its entity ID; identity providers found: ${idps.length ? shown : 'none'}).`,
  );
}

/** Certificates of KeyDescriptors usable for signing (use="signing", or no use: both). */
function signingCertificates(sso: Element): string[] {
  const certs = children(sso, NS.metadata, 'KeyDescriptor')
    .filter((kd) => (attr(kd, 'use') ?? 'signing') === 'signing')
    .flatMap((kd) => children(kd, NS.dsig, 'KeyInfo'))
    .flatMap((ki) => children(ki, NS.dsig, 'X509Data'))
    .flatMap((xd) => children(xd, NS.dsig, 'X509Certificate'))
    .map((c) => text(c).replace(/\s+/g, ''))
    .filter(Boolean);
  return [...new Set(certs)];
}

/** The endpoint for the HTTP-Redirect binding, else the HTTP-POST one (often the same address). */
function endpoint(sso: Element, name: string): string | null {
  const services = children(sso, NS.metadata, name);
  const of = (binding: string) => services.find((s) => attr(s, 'Binding') === binding);
  const chosen = of(BINDING.redirect) ?? of(BINDING.post);
  return chosen ? (attr(chosen, 'Location') ?? null) : null;
}

/**
 * Reads an identity provider's metadata (one EntityDescriptor, or an EntitiesDescriptor holding exactly
 * one). Every problem is a SsoConfigError for the 'metadata' field with a sentence for the administrator.
 */
export function parseIdpMetadata(xml: string): SamlIdpSettings {
  let root: Element;
  try {
    root = parseXml(xml).documentElement!;
  } catch (e) {
    return refuse(`This could not be read as XML metadata (${(e as Error).message}). Paste the whole metadata document.`);
  }
  const entity = onlyEntity(root);
  const sso = children(entity, NS.metadata, 'IDPSSODescriptor').find((d) => (attr(d, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2));
  if (!sso) refuse('The metadata describes no SAML 2.0 identity provider (no IDPSSODescriptor element for SAML 2.0).');
  const ssoUrl = endpoint(sso, 'SingleSignOnService');
  if (!ssoUrl) refuse('The identity provider offers no single sign-on service for the HTTP-Redirect or HTTP-POST binding.');
  const certificates = signingCertificates(sso);
  if (certificates.length === 0) {
    refuse('The metadata contains no signing certificate, so sign-in responses could not be verified. Ask for metadata that includes the signing certificate (a KeyDescriptor with use="signing").');
  }
  if (certificates.length > 2) refuse(`The metadata lists ${certificates.length} signing certificates; at most two (during a key change) are accepted.`);
  try {
    return validateIdpSettings({ entityId: attr(entity, 'entityID') ?? '', ssoUrl, sloUrl: endpoint(sso, 'SingleLogoutService'), certificates });
  } catch (e) {
    if (e instanceof SsoConfigError) refuse(`In the metadata: ${e.message}`);
    throw e;
  }
}
