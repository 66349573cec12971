// The SAML service-provider metadata of one identity provider's connection: public, at a stable URL,
// for the IdP's administrator to load (entity id, assertion consumer, single logout, certificate).
import { spMetadataXml } from '../../sso/saml.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { samlParts } from './idp-settings.ts';

export async function getServiceProviderMetadata(deps: Deps, input: { idpId: string }): Promise<string> {
  const idp = await repos(deps.db).identityProviders.findById(input.idpId);
  if (!idp || idp.protocol !== 'saml') throw notFound('SAML connection');
  return spMetadataXml(samlParts(deps, idp).sp);
}
