// A platform registration as an administrator types it (or as dynamic registration reports it): the
// issuer, client id and the platform's three addresses, checked before anything is saved. Addresses are
// https, or plain http only for hosts the operator allowed (LAUREL_FETCH_ALLOW_HOSTS: an intranet LMS,
// the tests' local platform). The issuer is kept exactly as typed: it must equal the id_token's `iss`.

export interface LtiPlatformSettings {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly authLoginUrl: string;
  readonly authTokenUrl: string;
  readonly jwksUrl: string;
  /** The audience of Laurel's client assertion at the token endpoint, when it is not the token URL (D2L). */
  readonly tokenAudience: string | null;
}

export type LtiSettingsInput = { readonly [K in keyof LtiPlatformSettings]?: unknown };

const FIELD_WHAT: Record<Exclude<keyof LtiPlatformSettings, 'name' | 'clientId' | 'tokenAudience'>, string> = {
  issuer: 'the issuer (platform id), such as https://canvas.instructure.com',
  authLoginUrl: 'the authentication request URL (OIDC authorization endpoint)',
  authTokenUrl: 'the access token URL',
  jwksUrl: 'the public keyset (JWKS) URL',
};

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** An http(s) address the scheme rule allows; the message names what is wrong, or null when it is fine. */
export function addressProblem(value: string, allowHttpHosts: readonly string[]): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `“${value.slice(0, 200)}” is not a web address.`;
  }
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (u.protocol === 'http:' && !allowHttpHosts.map((h) => h.toLowerCase()).includes(host)) {
    return `It must be an https address${allowHttpHosts.length ? ` (http is accepted only for ${allowHttpHosts.join(', ')})` : ''}.`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'It must be an https address.';
  if (u.username || u.password) return 'It must not contain a user name or password.';
  if (u.hash) return 'It must not contain a fragment (#…).';
  return null;
}

/** Checks every field at once; `errors` names each field at fault (the form shows them beside the fields). */
export function checkLtiPlatformSettings(input: LtiSettingsInput, opts: { allowHttpHosts: readonly string[] }): { settings: LtiPlatformSettings | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const values = { issuer: text(input.issuer), authLoginUrl: text(input.authLoginUrl), authTokenUrl: text(input.authTokenUrl), jwksUrl: text(input.jwksUrl) };
  for (const [field, value] of Object.entries(values) as [keyof typeof FIELD_WHAT, string][]) {
    if (!value) errors[field] = `Enter ${FIELD_WHAT[field]}.`;
    else if (value.length > 2000) errors[field] = 'Enter an address of at most 2,000 characters.';
    else {
      const problem = addressProblem(value, opts.allowHttpHosts);
      if (problem) errors[field] = problem;
      else if (field === 'issuer' && new URL(value).search) errors[field] = 'The issuer has no query (?…): enter it exactly as the platform states it.';
    }
  }
  const clientId = text(input.clientId);
  if (!clientId) errors.clientId = 'Enter the client ID the platform gave Laurel.';
  else if (clientId.length > 255) errors.clientId = 'Enter a client ID of at most 255 characters.';
  let name = text(input.name);
  if (name.length > 120) errors.name = 'Enter a name of at most 120 characters.';
  if (!name && !errors.issuer) name = new URL(values.issuer).host;
  // Optional: an identifier, usually an address (D2L: https://api.brightspace.com/auth/token).
  const tokenAudience = text(input.tokenAudience) || null;
  if (tokenAudience && (tokenAudience.length > 2000 || /\s/.test(tokenAudience))) errors.tokenAudience = 'Enter the token audience without spaces, at most 2,000 characters, or leave it empty.';
  if (Object.keys(errors).length) return { settings: null, errors };
  return { settings: { name, clientId, ...values, tokenAudience }, errors };
}

/** A deployment id as LTI Core §3.1.3 defines it: case-sensitive, at most 255 ASCII characters. */
export function deploymentIdProblem(value: string): string | null {
  if (!value) return 'Enter the deployment ID.';
  if (value.length > 255) return 'A deployment ID has at most 255 characters.';
  if (!/^[\x21-\x7e]+$/.test(value)) return 'A deployment ID is printable ASCII without spaces.';
  return null;
}
