// 1EdTech LTI Dynamic Registration 1.0: the platform opens Laurel's registration page with
// `openid_configuration` (where its OpenID configuration is) and a one-time `registration_token`. Laurel
// reads that configuration (§3.4; its issuer must be on the configuration URL's own scheme, host and
// port, §3.5.1, so a configuration cannot speak for another platform), then posts its client
// registration (§3.5.2: OpenID Connect Dynamic Client Registration with the LTI tool configuration claim)
// to the registration endpoint with the token, and reads back the client id and deployment id (§3.6).
// Every request goes through the fetch the caller hands in (Laurel's SSRF-guarded one).
import { addressProblem } from './lti-settings.ts';
import { TOOL_SCOPES } from './lti-types.ts';

export type LtiFetch = (url: string, init?: RequestInit) => Promise<Response>;

export const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
export const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

/** The registration could not be done; the message is for the administrator, in plain words. */
export class LtiRegistrationFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LtiRegistrationFailed';
  }
}

export interface PlatformConfiguration {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  readonly registrationEndpoint: string;
  readonly productFamily: string | null;
  readonly scopesSupported: readonly string[] | null;
  /** The client assertion's audience at the token endpoint (authorization_server), when the platform names one. */
  readonly authorizationServer: string | null;
}

const MAX_ANSWER_BYTES = 256 * 1024;

async function json(res: Response, what: string): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    const raw = await res.text();
    if (raw.length > MAX_ANSWER_BYTES) throw new Error('too large');
    body = JSON.parse(raw);
  } catch {
    throw new LtiRegistrationFailed(`The platform's ${what} is not a JSON document.`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new LtiRegistrationFailed(`The platform's ${what} is not a JSON object.`);
  return body as Record<string, unknown>;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.protocol === y.protocol && x.host.toLowerCase() === y.host.toLowerCase();
  } catch {
    return false;
  }
}

/** Fetches the platform's OpenID configuration and checks what Laurel needs from it. */
export async function fetchPlatformConfiguration(fetch: LtiFetch, url: string, opts: { allowHttpHosts: readonly string[] }): Promise<PlatformConfiguration> {
  const problem = addressProblem(url, opts.allowHttpHosts);
  if (problem) throw new LtiRegistrationFailed(`The platform's configuration address cannot be used. ${problem}`);
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch {
    throw new LtiRegistrationFailed(`The platform's configuration could not be fetched from ${new URL(url).host}. Start the registration again from the platform.`);
  }
  if (res.status !== 200) throw new LtiRegistrationFailed(`The platform answered ${res.status} when Laurel asked for its configuration. Start the registration again from the platform.`);
  const c = await json(res, 'configuration');
  const issuer = typeof c.issuer === 'string' ? c.issuer : '';
  if (!issuer || !sameOrigin(issuer, url)) throw new LtiRegistrationFailed(`The configuration names the issuer “${issuer.slice(0, 200)}”, which is not the address it was fetched from (${new URL(url).host}). Laurel does not register a platform that speaks for another.`);
  const need = (key: string, what: string): string => {
    const v = c[key];
    if (typeof v !== 'string' || addressProblem(v, opts.allowHttpHosts)) throw new LtiRegistrationFailed(`The platform's configuration has no usable ${what} (${key}).`);
    return v;
  };
  const platform = c[PLATFORM_CONFIGURATION];
  const family = platform && typeof platform === 'object' ? (platform as Record<string, unknown>).product_family_code : undefined;
  const scopes = Array.isArray(c.scopes_supported) ? c.scopes_supported.filter((s): s is string => typeof s === 'string') : null;
  return {
    issuer,
    authorizationEndpoint: need('authorization_endpoint', 'authentication request URL'),
    tokenEndpoint: need('token_endpoint', 'access token URL'),
    jwksUri: need('jwks_uri', 'public keyset URL'),
    registrationEndpoint: need('registration_endpoint', 'registration endpoint'),
    productFamily: typeof family === 'string' && family.length <= 100 ? family : null,
    // LTI Dynamic Registration §3.3: the audience for the client assertion, when it is not the token endpoint.
    authorizationServer: typeof c.authorization_server === 'string' && c.authorization_server.length <= 2000 ? c.authorization_server : null,
    scopesSupported: scopes,
  };
}

export interface ToolDescription {
  readonly publicUrl: string;
  readonly clientName: string;
  readonly description: string;
}

/** Laurel's addresses as an LTI tool, under its public URL. */
export function toolAddresses(publicUrl: string) {
  return {
    loginUrl: `${publicUrl}/lti/login`,
    launchUrl: `${publicUrl}/lti/launch`,
    jwksUrl: `${publicUrl}/lti/jwks.json`,
    registrationUrl: `${publicUrl}/lti/register`,
    domain: new URL(publicUrl).host,
  };
}

/** The client registration Laurel posts (§3.5.2): scopes the platform does not support are left out. */
export function toolRegistrationRequest(tool: ToolDescription, platform: Pick<PlatformConfiguration, 'scopesSupported'>): Record<string, unknown> {
  const a = toolAddresses(tool.publicUrl);
  const scopes = TOOL_SCOPES.filter((s) => !platform.scopesSupported || platform.scopesSupported.includes(s));
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: a.loginUrl,
    redirect_uris: [a.launchUrl],
    client_name: tool.clientName,
    jwks_uri: a.jwksUrl,
    logo_uri: `${tool.publicUrl}/assets/laurel-icon.svg`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [TOOL_CONFIGURATION]: {
      domain: a.domain,
      description: tool.description,
      target_link_uri: a.launchUrl,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [
        { type: 'LtiDeepLinkingRequest', target_link_uri: a.launchUrl, label: `Place a ${tool.clientName} badge` },
        { type: 'LtiResourceLinkRequest', target_link_uri: a.launchUrl, label: tool.clientName },
      ],
    },
  };
}

/** Posts the registration with the one-time token; the platform's client id and (when it made one) deployment id. */
export async function registerTool(fetch: LtiFetch, input: { endpoint: string; registrationToken: string | null; body: Record<string, unknown> }): Promise<{ clientId: string; deploymentId: string | null }> {
  let res: Response;
  try {
    res = await fetch(input.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(input.registrationToken ? { authorization: `Bearer ${input.registrationToken}` } : {}) },
      body: JSON.stringify(input.body),
    });
  } catch {
    throw new LtiRegistrationFailed('The platform could not be reached to register Laurel. Start the registration again from the platform.');
  }
  if (res.status === 401 || res.status === 403) throw new LtiRegistrationFailed('The platform refused the registration: its registration token has expired or was already used. Start the registration again from the platform.');
  if (res.status < 200 || res.status >= 300) throw new LtiRegistrationFailed(`The platform answered ${res.status} to the registration. Start the registration again from the platform.`);
  const r = await json(res, 'registration answer');
  const clientId = typeof r.client_id === 'string' && r.client_id.length > 0 && r.client_id.length <= 255 ? r.client_id : null;
  if (!clientId) throw new LtiRegistrationFailed("The platform's registration answer has no client ID.");
  const config = r[TOOL_CONFIGURATION];
  const dep = config && typeof config === 'object' ? (config as Record<string, unknown>).deployment_id : undefined;
  return { clientId, deploymentId: typeof dep === 'string' && dep.length > 0 && dep.length <= 255 ? dep : null };
}
