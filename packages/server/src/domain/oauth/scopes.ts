// The Open Badges 3.0 API's OAuth 2.0 scopes (1EdTech OB 3.0 §"OAuth 2.0 scopes") and how the consent
// page and the connected-apps list say them to an earner.
export const OB_SCOPE = {
  credentialRead: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  credentialUpsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profileRead: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
  profileUpdate: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update',
} as const;

export type ObScope = (typeof OB_SCOPE)[keyof typeof OB_SCOPE];

export const OB_SCOPES: readonly ObScope[] = Object.values(OB_SCOPE);

const WORDS: Record<ObScope, { label: string; detail: string }> = {
  [OB_SCOPE.credentialRead]: { label: 'See your badges', detail: 'Read every badge in your Laurel portfolio, including private ones, as signed Open Badges 3.0 credentials.' },
  [OB_SCOPE.credentialUpsert]: { label: 'Add badges to your portfolio', detail: 'Put badges from other issuers into your Laurel portfolio. Laurel verifies each one first; it arrives private.' },
  [OB_SCOPE.profileRead]: { label: 'See your profile', detail: 'Read your name and the email address you sign in with.' },
  [OB_SCOPE.profileUpdate]: { label: 'Change your profile', detail: 'Change the name on your Laurel account and public profile.' },
};

export function isObScope(s: string): s is ObScope {
  return (OB_SCOPES as readonly string[]).includes(s);
}

/** The OB scopes in a space-separated scope string, in a fixed order, with the earner's words for each. */
export function describeScopes(scope: string | undefined): { scope: ObScope; label: string; detail: string }[] {
  const asked = new Set((scope ?? '').split(' ').filter(Boolean));
  return OB_SCOPES.filter((s) => asked.has(s)).map((s) => ({ scope: s, ...WORDS[s] }));
}
