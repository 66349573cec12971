// Who an identity provider's answer signs in: the account already linked to its stable id; else the
// account with the same verified email (linked, never duplicated); else a new account made just in
// time. Then the mapping's roles: granted in the IdP's organization, and taken away again at a later
// sign-in when the IdP no longer asserts them (roles granted by hand are never touched).
import type { Role } from '../../shared/roles.ts';
import type { Repos } from '../../storage/repositories/index.ts';
import type { IdentityProviderRecord } from '../../storage/repositories/identity-providers.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { newId } from '../ids.ts';
import { emailInDomains, mappedRoles, mappingFromRecord, type MappedPerson } from './mapping.ts';

/** Why a verified answer still does not sign anyone in (audit `data.reason`, as SsoRefusal's are). */
export type AccountRefusal = 'email_missing' | 'email_unverified' | 'email_domain' | 'account_conflict' | 'account_deactivated';

export class AccountRefused extends Error {
  constructor(
    readonly reason: AccountRefusal,
    readonly detail: string,
  ) {
    super(reason);
  }
}

export interface ResolvedAccount {
  readonly userId: string;
  readonly created: boolean;
  readonly linked: boolean;
}

/** In the caller's transaction: the account for this person, linked or created, with mapped roles synced. */
export async function resolveAccount(tr: Repos, idp: IdentityProviderRecord, org: Organization, person: MappedPerson, at: string, ip: string | null): Promise<ResolvedAccount> {
  const mapping = mappingFromRecord(idp.mapping);
  const base = { at, ip, organizationId: org.id };
  let userId: string;
  let created = false;
  let linked = false;
  const identity = await tr.ssoIdentities.find(idp.id, person.subject);
  if (identity) {
    userId = identity.userId;
    await tr.ssoIdentities.touch(identity.id, at);
  } else {
    if (!person.email) throw new AccountRefused('email_missing', 'The answer carried no usable email address.');
    if (!emailInDomains(person.email, mapping.emailDomains)) throw new AccountRefused('email_domain', `${person.email} is outside ${mapping.emailDomains.join(', ')}`);
    if (!person.emailVerified) throw new AccountRefused('email_unverified', `The identity provider marks ${person.email} as not verified.`);
    const existingId = (await tr.users.findByEmail(person.email))?.id ?? (await tr.earnerEmails.verifiedOwner(person.email));
    if (existingId) {
      // An account holding roles in another organization is that organization's to vouch for.
      const elsewhere = (await tr.memberships.forUser(existingId)).filter((m) => m.organizationId !== org.id);
      if (elsewhere.length) throw new AccountRefused('account_conflict', `${person.email} holds roles in ${elsewhere[0]!.organizationName}.`);
      userId = existingId;
      linked = true;
    } else {
      userId = newId();
      created = true;
      await tr.users.insert({ id: userId, email: person.email, name: person.name ?? person.email.split('@')[0]!, passwordHash: null, at });
      await audit(tr, { ...base, actor: SYSTEM, action: 'sso.account_created', subjectType: 'user', subjectId: userId, data: { idp: idp.id, email: person.email } });
    }
    await tr.ssoIdentities.insert({ id: newId(), idpId: idp.id, subject: person.subject, userId, at });
    if (linked) await audit(tr, { ...base, actor: SYSTEM, action: 'sso.account_linked', subjectType: 'user', subjectId: userId, data: { idp: idp.id, email: person.email, subject: person.subject } });
  }
  const user = await tr.users.findById(userId);
  if (!user || user.status !== 'active') throw new AccountRefused('account_deactivated', `Account ${userId} is deactivated.`);
  await syncMappedRoles(tr, idp, org, userId, mappedRoles(mapping, person.groups, org.kind), at, ip);
  return { userId, created, linked };
}

async function syncMappedRoles(tr: Repos, idp: IdentityProviderRecord, org: Organization, userId: string, wanted: readonly Role[], at: string, ip: string | null): Promise<void> {
  const source = `sso:${idp.id}`;
  const held = await tr.memberships.sourcesIn(userId, org.id);
  for (const role of wanted) {
    if (held.some((h) => h.role === role)) continue;
    await tr.memberships.insert({ id: newId(), userId, organizationId: org.id, role, at, source });
    await audit(tr, { actor: SYSTEM, at, ip, organizationId: org.id, action: 'membership.mapped_role_granted', subjectType: 'user', subjectId: userId, data: { role, idp: idp.id } });
  }
  for (const h of held) {
    if (h.source !== source || wanted.includes(h.role)) continue;
    await tr.memberships.remove(userId, org.id, h.role);
    await audit(tr, { actor: SYSTEM, at, ip, organizationId: org.id, action: 'membership.mapped_role_removed', subjectType: 'user', subjectId: userId, data: { role: h.role, idp: idp.id } });
  }
}
