// Test data built through the repositories (house style 11): an institution with its signing key, and
// people holding roles in it. Each call makes fresh, unique records, so a test never depends on the
// demo seed's names.
import type { Deps } from '../../src/domain/deps.ts';
import { newId } from '../../src/domain/ids.ts';
import { newOrganizationKey } from '../../src/domain/credentials/org-keys.ts';
import type { UserActor } from '../../src/domain/actor.ts';
import type { Role } from '../../src/shared/roles.ts';
import { repos } from '../../src/storage/repositories/index.ts';
import type { Organization } from '../../src/storage/repositories/organizations.ts';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export async function makeInstitution(deps: Deps, over: Partial<Pick<Organization, 'name' | 'slug' | 'kind' | 'status'>> = {}): Promise<Organization> {
  const u = unique();
  const at = deps.clock().toISOString();
  const org: Organization = {
    id: newId(),
    slug: over.slug ?? `inst-${u}`,
    name: over.name ?? `Factory Institution ${u}`,
    kind: over.kind ?? 'institution',
    institutionType: 'Community college',
    website: null,
    description: null,
    city: 'Testville',
    status: over.status ?? 'active',
    createdAt: at,
    updatedAt: at,
  };
  const key = await newOrganizationKey(deps, { organization: org, seq: 1, at });
  const r = repos(deps.db);
  await r.organizations.insert(org);
  await r.organizationKeys.insert(key);
  return org;
}

/** The State Regents organization of this database (created at migration by ensureRegents). */
export async function regents(deps: Deps): Promise<Organization> {
  const org = (await repos(deps.db).organizations.list({ kind: 'regents' }))[0];
  if (!org) throw new Error('no Regents organization: open the database through makeTestApp / openLaurel');
  return org;
}

/** A signed-up user with the given roles (each in the given organization), as the actor pages and use cases see. */
export async function makeUser(deps: Deps, roles: readonly { role: Role; organization: Pick<Organization, 'id'> }[] = [], over: { email?: string; name?: string } = {}): Promise<UserActor> {
  const u = unique();
  const at = deps.clock().toISOString();
  const r = repos(deps.db);
  const id = newId();
  const email = over.email ?? `person-${u}@factory.example.edu`;
  const name = over.name ?? `Factory Person ${u}`;
  await r.users.insert({ id, email, name, passwordHash: null, at });
  for (const { role, organization } of roles) await r.memberships.insert({ id: newId(), userId: id, organizationId: organization.id, role, at });
  return { kind: 'user', userId: id, email, name, memberships: await r.memberships.forUser(id) };
}

/** A user holding one role in one organization. */
export function makeMember(deps: Deps, organization: Pick<Organization, 'id'>, role: Role): Promise<UserActor> {
  return makeUser(deps, [{ role, organization }]);
}
