// Whether a person may still sign in with a password: not when an organization they belong to (by a
// role, or by the identity provider they sign in with) turned passwords off. System administrators
// keep their password, so a broken IdP cannot lock everyone out.
import type { Repos } from '../../storage/repositories/index.ts';

export async function passwordBlockedBy(r: Repos, userId: string): Promise<{ id: string; name: string } | null> {
  const memberships = await r.memberships.forUser(userId);
  if (memberships.some((m) => m.role === 'system_admin')) return null;
  const orgIds = new Set(memberships.map((m) => m.organizationId));
  for (const i of await r.ssoIdentities.forUser(userId)) orgIds.add(i.organizationId);
  return (await r.organizations.passwordsOffAmong([...orgIds]))[0] ?? null;
}
