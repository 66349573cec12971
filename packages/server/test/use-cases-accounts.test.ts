// The reads of the accounts, institutions and admin pages and API, as use cases: each one answers an
// actor of another institution with a refusal (or only their own records), and the allowed actor with
// the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUser } from '../src/domain/accounts/get-user.ts';
import { listManageableOrganizations } from '../src/domain/accounts/list-manageable-organizations.ts';
import { listOrganizationTokens } from '../src/domain/accounts/list-organization-tokens.ts';
import { listPendingInvitations } from '../src/domain/accounts/list-pending-invitations.ts';
import { listPersonalTokens } from '../src/domain/accounts/list-personal-tokens.ts';
import { listUsers } from '../src/domain/accounts/list-users.ts';
import { inviteUser } from '../src/domain/accounts/invitations.ts';
import type { UserActor } from '../src/domain/actor.ts';
import { listAuditEvents } from '../src/domain/admin/list-audit-events.ts';
import { listMailMessages } from '../src/domain/admin/list-mail-messages.ts';
import { readMailMessage } from '../src/domain/admin/read-mail-message.ts';
import { readRawMailMessage } from '../src/domain/admin/read-raw-mail-message.ts';
import { getEditableInstitution } from '../src/domain/institutions/get-editable-institution.ts';
import { getInstitution } from '../src/domain/institutions/get-institution.ts';
import { ensureRegents, type Organization } from '../src/domain/institutions/institutions.ts';
import { listInstitutionSummaries } from '../src/domain/institutions/list-institution-summaries.ts';
import { listInstitutions } from '../src/domain/institutions/list-institutions.ts';
import { makeApiToken, makeAuditEvent, makeInvitation } from './factories/accounts.ts';
import { makeInstitution, makeMember, makeUser } from './factories/organizations.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

const refused = (code: 'forbidden' | 'not_found') => expect.objectContaining({ code });

describe.each(DIALECTS)('account use cases on %s', (dialect) => {
  let t: TestApp;
  let a: Organization;
  let b: Organization;
  let sysadmin: UserActor;
  let adminA: UserActor;
  let adminB: UserActor;
  let issuerA: UserActor;
  let issuerB: UserActor;
  let both: UserActor;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
    const regents = await ensureRegents(t.deps);
    a = await makeInstitution(t.deps);
    b = await makeInstitution(t.deps);
    sysadmin = await makeMember(t.deps, regents, 'system_admin');
    adminA = await makeMember(t.deps, a, 'institution_admin');
    adminB = await makeMember(t.deps, b, 'institution_admin');
    issuerA = await makeMember(t.deps, a, 'issuer');
    issuerB = await makeMember(t.deps, b, 'issuer');
    both = await makeUser(t.deps, [
      { role: 'issuer', organization: a },
      { role: 'program_author', organization: b },
    ]);
  });
  afterAll(async () => t?.close());

  it('listUsers: an institution admin sees only their institution, and is refused another', async () => {
    const mine = await listUsers(t.deps, adminA, { perPage: 100 });
    const ids = mine.items.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([adminA.userId, issuerA.userId, both.userId]));
    expect(ids).not.toContain(issuerB.userId);
    expect(ids).not.toContain(adminB.userId);
    // Of someone in both, only the membership at A is shown.
    expect(mine.items.find((u) => u.id === both.userId)!.memberships.map((m) => m.organizationId)).toEqual([a.id]);
    await expect(listUsers(t.deps, adminA, { organization: b.slug })).rejects.toEqual(refused('forbidden'));
    await expect(listUsers(t.deps, issuerA, {})).rejects.toEqual(refused('forbidden'));
    const all = await listUsers(t.deps, sysadmin, { perPage: 100 });
    expect(all.items.map((u) => u.id)).toEqual(expect.arrayContaining([issuerA.userId, issuerB.userId]));
  });

  it("getUser: another institution's person is not found; memberships are scoped", async () => {
    await expect(getUser(t.deps, adminA, issuerB.userId)).rejects.toEqual(refused('not_found'));
    await expect(getUser(t.deps, issuerA, issuerB.userId)).rejects.toEqual(refused('not_found'));
    expect((await getUser(t.deps, adminA, issuerA.userId)).id).toBe(issuerA.userId);
    expect((await getUser(t.deps, adminB, both.userId)).memberships.map((m) => m.organizationId)).toEqual([b.id]);
    expect((await getUser(t.deps, sysadmin, both.userId)).memberships).toHaveLength(2);
    expect((await getUser(t.deps, issuerB, issuerB.userId)).id).toBe(issuerB.userId);
  });

  it("listPendingInvitations: only the admin's institutions; refused to non-admins", async () => {
    const toA = await makeInvitation(t.deps, a);
    const toB = await makeInvitation(t.deps, b);
    const expired = await makeInvitation(t.deps, a, { expiresAt: new Date(t.clock.now.getTime() - 1000).toISOString() });
    const mine = (await listPendingInvitations(t.deps, adminA)).map((i) => i.id);
    expect(mine).toContain(toA.id);
    expect(mine).not.toContain(toB.id);
    expect(mine).not.toContain(expired.id);
    const forSys = await listPendingInvitations(t.deps, sysadmin);
    expect(forSys.map((i) => i.id)).toEqual(expect.arrayContaining([toA.id, toB.id]));
    expect(forSys.find((i) => i.id === toB.id)).toMatchObject({ organizationName: b.name, organizationSlug: b.slug });
    await expect(listPendingInvitations(t.deps, issuerA)).rejects.toEqual(refused('forbidden'));
  });

  it('listManageableOrganizations: their own institution; nothing for non-admins; all for the system admin', async () => {
    expect((await listManageableOrganizations(t.deps, adminA)).map((o) => o.id)).toEqual([a.id]);
    expect(await listManageableOrganizations(t.deps, issuerA)).toEqual([]);
    expect((await listManageableOrganizations(t.deps, sysadmin)).map((o) => o.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it("listPersonalTokens: one's own tokens; another person's are not found", async () => {
    const tok = await makeApiToken(t.deps, { userId: issuerA.userId });
    expect((await listPersonalTokens(t.deps, issuerA, { userId: issuerA.userId })).map((x) => x.id)).toEqual([tok.id]);
    await expect(listPersonalTokens(t.deps, issuerB, { userId: issuerA.userId })).rejects.toEqual(refused('not_found'));
    await expect(listPersonalTokens(t.deps, adminA, { userId: issuerA.userId })).rejects.toEqual(refused('not_found'));
  });

  it("listOrganizationTokens: the institution's own admin; refused another institution's", async () => {
    const tok = await makeApiToken(t.deps, { organizationId: a.id });
    expect((await listOrganizationTokens(t.deps, adminA, { organization: a.slug })).map((x) => x.id)).toEqual([tok.id]);
    expect((await listOrganizationTokens(t.deps, sysadmin, { organization: a.slug })).map((x) => x.id)).toEqual([tok.id]);
    await expect(listOrganizationTokens(t.deps, adminB, { organization: a.slug })).rejects.toEqual(refused('forbidden'));
    await expect(listOrganizationTokens(t.deps, issuerA, { organization: a.slug })).rejects.toEqual(refused('forbidden'));
  });

  it('listInstitutions and getInstitution: public information, for anyone', async () => {
    expect((await listInstitutions(t.deps, null)).map((o) => o.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect((await getInstitution(t.deps, null, { slug: b.slug })).id).toBe(b.id);
    await expect(getInstitution(t.deps, null, { slug: 'no-such-place' })).rejects.toEqual(refused('not_found'));
  });

  it("getEditableInstitution: one's own institution; refused another", async () => {
    expect((await getEditableInstitution(t.deps, adminA, { slug: a.slug })).id).toBe(a.id);
    expect((await getEditableInstitution(t.deps, sysadmin, { slug: b.slug })).id).toBe(b.id);
    await expect(getEditableInstitution(t.deps, adminA, { slug: b.slug })).rejects.toEqual(refused('forbidden'));
    await expect(getEditableInstitution(t.deps, issuerA, { slug: a.slug })).rejects.toEqual(refused('forbidden'));
  });

  it('listInstitutionSummaries: the system admin, with head counts; refused institution admins', async () => {
    const rows = await listInstitutionSummaries(t.deps, sysadmin);
    expect(rows.find((o) => o.id === a.id)?.people).toBe(3);
    await expect(listInstitutionSummaries(t.deps, adminA)).rejects.toEqual(refused('forbidden'));
  });

  it("listAuditEvents: the system admin only; an institution admin is refused even their own institution's events", async () => {
    const inB = await makeAuditEvent(t.deps, b);
    const inA = await makeAuditEvent(t.deps, a);
    const found = await listAuditEvents(t.deps, sysadmin, { action: inB.action, page: 1, perPage: 10 });
    expect(found.items.map((e) => e.id)).toEqual([inB.id]);
    expect(found.items[0]!.organizationName).toBe(b.name);
    await expect(listAuditEvents(t.deps, adminA, { action: inB.action, page: 1, perPage: 10 })).rejects.toEqual(refused('forbidden'));
    await expect(listAuditEvents(t.deps, adminA, { action: inA.action, page: 1, perPage: 10 })).rejects.toEqual(refused('forbidden'));
  });

  it('listMailMessages and readMailMessage: the system admin only', async () => {
    const inv = await inviteUser(t.deps, adminB, { organization: b.slug, email: 'mailbox-reader@factory.example.edu', role: 'issuer' });
    await t.app.laurel.worker.drain();
    const list = await listMailMessages(t.deps, sysadmin, { page: 1, perPage: 10, to: inv.email });
    expect(list.total).toBe(1);
    const id = list.items[0]!.file.replace(/\.eml$/, '');
    expect((await readMailMessage(t.deps, sysadmin, { id })).to).toContain(inv.email);
    expect((await readRawMailMessage(t.deps, sysadmin, { id })).raw.toString()).toContain('Subject:');
    await expect(readMailMessage(t.deps, sysadmin, { id: 'not-a-message' })).rejects.toEqual(refused('not_found'));
    await expect(listMailMessages(t.deps, adminB, { page: 1, perPage: 10 })).rejects.toEqual(refused('forbidden'));
    await expect(readMailMessage(t.deps, adminB, { id })).rejects.toEqual(refused('forbidden'));
    await expect(readRawMailMessage(t.deps, adminB, { id })).rejects.toEqual(refused('forbidden'));
  });
});
