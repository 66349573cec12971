// Attribute mapping: which of an identity provider's attributes name a person's email, name and stable
// id, and which values of which attribute grant which roles in the IdP's organization. Pure functions:
// the form's text → a mapping, and an assertion → the person and their mapped roles.
import { ROLE_LABELS, rolesForKind, type Role } from '../../shared/roles.ts';
import type { SsoAssertion } from '../../sso/types.ts';
import { emailProblem, normalizeEmail } from '../validate.ts';

export interface RoleRule {
  /** An attribute value: "faculty" matches "faculty" and scoped "faculty@prairie.edu"; case-insensitive. */
  readonly value: string;
  readonly role: Role;
}

export interface IdpMapping {
  /** Attribute names tried in order; empty means the protocol's defaults. */
  readonly emailAttribute: string;
  readonly nameAttribute: string;
  readonly idAttribute: string;
  readonly groupsAttribute: string;
  readonly rules: readonly RoleRule[];
  /** The email domains this IdP's people have addresses in; an account is linked or created only within them. */
  readonly emailDomains: readonly string[];
}

export const SAML_DEFAULTS = {
  email: ['urn:oid:0.9.2342.19200300.100.1.3', 'mail', 'email', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'],
  name: ['urn:oid:2.16.840.1.113730.3.1.241', 'displayName', 'http://schemas.microsoft.com/identity/claims/displayname', 'name'],
  id: ['urn:oasis:names:tc:SAML:attribute:pairwise-id', 'urn:oasis:names:tc:SAML:attribute:subject-id', 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6', 'eduPersonPrincipalName'],
  groups: ['urn:oid:1.3.6.1.4.1.5923.1.1.1.9', 'eduPersonScopedAffiliation', 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1', 'eduPersonAffiliation', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', 'groups'],
} as const;

export const OIDC_DEFAULTS = { email: ['email'], name: ['name'], id: ['sub'], groups: ['groups', 'roles'] } as const;

/** Public email services: an IdP may not claim them (it could then take over any earner's account). */
const PUBLIC_EMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'mail.com', 'zoho.com', 'yandex.com', 'fastmail.com', 'hey.com']);

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function roleFrom(text: string, allowed: readonly Role[]): Role | undefined {
  const t = text.trim().toLowerCase();
  return allowed.find((r) => r === t.replace(/[\s-]+/g, '_') || ROLE_LABELS[r].toLowerCase() === t);
}

/** Parses the form's mapping fields; field name → message for whatever cannot be used. */
export function parseMapping(input: Record<string, unknown>, orgKind: 'regents' | 'institution'): { mapping: IdpMapping; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const text = (k: string) => (typeof input[k] === 'string' ? (input[k] as string).trim() : '');
  const allowed = rolesForKind(orgKind);
  const rules: RoleRule[] = [];
  const lines = text('roleRules').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const [i, line] of lines.entries()) {
    const at = line.lastIndexOf('=');
    const value = at > 0 ? line.slice(0, at).trim() : '';
    const role = at > 0 ? roleFrom(line.slice(at + 1), allowed) : undefined;
    if (!value || !role) {
      errors.roleRules = `Line ${i + 1} ("${line.slice(0, 80)}") is not "value = role". Roles here: ${allowed.join(', ')}.`;
      break;
    }
    rules.push({ value, role });
  }
  if (rules.length > 50) errors.roleRules = 'Enter at most 50 rules.';
  const domains = [...new Set(text('emailDomains').toLowerCase().split(/[\s,;]+/).map((d) => d.replace(/^@/, '')).filter(Boolean))];
  if (domains.length === 0) errors.emailDomains = 'Enter the email domains your people have addresses in, for example prairie.edu.';
  else if (domains.length > 20) errors.emailDomains = 'Enter at most 20 email domains.';
  else {
    const bad = domains.find((d) => !DOMAIN_RE.test(d));
    const pub = domains.find((d) => PUBLIC_EMAIL_DOMAINS.has(d));
    if (bad) errors.emailDomains = `"${bad.slice(0, 80)}" is not a domain name. Enter domains like prairie.edu, separated by commas.`;
    else if (pub) errors.emailDomains = `${pub} is a public email service, not your institution's domain: an identity provider cannot vouch for its addresses.`;
  }
  for (const k of ['emailAttribute', 'nameAttribute', 'idAttribute', 'groupsAttribute']) {
    if (text(k).length > 300) errors[k] = 'Enter at most 300 characters.';
  }
  return {
    mapping: { emailAttribute: text('emailAttribute'), nameAttribute: text('nameAttribute'), idAttribute: text('idAttribute'), groupsAttribute: text('groupsAttribute'), rules, emailDomains: domains },
    errors,
  };
}

export function mappingFromRecord(raw: Record<string, unknown>): IdpMapping {
  return {
    emailAttribute: String(raw.emailAttribute ?? ''),
    nameAttribute: String(raw.nameAttribute ?? ''),
    idAttribute: String(raw.idAttribute ?? ''),
    groupsAttribute: String(raw.groupsAttribute ?? ''),
    rules: Array.isArray(raw.rules) ? (raw.rules as RoleRule[]) : [],
    emailDomains: Array.isArray(raw.emailDomains) ? (raw.emailDomains as string[]) : [],
  };
}

/** The rules as the form's textarea shows them. */
export function rulesText(rules: readonly { value: string; role: string }[]): string {
  return rules.map((r) => `${r.value} = ${r.role}`).join('\n');
}

export interface MappedPerson {
  /** The stable id the identity is keyed by. */
  readonly subject: string;
  readonly email: string | null;
  /** The IdP vouches for the email (OIDC email_verified not false; SAML: the campus is authoritative). */
  readonly emailVerified: boolean;
  readonly name: string | null;
  readonly groups: readonly string[];
}

function first(a: SsoAssertion, names: readonly string[]): string | null {
  for (const n of names) {
    const v = a.attributes[n]?.find((x) => x.trim() !== '');
    if (v) return v.trim();
  }
  return null;
}

function all(a: SsoAssertion, names: readonly string[]): string[] {
  for (const n of names) if (a.attributes[n]?.length) return a.attributes[n]!.map((v) => v.trim()).filter(Boolean);
  return [];
}

function names(configured: string, defaults: readonly string[]): readonly string[] {
  return configured ? configured.split(',').map((x) => x.trim()).filter(Boolean) : defaults;
}

/** The person an assertion names, read through the mapping. */
export function readPerson(protocol: 'saml' | 'oidc', mapping: IdpMapping, a: SsoAssertion): MappedPerson {
  const d = protocol === 'saml' ? SAML_DEFAULTS : OIDC_DEFAULTS;
  const rawEmail = first(a, names(mapping.emailAttribute, d.email));
  const email = rawEmail && !emailProblem(normalizeEmail(rawEmail)) ? normalizeEmail(rawEmail) : null;
  const verifiedClaim = a.attributes.email_verified?.[0];
  return {
    subject: first(a, names(mapping.idAttribute, d.id)) ?? a.subject,
    email,
    emailVerified: protocol === 'saml' ? true : verifiedClaim !== 'false',
    name: first(a, names(mapping.nameAttribute, d.name))?.slice(0, 200) ?? null,
    groups: all(a, names(mapping.groupsAttribute, d.groups)),
  };
}

/** The roles the rules grant for these attribute values (only roles the organization can hold). */
export function mappedRoles(mapping: IdpMapping, groups: readonly string[], orgKind: 'regents' | 'institution'): Role[] {
  const allowed = rolesForKind(orgKind);
  const values = new Set(groups.flatMap((g) => [g.toLowerCase(), g.toLowerCase().split('@')[0]!]));
  const out = new Set<Role>();
  for (const r of mapping.rules) if (allowed.includes(r.role) && values.has(r.value.toLowerCase())) out.add(r.role);
  return [...out];
}

export function emailInDomains(email: string, domains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}
