// The OB 3.0 Service Description Document (GET /ims/ob/v3p0/discovery): the official OpenAPI file,
// profiled for this installation — its server address, the OAuth 2.0 endpoints and dynamic client
// registration URL of Laurel's authorization server, its terms and privacy policy, its name and image.
import { readFileSync } from 'node:fs';
import type { Config } from '../../config.ts';
import type { AuthorizationServer } from '../../domain/oauth/authorization-server.ts';

type Json = Record<string, unknown>;

const official = JSON.parse(readFileSync(new URL('./ob3-openapi.json', import.meta.url), 'utf8')) as Json;

export function serviceDescription(config: Config, as: AuthorizationServer): Json {
  const doc = structuredClone(official) as Json & { info: Json; components: Json & { securitySchemes: Json & { OAuth2ACG: Json & { flows: { authorizationCode: Json } } } } };
  const scheme = doc.components.securitySchemes.OAuth2ACG;
  doc.info = {
    ...doc.info,
    title: 'Laurel Open Badges 3.0 API',
    description: 'Open Badges 3.0 API of this Laurel installation: earners connect apps and wallets to read their badges, push badges from other issuers into their portfolio, and read or update their profile.',
    termsOfService: config.termsUrl,
    'x-imssf-privacyPolicyUrl': config.privacyUrl,
    'x-imssf-image': `${config.publicUrl}/assets/laurel-icon.svg`,
  };
  doc.servers = [{ url: as.resource, description: 'This Laurel installation' }];
  doc.components.securitySchemes.OAuth2ACG = {
    ...scheme,
    description: 'OAuth 2.0 authorization code grant with PKCE (S256); clients register dynamically (RFC 7591).',
    'x-imssf-registrationUrl': as.endpoints.registration,
    flows: { authorizationCode: { ...scheme.flows.authorizationCode, authorizationUrl: as.endpoints.authorization, tokenUrl: as.endpoints.token, refreshUrl: as.endpoints.token } },
  };
  return doc;
}
