// The reads the `laurel` command makes through the domain: users by email, an institution's keys, and
// the rows of a bulk upload — each refused to an actor who may not see them, on every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForEmail, findUserByEmail } from '../src/domain/accounts/find-user-by-email.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { listOrganizationKeys } from '../src/domain/credentials/list-organization-keys.ts';
import { createBatch } from '../src/domain/issuance/batches.ts';
import { listBatchRowsWithStatus } from '../src/domain/issuance/list-batch-rows-with-status.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { presentDemoUsers, seedDemoIfEmpty } from '../src/domain/seed/demo-on-start.ts';
import { DEMO_USERS } from '../src/domain/seed/demo.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { makeInstitution, makeMember, makeUser, regents } from './factories/organizations.ts';
import { makeBadgeClass } from './factories/awards.ts';

describe.each(DIALECTS)('CLI use cases on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
    await ensureRegents(t.deps);
  });
  afterAll(() => t.close());

  it('finds users by email for the system and system administrators only', async () => {
    const home = await makeInstitution(t.deps);
    const person = await makeMember(t.deps, home, 'issuer');
    const admin = await makeMember(t.deps, await regents(t.deps), 'system_admin');
    expect(await findUserByEmail(t.deps, SYSTEM, `  ${person.email.toUpperCase()} `)).toEqual({ id: person.userId });
    expect(await findUserByEmail(t.deps, admin, person.email)).toEqual({ id: person.userId });
    expect(await findUserByEmail(t.deps, SYSTEM, 'nobody@example.com')).toBeUndefined();
    expect((await actorForEmail(t.deps, SYSTEM, person.email))?.memberships.map((m) => m.role)).toEqual(['issuer']);
    const otherAdmin = await makeMember(t.deps, await makeInstitution(t.deps), 'institution_admin');
    await expect(findUserByEmail(t.deps, otherAdmin, person.email)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(actorForEmail(t.deps, person, person.email)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it("lists an institution's keys to system administrators, not to its own or another institution's admin", async () => {
    const org = await makeInstitution(t.deps);
    const listed = await listOrganizationKeys(t.deps, SYSTEM, { slug: org.slug });
    expect(listed?.did).toContain(`:orgs:${org.slug}`);
    expect(listed?.documentUrl).toBe(`${t.config.publicUrl}/orgs/${org.slug}/did.json`);
    expect(listed?.keys.map((k) => [k.id.endsWith('#key-1'), k.status])).toEqual([[true, 'active']]);
    expect(await listOrganizationKeys(t.deps, SYSTEM, { slug: 'nowhere' })).toBeUndefined();
    const own = await makeMember(t.deps, org, 'institution_admin');
    const other = await makeMember(t.deps, await makeInstitution(t.deps), 'institution_admin');
    await expect(listOrganizationKeys(t.deps, own, { slug: org.slug })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listOrganizationKeys(t.deps, other, { slug: org.slug })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it("shows an upload's rows by status to its institution's issuers only", async () => {
    const org = await makeInstitution(t.deps);
    const issuer = await makeMember(t.deps, org, 'issuer');
    const badgeClass = await makeBadgeClass(t.deps, org);
    const batch = await createBatch(t.deps, issuer, { badgeClassId: badgeClass.id, filename: 'c.csv', csv: 'recipient_email,first_name,last_name\nana@example.com,Ana,Ng\nnot-an-email,Bo,Li\n', notify: false });
    const invalid = await listBatchRowsWithStatus(t.deps, issuer, { batchId: batch.id, status: 'invalid', limit: 21 });
    expect(invalid.map((r) => [r.rowNumber, r.message])).toEqual([[3, expect.stringMatching(/Enter an email address/)]]);
    expect(await listBatchRowsWithStatus(t.deps, issuer, { batchId: batch.id, status: 'failed', limit: 21 })).toEqual([]);
    const elsewhere = await makeMember(t.deps, await makeInstitution(t.deps), 'issuer');
    await expect(listBatchRowsWithStatus(t.deps, elsewhere, { batchId: batch.id, status: 'invalid', limit: 21 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('seeds the demo data only into a database without users, and lists the demo users present', async () => {
    // This database already has users (made above), so nothing is seeded.
    await makeUser(t.deps);
    expect(await seedDemoIfEmpty(t.deps)).toBe(false);
    expect(await presentDemoUsers(t.deps)).toEqual([]);
    const empty = await makeTestApp(dialect, { seed: false });
    try {
      expect(await seedDemoIfEmpty(empty.deps)).toBe(true);
      expect((await presentDemoUsers(empty.deps)).map((u) => u.email)).toEqual(DEMO_USERS.map((u) => u.email));
    } finally {
      await empty.close();
    }
  }, 60_000);
});
